/**
 * Opens the client a command talks through: from the credentials the user set, or, when asked
 * with `--emulator` (or DATA8_EMULATOR=1), against an embedded emulator started on a free port
 * (how `npm start` works on a fresh clone with no account). Never the emulator by default: a
 * secret that failed to load must not turn a real run into a plausible fake one.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { Data8Client } from '../client.js';
import { ConfigError } from '../core/errors.js';
import { proxyPasswords } from '../transport/redact.js';
import type { Data8ClientOptions } from '../transport/options.js';
import { outputOf, type CliContext } from './context.js';
import { credentialsOf } from './credentials.js';
import type { Output } from './output.js';
import { requestLogger } from './request-log.js';
import { clientOptionsOf } from './settings/client-options.js';
import { settingsOf } from './settings/flags.js';
import type { EffectiveSettings } from './settings/resolve.js';

/** A connected client and whatever must be closed with it. */
export interface Session {
  readonly client: Data8Client;
  /** The embedded emulator's address, when the session runs against one. */
  readonly embeddedEmulatorUrl: string | undefined;
  /** The settings the client was made with. */
  readonly settings: EffectiveSettings;
  close(): Promise<void>;
}

/** How to open a session. */
export interface OpenSessionOptions {
  /** Run against an embedded emulator (`--emulator`, or DATA8_EMULATOR=1), whatever credentials are set. @default false */
  readonly emulator?: boolean;
  /** Where to say that an embedded emulator is in use; printed even with --quiet. */
  readonly notice?: (message: string) => void;
  /** Where an embedded emulator keeps its state, so an interrupted run can resume against it. @default a temporary directory */
  readonly embeddedDataDir?: string | undefined;
}

/** The variable that asks for the embedded emulator as `--emulator` does. */
export const EMULATOR_VARIABLE = 'DATA8_EMULATOR';

/** `--emulator`, or DATA8_EMULATOR set to 1 (or true). */
export function emulatorAsked(context: CliContext, flag: boolean | undefined): boolean {
  return flag === true || ['1', 'true'].includes((context.env[EMULATOR_VARIABLE] ?? '').trim().toLowerCase());
}

/** The words of the one line that says a run was served by the emulator, not by Data8. */
export function emulatorNotice(url: string): string {
  return `data8-batch: --emulator: running against an embedded emulator at ${url}; nothing is sent to Data8 and its results are made up`;
}

/** The client's `logger`: `--debug` lines, and notes of long retry waits. */
function loggerOf(context: CliContext, command: Command, settings: EffectiveSettings): Pick<Data8ClientOptions, 'logger'> {
  const flags = command.optsWithGlobals<{ debug?: boolean; quiet?: boolean; progress?: string; json?: boolean }>();
  const attempts = settings.get('retryAttempts');
  const logger = requestLogger({
    debug: flags.debug === true,
    // With --json a failure is a JSON object on stderr; what comes before it is JSON too.
    json: flags.progress === 'json' || flags.json === true,
    quiet: flags.quiet === true,
    maxAttempts: typeof attempts === 'number' ? attempts : 6,
    stderr: context.streams.stderr,
  });
  return logger === undefined ? {} : { logger };
}

/** Keeps every password the settings may carry out of what the command prints. */
function rememberSecrets(context: CliContext, settings: EffectiveSettings, clientOptions: Partial<Data8ClientOptions>): void {
  for (const password of proxyPasswords(clientOptions.proxy, context.env)) context.secrets.add(password);
  const redis = settings.get('redisUrl');
  if (typeof redis === 'string') for (const password of proxyPasswords(redis)) context.secrets.add(password);
}

/** Opens a session for `command`, with the settings of its flags, the environment and the profile. */
export async function openSession(context: CliContext, command: Command, options: OpenSessionOptions = {}): Promise<Session> {
  const settings = await settingsOf(command, context.env);
  const asked = options.emulator === true;
  // Asked for, the emulator is used whatever credentials are set: the notice says nothing reaches Data8.
  const credentials = asked ? undefined : await credentialsOf(settings, context.env);
  if (credentials === undefined && !asked) throw new ConfigError(noCredentials(options.emulator !== undefined));
  const clientOptions = { ...(await clientOptionsOf(settings)), ...loggerOf(context, command, settings) };
  rememberSecrets(context, settings, clientOptions);
  if (credentials !== undefined) {
    context.secrets.add(credentials.clientSecret);
    const client = new Data8Client({
      ...clientOptions,
      apiUrl: credentials.apiUrl,
      ...(credentials.authUrl === undefined ? {} : { authUrl: credentials.authUrl }),
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
    });
    return { client, embeddedEmulatorUrl: undefined, settings, close: () => client.close() };
  }
  // Loaded only when needed: the emulator (fastify and its plugins) is most of the start-up time.
  const { startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({
    port: 0,
    logger: false,
    ...(options.embeddedDataDir === undefined ? {} : { dataDir: options.embeddedDataDir }),
  });
  context.secrets.add(emulator.credentials.clientSecret);
  options.notice?.(emulatorNotice(emulator.url));
  // The embedded emulator is in this process, on loopback: never through a proxy.
  const client = new Data8Client({ ...clientOptions, proxy: false, apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials });
  return {
    client,
    embeddedEmulatorUrl: emulator.url,
    settings,
    close: async () => {
      try {
        await client.close();
      } finally {
        await emulator.close();
      }
    },
  };
}

function noCredentials(emulatorPossible: boolean): string {
  return (
    'no credentials: set DATA8_CLIENT_ID, DATA8_CLIENT_SECRET and DATA8_API_URL (and DATA8_AUTH_URL), or pass --credentials <file> ' +
    '(or name one in a profile: --profile, DATA8_PROFILE)' +
    (emulatorPossible ? `; to try the command against an embedded emulator instead, pass --emulator (or set ${EMULATOR_VARIABLE}=1)` : '')
  );
}

/** Runs `body` with a session and the command's output, closing the session afterwards. */
export async function withSession(
  context: CliContext,
  command: Command,
  body: (client: Data8Client, output: Output) => Promise<void>,
): Promise<void> {
  const session = await openSession(context, command);
  try {
    await body(session.client, outputOf(context, command));
  } finally {
    await session.close();
  }
}
