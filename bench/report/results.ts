/**
 * The shape of `bench/results/report.json` and the look-ups the report is built from.
 */
import type { PhaseFigures, PhaseName, ScenarioResult } from '../measure.js';
import type { BenchOptions, Latency } from '../options.js';

/** One scenario process's run. */
export interface ScenarioRun {
  /** The scenario file under `bench/scenarios/`. */
  readonly scenario: string;
  readonly latency: Latency;
  readonly records: number;
  readonly fileBytes: number;
  readonly result: ScenarioResult;
  /** CPU time of the emulator process during the run (it shares the machine's cores with the client). */
  readonly emulatorCpuMs?: number | undefined;
}

/** The machine the figures were measured on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
  /** The one-minute load average when the run started: other work on the machine skews figures. */
  readonly loadAverage: number;
}

/** One goal and whether the run met it. */
export interface GoalOutcome {
  readonly goal: string;
  readonly target: string;
  readonly measured: string;
  /** `PASS`, `FALL SHORT`, or `NOT MEASURED` when the run lacked the scenarios it needs. */
  readonly outcome: 'PASS' | 'FALL SHORT' | 'NOT MEASURED';
}

export interface BenchResults {
  readonly startedAt: string;
  readonly command: string;
  /** The commit measured (`git describe --always --dirty`), when the bench runs in a git checkout. */
  readonly commit: string | undefined;
  readonly machine: Machine;
  readonly options: BenchOptions;
  /** The run of each scenario the report uses: the fastest of its attempts. */
  readonly runs: readonly ScenarioRun[];
  /** Every run, when scenarios ran more than once (`--repeat`). */
  readonly attempts: readonly ScenarioRun[];
  /** The headline ratios (bare loopback for the limit and minimal client, the round trip for naive). */
  readonly ratios: Readonly<Record<string, number | null>>;
  /** Every ratio per latency label. */
  readonly ratiosByLatency: Readonly<Record<string, Readonly<Record<string, number | null>>>>;
  readonly goals: readonly GoalOutcome[];
}

/** Records per second of a phase. */
export function recordsPerSecond(phase: PhaseFigures): number {
  return phase.records / (phase.ms / 1000);
}

/** The run of `scenario` at `records` and `latency`, when there is one. */
export function findRun(runs: readonly ScenarioRun[], scenario: string, records: number, latency: Latency): ScenarioRun | undefined {
  return runs.find((run) => run.scenario === scenario && run.records === records && sameLatency(run.latency, latency));
}

/** A phase of a scenario run, when it was measured. */
export function findPhase(runs: readonly ScenarioRun[], scenario: string, records: number, latency: Latency, phase: PhaseName): PhaseFigures | undefined {
  return findRun(runs, scenario, records, latency)?.result.phases[phase];
}

function sameLatency(a: Latency, b: Latency): boolean {
  return (a?.join('-') ?? null) === (b?.join('-') ?? null);
}

/** Time a run took: its whole (end to end) when measured, else the sum of its phases. */
export function runMs(run: ScenarioRun): number {
  const { phases } = run.result;
  return phases.endToEnd?.ms ?? Object.values(phases).reduce((sum, phase) => sum + phase.ms, 0);
}

/** The fastest attempt of each scenario, records and latency, in the order they first ran. */
export function fastestRuns(attempts: readonly ScenarioRun[]): ScenarioRun[] {
  const best: ScenarioRun[] = [];
  for (const attempt of attempts) {
    const index = best.findIndex((run) => run.scenario === attempt.scenario && run.records === attempt.records && sameLatency(run.latency, attempt.latency));
    if (index === -1) best.push(attempt);
    else if (runMs(attempt) < runMs(best[index]!)) best[index] = attempt;
  }
  return best;
}
