/**
 * An ava macro giving each client test a fresh emulator on a free port and a `Data8Client`
 * pointed at it, with fast retries and every log entry kept in `logs`.
 */
import test, { type ExecutionContext } from 'ava';
import type { EmulatorOptions } from '../../lib/emulator/index.js';
import { Data8Client, type Data8ClientOptions, type LogEntry } from '../../lib/index.js';
import { fixtureFor, type EmulatorFixture } from '../helpers/emulator.js';
import { startEmulator } from '../../lib/emulator/index.js';

/** What each client test gets. */
export interface ClientFixture {
  readonly emu: EmulatorFixture;
  readonly client: Data8Client;
  readonly logs: LogEntry[];
  /** Another client on the same emulator, closed after the test. */
  readonly makeClient: (options?: Partial<Data8ClientOptions>) => Data8Client;
}

/** Quick retries, so that retry tests take milliseconds (Retry-After still applies). */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 40 } as const;

type Implementation = (t: ExecutionContext, fixture: ClientFixture) => Promise<void>;

/** A fresh emulator with `emulatorOptions` and a client with `clientOptions`, both closed after the test. */
export function withClientOptions(clientOptions: Partial<Data8ClientOptions> = {}, emulatorOptions: EmulatorOptions = {}) {
  return test.macro(async (t, implementation: Implementation) => {
    const emulator = await startEmulator(emulatorOptions);
    const clients: Data8Client[] = [];
    const logs: LogEntry[] = [];
    const makeClient = (options: Partial<Data8ClientOptions> = {}): Data8Client => {
      const client = new Data8Client({
        apiUrl: emulator.url,
        authUrl: emulator.url,
        ...emulator.credentials,
        retry: FAST_RETRY,
        logger: (entry) => logs.push(entry),
        ...clientOptions,
        ...options,
      });
      clients.push(client);
      return client;
    };
    try {
      await implementation(t, { emu: fixtureFor(emulator), client: makeClient(), logs, makeClient });
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await emulator.close();
    }
  });
}

/** A fresh emulator and a client with the fixture's defaults. */
export const withClient = withClientOptions();

/** Collects an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
