/**
 * The two ends of a scenario process. The bench forks one process per scenario, so peak RSS
 * and CPU time are that scenario's own; the scenario reads its settings from the environment
 * (never argv: it carries the emulator's credentials) and sends its figures back over IPC.
 */
import { fork } from 'node:child_process';
import { Meter, type ScenarioResult } from './measure.js';
import { CHILD_LOADER, scenarioPath } from './paths.js';

/** What every scenario is given. */
export interface ScenarioInput {
  /** The contacts CSV file. */
  readonly file: string;
  readonly records: number;
  readonly fileBytes: number;
  /** The emulator's base URL; absent for the no-network limit. */
  readonly apiUrl?: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The round trip the emulator adds, `[min, max]` ms, or null on bare loopback. */
  readonly latencyMs: readonly [number, number] | null;
  /** Blocks (and pages) in flight at once, the same for every client. */
  readonly concurrency: number;
  readonly workflow: string;
  /** A prefix unique to this run for dataset and job names. */
  readonly runName: string;
  /** Where a scenario writes output files. */
  readonly outputDir: string;
}

const ENV_KEY = 'DATA8_BENCH_SCENARIO';

/** Runs a scenario file's body inside its process and reports its figures to the bench. */
export function scenarioMain(run: (input: ScenarioInput, meter: Meter) => Promise<Record<string, unknown>>): void {
  const input = JSON.parse(process.env[ENV_KEY] ?? 'null') as ScenarioInput | null;
  if (input === null || process.send === undefined) {
    process.stderr.write('A scenario runs inside `npm run bench`, which starts it.\n');
    process.exit(2);
  }
  const meter = new Meter(input.fileBytes / input.records);
  run(input, meter).then(
    (details) => process.send!({ ok: true, result: meter.finish(details) }, () => process.exit(0)),
    (error: unknown) => {
      process.send!({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
        process.exit(1),
      );
    },
  );
}

type ScenarioMessage = { ok: true; result: ScenarioResult } | { ok: false; error: string };

/** Starts `bench/scenarios/<file>` in its own process and waits for its figures. */
export function runScenarioProcess(file: string, input: ScenarioInput, nodeOptions: readonly string[] = []): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const child = fork(scenarioPath(file), [], {
      execArgv: [...CHILD_LOADER, ...nodeOptions],
      env: { ...process.env, [ENV_KEY]: JSON.stringify(input) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let message: ScenarioMessage | undefined;
    child.on('message', (received) => (message = received as ScenarioMessage));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (message?.ok === true) resolve(message.result);
      else reject(new Error(`scenario ${file} failed (${signal ?? `exit ${code}`})${message ? `:\n${message.error}` : ''}`));
    });
  });
}
