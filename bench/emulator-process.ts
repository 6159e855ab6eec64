/**
 * The emulator in its own process, so its CPU time and memory are never counted as the client's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { CHILD_LOADER, ROOT, benchPath } from './paths.js';

/** How the emulator is started. */
export interface EmulatorProcessOptions {
  /** Added latency per request, `[min, max]` ms; none when absent. */
  readonly latencyMs?: readonly [number, number] | undefined;
  /** The rest of `--faults` (e.g. `429=0.1,503=0.05,drop=0.02`). */
  readonly faults?: string | undefined;
  readonly tokenTtlSeconds?: number | undefined;
  readonly seed?: number | undefined;
}

/** A running emulator process. */
export interface EmulatorProcess {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly pid: number;
  /** CPU time (user + system) the emulator process used so far, in ms; undefined off Linux. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

/** Starts the emulator on a free port and resolves once it prints where it listens. */
export async function startEmulatorProcess(options: EmulatorProcessOptions = {}): Promise<EmulatorProcess> {
  const faults = [options.faults, options.latencyMs ? `latency=${options.latencyMs[0]}-${options.latencyMs[1]}` : undefined]
    .filter((part) => part !== undefined && part !== '')
    .join(',');
  const args = [
    ...CHILD_LOADER,
    benchPath('emulator-main'),
    ...(faults === '' ? [] : ['--faults', faults]),
    ...(options.tokenTtlSeconds === undefined ? [] : ['--token-ttl', String(options.tokenTtlSeconds)]),
    ...(options.seed === undefined ? [] : ['--seed', String(options.seed)]),
  ];
  // Credentials travel in the environment, never in argv.
  const clientId = 'bench-client';
  const clientSecret = randomBytes(18).toString('base64url');
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, DATA8_CLIENT_ID: clientId, DATA8_CLIENT_SECRET: clientSecret },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await listeningUrl(child);
  return {
    url,
    clientId,
    clientSecret,
    pid: child.pid!,
    cpuMs: () => processCpuMs(child.pid!),
    stop: () => stopProcess(child),
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const onExit = (code: number | null): void => reject(new Error(`the emulator exited (${code}) before listening`));
    child.once('exit', onExit);
    child.once('error', reject);
    lines.once('line', (line) => {
      child.off('exit', onExit);
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1]!);
      else reject(new Error(`unexpected first line from the emulator: ${line}`));
      // Keep draining its output so a chatty emulator never blocks on a full pipe.
      child.stdout!.resume();
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** utime + stime of a process from /proc (Linux), in ms. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks / 100) * 1000;
  } catch {
    return undefined;
  }
}
