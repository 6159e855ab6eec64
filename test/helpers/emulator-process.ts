/**
 * The emulator as a process of its own (`data8-batch emulator --data DIR`), so a test can kill
 * it and start it again on the same port and data directory, as an operator restarting the
 * service would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../lib/cli/main.ts', import.meta.url));

/** A running emulator process. */
export interface EmulatorProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Sends `signal` and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Options of {@link startEmulatorProcess}. */
export interface EmulatorProcessOptions {
  readonly dataDir: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Extra flags (`--faults`, `--token-ttl`, `--seed`). */
  readonly args?: readonly string[];
  /** Extra environment: DATA8_CLIENT_ID / DATA8_CLIENT_SECRET for the account's credential. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts the emulator process and waits for its address line. */
export async function startEmulatorProcess(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, 'emulator', '--port', String(options.port ?? 0), '--data', options.dataDir, ...(options.args ?? [])],
    { env: { ...process.env, DATA8_CLIENT_ID: '', DATA8_CLIENT_SECRET: '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`the emulator exited (${String(code ?? signal)}) before listening:\n${output}`)));
  });
  const exited = once(child, 'exit');
  return {
    url,
    port: Number(new URL(url).port),
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
