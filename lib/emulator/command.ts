/**
 * `data8-batch emulator`: starts the emulator from the command line (contract, "What the
 * emulator adds", "Starting it"), prints `data8-batch emulator listening on http://HOST:PORT`
 * (`https://` with `--cert` and `--key`)
 * as its first line, and stops cleanly on SIGINT or SIGTERM. Secrets come from the environment
 * (DATA8_CLIENT_ID / DATA8_CLIENT_SECRET), never from arguments.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../core/errors.js';
import { parseFaultSpec } from './faults/check.js';
import { DEFAULT_CREDENTIALS } from './options.js';
import { startEmulator } from './lazy-start.js';

/** Options of {@link runEmulatorCommand}; numbers may come as the command line's strings. */
export interface EmulatorCommandOptions {
  /** `--host`. @default '127.0.0.1' */
  readonly host?: string;
  /** `--port`; 0 picks a free port. @default 0 */
  readonly port?: number | string;
  /** `--data DIR`: keep state across restarts. @default a temporary directory */
  readonly dataDir?: string;
  /** `--faults 429=0.1,503=0.05,drop=0.02,latency=0-30`. */
  readonly faults?: string;
  /** `--max-in-flight N`: answer 429 above N API requests in flight (the service's concurrency limit). @default unlimited */
  readonly maxInFlight?: number | string;
  /** `--token-ttl S`: token lifetime in seconds. @default 3600 */
  readonly tokenTtl?: number | string;
  /** `--seed N`: repeat a run's faults. @default random (printed) */
  readonly seed?: number | string;
  /** `--cert FILE`: serve HTTPS with this PEM certificate (with `keyFile`). */
  readonly certFile?: string;
  /** `--key FILE`: the certificate's PEM private key. */
  readonly keyFile?: string;
  /** Where the lines go. @default process.stdout */
  readonly stdout?: NodeJS.WritableStream;
  /** Stops the emulator when aborted (besides SIGINT and SIGTERM). */
  readonly signal?: AbortSignal;
}

function integerOption(flag: string, value: number | string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError(`${flag} must be a whole number from ${min} to ${max}; got "${String(value)}".`);
  }
  return number;
}

async function readTls(certFile: string | undefined, keyFile: string | undefined): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    throw new ConfigError(`--cert and --key go together: ${certFile === undefined ? '--cert' : '--key'} is missing`);
  }
  const read = async (flag: string, file: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new ConfigError(`${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  };
  return { cert: await read('--cert', certFile), key: await read('--key', keyFile) };
}

/** Runs the emulator until SIGINT, SIGTERM or `signal`; resolves once it has stopped. */
export async function runEmulatorCommand(options: EmulatorCommandOptions = {}): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const port = integerOption('--port', options.port, 0, 65535);
  const tokenTtlSeconds = integerOption('--token-ttl', options.tokenTtl, 1, 31_536_000);
  const seed = integerOption('--seed', options.seed, 0, 2 ** 31 - 1);
  const maxInFlight = integerOption('--max-in-flight', options.maxInFlight, 1, 1_000_000);
  const spec = options.faults === undefined ? undefined : parseFaultSpec(options.faults);
  const faults = maxInFlight === undefined ? spec : { ...spec, maxInFlight };
  const tls = await readTls(options.certFile, options.keyFile);

  const emulator = await startEmulator({
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(port === undefined ? {} : { port }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(tokenTtlSeconds === undefined ? {} : { tokenTtlSeconds }),
    ...(seed === undefined ? {} : { seed }),
    ...(faults === undefined ? {} : { faults }),
    ...(tls === undefined ? {} : { tls }),
  });
  const development = emulator.credentials.clientId === DEFAULT_CREDENTIALS.clientId && emulator.credentials.clientSecret === DEFAULT_CREDENTIALS.clientSecret;
  stdout.write(`data8-batch emulator listening on ${emulator.url}\n`);
  stdout.write(
    development
      ? `client id: ${DEFAULT_CREDENTIALS.clientId}, client secret: ${DEFAULT_CREDENTIALS.clientSecret} (development defaults)\n`
      : `client id: ${emulator.credentials.clientId}, client secret: from DATA8_CLIENT_SECRET\n`,
  );
  stdout.write(`data: ${emulator.dataDir}${options.dataDir === undefined ? ' (temporary)' : ''}, seed: ${emulator.randomSeed}\n`);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      options.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop);
  });
  await emulator.close();
  stdout.write('data8-batch emulator stopped\n');
}
