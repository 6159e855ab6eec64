/**
 * Opens the client a command talks through: from the credentials the user set, or, for
 * `cleanse` with no credentials at all, against an embedded emulator started on a free port
 * (so `npm start` works on a fresh clone with no account).
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
  /** Start an embedded emulator when no credentials are set. @default false */
  readonly embedWithoutCredentials?: boolean;
  /** Where to say that an embedded emulator is in use. */
  readonly note?: (message: string) => void;
  /** Where an embedded emulator keeps its state, so an interrupted run can resume against it. @default a temporary directory */
  readonly embeddedDataDir?: string | undefined;
}

const NO_CREDENTIALS =
  'no credentials: set DATA8_CLIENT_ID, DATA8_CLIENT_SECRET and DATA8_API_URL (and DATA8_AUTH_URL), or pass --credentials <file>';

/** Opens a session for `command`, from `--credentials` or the environment. */
export async function openSession(context: CliContext, command: Command, options: OpenSessionOptions = {}): Promise<Session> {
  const credentials = await loadCredentials(context.env, globalOptions(command).credentials);
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
  if (options.embedWithoutCredentials !== true) throw new ConfigError(NO_CREDENTIALS);
  // Loaded only when needed: the emulator (fastify and its plugins) is most of the start-up time.
  const { startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({
    port: 0,
    logger: false,
    ...(options.embeddedDataDir === undefined ? {} : { dataDir: options.embeddedDataDir }),
  });
  context.secrets.add(emulator.credentials.clientSecret);
  options.note?.(`No credentials set (DATA8_CLIENT_ID, DATA8_CLIENT_SECRET, DATA8_API_URL): using an embedded emulator at ${emulator.url}`);
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
