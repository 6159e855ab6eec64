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
}

/** The machine the figures were measured on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
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
  readonly machine: Machine;
  readonly options: BenchOptions;
  readonly runs: readonly ScenarioRun[];
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
  return runs.find(
    (run) => run.scenario === scenario && run.records === records && (run.latency?.join('-') ?? null) === (latency?.join('-') ?? null),
  );
}

/** A phase of a scenario run, when it was measured. */
export function findPhase(runs: readonly ScenarioRun[], scenario: string, records: number, latency: Latency, phase: PhaseName): PhaseFigures | undefined {
  return findRun(runs, scenario, records, latency)?.result.phases[phase];
}
