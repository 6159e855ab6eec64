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
import { globalOptions, outputOf, type CliContext } from './context.js';
import { loadCredentials } from './credentials.js';
import type { Output } from './output.js';

/** A connected client and whatever must be closed with it. */
export interface Session {
  readonly client: Data8Client;
  /** The embedded emulator's address, when the session runs against one. */
  readonly embeddedEmulatorUrl: string | undefined;
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

/** Opens a session for `command`, from `--credentials` or the environment. */
export async function openSession(context: CliContext, command: Command, options: OpenSessionOptions = {}): Promise<Session> {
  const asked = options.emulator === true;
  // Asked for, the emulator is used whatever credentials are set: the notice says nothing reaches Data8.
  const credentials = asked ? undefined : await loadCredentials(context.env, globalOptions(command).credentials);
  if (credentials === undefined && !asked) throw new ConfigError(noCredentials(options.emulator !== undefined));
  if (credentials !== undefined) {
    context.secrets.add(credentials.clientSecret);
    const client = new Data8Client({
      apiUrl: credentials.apiUrl,
      ...(credentials.authUrl === undefined ? {} : { authUrl: credentials.authUrl }),
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
    });
    return { client, embeddedEmulatorUrl: undefined, close: () => client.close() };
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
  const client = new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials });
  return {
    client,
    embeddedEmulatorUrl: emulator.url,
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
    'no credentials: set DATA8_CLIENT_ID, DATA8_CLIENT_SECRET and DATA8_API_URL (and DATA8_AUTH_URL), or pass --credentials <file>' +
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
