/**
 * Runs the built `data8-batch` command (dist/cli/main.js) as a child process, the way users
 * run it, against an emulator started in the test process on a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import type { ProgressEvent } from '../../../lib/streams/progress.js';
import { startEmulator } from '../../../lib/emulator/index.js';

export const MAIN = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** A secret that must never appear in anything the command prints. */
export const CANARY_SECRET = 'canary-Secret-9f27c1e4-do-not-print';
export const CANARY_CLIENT = 'canary-client';

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Extra environment (DATA8_* variables); the parent's DATA8_* variables are never inherited. */
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string | Buffer;
  readonly cwd?: string;
}

/**
 * What the machine running the tests may set that would change the command's behaviour: its
 * proxy (the emulator is on loopback) and its extra CAs. A test that wants them passes them.
 */
const AMBIENT = new Set(['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'NODE_EXTRA_CA_CERTS', 'XDG_CONFIG_HOME']);
const EMPTY_CONFIG_HOME = path.join(tmpdir(), 'data8-batch-tests-no-config');

/** The parent's environment without any DATA8_* variable or {@link AMBIENT} setting, plus `extra`. */
export function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('DATA8_') && !name.startsWith('DATAGROUP_') && !AMBIENT.has(name.toUpperCase())) env[name] = value;
  }
  // A config directory of the test's own: the developer's profiles must not reach the command.
  return { ...env, NO_COLOR: '1', XDG_CONFIG_HOME: EMPTY_CONFIG_HOME, ...extra };
}

/** A running command: the child, its output so far, and its end. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** What it printed so far. */
  readonly printed: { readonly stdout: string; readonly stderr: string };
  readonly result: Promise<CliResult>;
}

/** Starts the command; the caller decides when to wait for {@link RunningCli.result}. */
export function startCli(args: readonly string[], options: RunOptions = {}): RunningCli {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: childEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.stdin ?? '');
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    get printed() {
      return { stdout, stderr };
    },
    result,
  };
}

/**
 * Waits until the command has printed a progress event (with `--progress json`) that
 * `accept` takes; fails when the command ends first.
 */
export async function waitForProgress(running: RunningCli, accept: (event: ProgressEvent) => boolean, timeoutMs = 60_000): Promise<ProgressEvent> {
  const state = { ended: false };
  void running.result.finally(() => (state.ended = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const line of running.printed.stderr.split('\n')) {
      if (!line.startsWith('{"phase"')) continue;
      const event = JSON.parse(line) as ProgressEvent;
      if (accept(event)) return event;
    }
    if (state.ended) throw new Error(`the command ended before the awaited progress:\n${running.printed.stderr.slice(-2000)}`);
    if (Date.now() > deadline) throw new Error('no such progress event in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs the command to the end. */
export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/** An emulator for one test, with the canary credentials, closed when the test ends. */
export async function useEmulator(t: ExecutionContext, options: Parameters<typeof startEmulator>[0] = {}) {
  const emulator = await startEmulator({ credentials: { clientId: CANARY_CLIENT, clientSecret: CANARY_SECRET }, ...options });
  t.teardown(() => emulator.close());
  const env = {
    DATA8_API_URL: emulator.url,
    DATA8_AUTH_URL: emulator.url,
    DATA8_CLIENT_ID: emulator.credentials.clientId,
    DATA8_CLIENT_SECRET: emulator.credentials.clientSecret,
  };
  return { emulator, env };
}

/** A temporary directory for one test, removed when it ends. */
export async function useTempDir(t: ExecutionContext): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'data8-cli-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

/** Fails the test when the canary secret appears in anything the command printed. */
export function assertNoSecret(t: ExecutionContext, result: CliResult): void {
  t.false(result.stdout.includes(CANARY_SECRET), 'the client secret appeared on stdout');
  t.false(result.stderr.includes(CANARY_SECRET), 'the client secret appeared on stderr');
}

/** A readable account of a run, for assertion messages. */
export function explain(result: CliResult): string {
  return `exit ${String(result.code ?? result.signal)}\n--- stdout ---\n${result.stdout.slice(0, 4000)}\n--- stderr ---\n${result.stderr.slice(0, 4000)}`;
}


/** The failure a command printed as JSON on stderr (`--json`, `--progress json`): its one `{"error": ...}` line. */
export interface JsonFailure {
  readonly code: string;
  readonly message: string;
  readonly exitCode: number;
  readonly hint?: string;
  readonly [fact: string]: unknown;
}

/** Every stderr line parsed as JSON; throws (failing the test) when a line is not JSON. */
export function jsonLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`a stderr line is not JSON: ${line}`);
      }
    });
}

/** The `{"error": ...}` object on stderr; throws when there is none. */
export function jsonFailure(stderr: string): JsonFailure {
  const found = jsonLines(stderr).filter((line) => 'error' in line);
  if (found.length !== 1) throw new Error(`expected one {"error": ...} line on stderr, found ${found.length}:\n${stderr.slice(-2000)}`);
  return found[0]?.['error'] as JsonFailure;
}

/** The messages of the `{"event": "note"}` and `{"event": "notice"}` lines on stderr. */
export function jsonNotes(stderr: string): string[] {
  return jsonLines(stderr).flatMap((line) => (line['event'] === 'note' || line['event'] === 'notice' ? [String(line['message'])] : []));
}
