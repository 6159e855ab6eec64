/**
 * Ratios between scenarios and the goals of the bench, computed from one run's figures.
 * Ratios of speed are of records per second; `peakRssVsNaive` is of peak RSS (lower is better).
 */
import type { BenchOptions, Latency } from '../options.js';
import { latencyLabel } from '../options.js';
import type { PhaseName } from '../measure.js';
import type { GoalOutcome, ScenarioRun } from './results.js';
import { findPhase, findRun, recordsPerSecond } from './results.js';

/** Growth of peak RSS from the smallest to the largest run that still counts as flat. */
export const FLAT_RSS_BYTES = 8 * 1024 * 1024;

type Ratios = Record<string, number | null>;

function ratio(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined || b === 0 ? null : a / b;
}

/** The no-network limit: the library's own record path when it was measured, else the hand-written one. */
function limitRate(runs: readonly ScenarioRun[], records: number): number | undefined {
  const phase = findPhase(runs, 'limit-library', records, null, 'limit') ?? findPhase(runs, 'limit-hand-written', records, null, 'limit');
  return phase && recordsPerSecond(phase);
}

/** Records per CPU-second of the no-network limit (the same choice of limit as {@link limitRate}). */
function limitEfficiency(runs: readonly ScenarioRun[], records: number): number | undefined {
  const phase = findPhase(runs, 'limit-library', records, null, 'limit') ?? findPhase(runs, 'limit-hand-written', records, null, 'limit');
  return phase && phase.records / phase.cpuMs;
}

/** The emulator's in-flight limit in the `limited` scenarios (bench/run.ts, `inflight=6`). */
export const SERVICE_LIMIT = 6;

/** The ratios of the default-option scenarios, which compare runs at different latencies. */
export function windowRatios(runs: readonly ScenarioRun[], records: number, roundTrip: Latency): Ratios {
  const rate = (scenario: string, latency: Latency, phase: PhaseName): number | undefined => {
    const figures = findPhase(runs, scenario, records, latency, phase);
    return figures && recordsPerSecond(figures);
  };
  const upload = findPhase(runs, 'defaults', records, null, 'upload');
  const limited = (scenario: string): number | undefined => {
    const run = findRun(runs, scenario, records, roundTrip);
    const upload = run?.result.phases.upload;
    const download = run?.result.phases.download;
    return upload && download ? (upload.records + download.records) / ((upload.ms + download.ms) / 1000) : undefined;
  };
  const limitedRun = findRun(runs, 'limited', records, roundTrip);
  const details = limitedRun?.result.details as { requests?: number; retries?: number } | undefined;
  return {
    uploadRttVsLoopback: ratio(rate('defaults', roundTrip, 'upload'), rate('defaults', null, 'upload')),
    downloadRttVsLoopback: ratio(rate('defaults', roundTrip, 'download'), rate('defaults', null, 'download')),
    uploadRttVsMinimal: ratio(rate('defaults', roundTrip, 'upload'), rate('minimal', roundTrip, 'upload')),
    downloadRttVsMinimal: ratio(rate('defaults', roundTrip, 'download'), rate('minimal', roundTrip, 'download')),
    endToEndVsNaive: ratiosAt(runs, records, roundTrip).endToEndVsNaive ?? null,
    uploadVsLimitPerCpu: ratio(upload && upload.records / upload.cpuMs, limitEfficiency(runs, records)),
    plainUploadVsBatches: ratio(rate('defaults', null, 'uploadPlain'), rate('defaults', null, 'uploadBatches')),
    plainDownloadVsPages: ratio(rate('defaults', null, 'downloadPlain'), rate('defaults', null, 'downloadPages')),
    limitedVsFixedAtLimit: ratio(limited('limited'), limited('limited-fixed')),
    limitedRetriesPerRequest: details?.requests === undefined || details.retries === undefined ? null : details.retries / details.requests,
  };
}

/** Every ratio at one record count and latency. */
export function ratiosAt(runs: readonly ScenarioRun[], records: number, latency: Latency): Ratios {
  const rate = (scenario: string, phase: 'upload' | 'download' | 'endToEnd'): number | undefined => {
    const figures = findPhase(runs, scenario, records, latency, phase);
    return figures && recordsPerSecond(figures);
  };
  const handLimit = findPhase(runs, 'limit-hand-written', records, null, 'limit');
  /** Records per CPU-second of the client process. */
  const efficiency = (scenario: string, phase: 'upload' | 'download'): number | undefined => {
    const figures = findPhase(runs, scenario, records, latency, phase);
    return figures && figures.records / figures.cpuMs;
  };
  return {
    uploadVsLimit: ratio(rate('library', 'upload'), limitRate(runs, records)),
    uploadVsHandWrittenLimit: ratio(rate('library', 'upload'), handLimit && recordsPerSecond(handLimit)),
    uploadVsMinimal: ratio(rate('library', 'upload'), rate('minimal', 'upload')),
    downloadVsMinimal: ratio(rate('library', 'download'), rate('minimal', 'download')),
    uploadCpuEfficiencyVsLimit: ratio(efficiency('library', 'upload'), limitEfficiency(runs, records)),
    uploadCpuEfficiencyVsMinimal: ratio(efficiency('library', 'upload'), efficiency('minimal', 'upload')),
    downloadCpuEfficiencyVsMinimal: ratio(efficiency('library', 'download'), efficiency('minimal', 'download')),
    uploadVsNaive: ratio(rate('library', 'upload'), rate('naive', 'upload')),
    downloadVsNaive: ratio(rate('library', 'download'), rate('naive', 'download')),
    endToEndVsNaive: ratio(rate('cleanse', 'endToEnd'), rate('naive', 'endToEnd')),
    peakRssVsNaive: ratio(
      findRun(runs, 'cleanse', records, latency)?.result.peakRssBytes,
      findRun(runs, 'naive', records, latency)?.result.peakRssBytes,
    ),
  };
}

/** The headline ratios: limit and minimal client on bare loopback, naive with the round trip. */
export function headlineRatios(options: BenchOptions, runs: readonly ScenarioRun[]): Ratios {
  const records = options.records.at(-1)!;
  const loopback = options.latencies.includes(null) ? null : options.latencies[0]!;
  const roundTrip = options.latencies.find((latency) => latency !== null) ?? loopback;
  const near = ratiosAt(runs, records, loopback);
  const far = ratiosAt(runs, records, roundTrip);
  return {
    uploadVsLimit: near.uploadVsLimit ?? null,
    uploadVsHandWrittenLimit: near.uploadVsHandWrittenLimit ?? null,
    uploadVsMinimal: near.uploadVsMinimal ?? null,
    downloadVsMinimal: near.downloadVsMinimal ?? null,
    uploadCpuEfficiencyVsLimit: near.uploadCpuEfficiencyVsLimit ?? null,
    uploadCpuEfficiencyVsMinimal: near.uploadCpuEfficiencyVsMinimal ?? null,
    downloadCpuEfficiencyVsMinimal: near.downloadCpuEfficiencyVsMinimal ?? null,
    uploadVsNaive: far.uploadVsNaive ?? null,
    downloadVsNaive: far.downloadVsNaive ?? null,
    peakRssVsNaive: far.peakRssVsNaive ?? null,
    ...windowRatios(runs, records, roundTrip),
  };
}

function atLeast(goal: string, measured: number | null, target: number): GoalOutcome {
  return {
    goal,
    target: `≥ ${target} ×`,
    measured: measured === null ? '—' : `${measured.toFixed(2)} ×`,
    outcome: measured === null ? 'NOT MEASURED' : measured >= target ? 'PASS' : 'FALL SHORT',
  };
}

/** Peak RSS of each library scenario (streams, then `cleanse()`) at the largest run against the smallest. */
function flatMemory(options: BenchOptions, runs: readonly ScenarioRun[], latency: Latency): GoalOutcome[] {
  const [smallest, largest] = options.records.length > 1 ? [options.records[0]!, options.records.at(-1)!] : [100_000, 10_000_000];
  const target = `≤ +${FLAT_RSS_BYTES / 1024 / 1024} MB`;
  const goal = (label: string): string =>
    `${label} peak RSS flat from ${smallest.toLocaleString('en-GB')} to ${largest.toLocaleString('en-GB')} records (${latencyLabel(latency)})`;
  const peaks = (scenario: string): [number, number] | undefined => {
    const measuredHere = runs.filter((run) => run.scenario === scenario && latencyLabel(run.latency) === latencyLabel(latency));
    const byRecords = options.records.map((records) => measuredHere.filter((run) => run.records === records));
    const smallest = byRecords[0]!.map((run) => run.result.peakRssBytes);
    const largest = byRecords.at(-1)!.map((run) => run.result.peakRssBytes);
    return smallest.length > 0 && largest.length > 0 ? [Math.max(...smallest), Math.max(...largest)] : undefined;
  };
  const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
  const outcomes: GoalOutcome[] = [];
  for (const [scenario, label] of [['library', 'library streams'], ['defaults', 'streams at their defaults'], ['cleanse', '`cleanse()`']] as const) {
    const measured = options.records.length > 1 ? peaks(scenario) : undefined;
    if (!measured) continue;
    const growth = measured[1] - measured[0];
    outcomes.push({
      goal: goal(label),
      target,
      measured: `${mb(measured[0])} → ${mb(measured[1])} MB (${growth >= 0 ? '+' : ''}${mb(growth)})`,
      outcome: growth <= FLAT_RSS_BYTES ? 'PASS' : 'FALL SHORT',
    });
  }
  if (outcomes.length === 0) outcomes.push({ goal: goal('library'), target, measured: 'needs --records SMALL,LARGE', outcome: 'NOT MEASURED' });
  return outcomes;
}

function atMost(goal: string, measured: number | null, target: number, percent = false): GoalOutcome {
  const show = (value: number): string => (percent ? `${(value * 100).toFixed(1)}%` : `${value.toFixed(2)} ×`);
  return {
    goal,
    target: `≤ ${show(target)}`,
    measured: measured === null ? '—' : show(measured),
    outcome: measured === null ? 'NOT MEASURED' : measured <= target ? 'PASS' : 'FALL SHORT',
  };
}

/** The adaptive window's goals: the round trip hidden, ahead of a fixed window, the plain path fast, a limited service found. */
function windowGoals(options: BenchOptions, runs: readonly ScenarioRun[]): GoalOutcome[] {
  const records = options.records.at(-1)!;
  const roundTrip = options.latencies.find((latency) => latency !== null);
  if (roundTrip === undefined) return [];
  const label = latencyLabel(roundTrip);
  const at = windowRatios(runs, records, roundTrip);
  const outcomes = [
    atLeast(`upload, defaults: ${label} ÷ loopback`, at.uploadRttVsLoopback ?? null, 0.85),
    atLeast(`download, defaults: ${label} ÷ loopback`, at.downloadRttVsLoopback ?? null, 0.85),
    atLeast(`upload, defaults ÷ the minimal client's fixed window of 4 (${label})`, at.uploadRttVsMinimal ?? null, 1.5),
    atLeast(`download, defaults ÷ the minimal client's fixed window of 4 (${label})`, at.downloadRttVsMinimal ?? null, 1.5),
    atLeast(`\`cleanse()\` at its defaults ÷ the naive script (${label})`, at.endToEndVsNaive ?? null, 4),
    atLeast('upload records per CPU-second, defaults ÷ the no-network limit (loopback)', at.uploadVsLimitPerCpu ?? null, 0.9),
    atLeast('records mode ÷ batches path, upload (loopback)', at.plainUploadVsBatches ?? null, 0.9),
    atLeast('writeRecords of records ÷ of pages, download (loopback)', at.plainDownloadVsPages ?? null, 0.9),
    atLeast(`service limiting ${SERVICE_LIMIT} in flight: adaptive ÷ window fixed at ${SERVICE_LIMIT} (${label})`, at.limitedVsFixedAtLimit ?? null, 0.9),
    atMost(`service limiting ${SERVICE_LIMIT} in flight: retries per request (${label})`, at.limitedRetriesPerRequest ?? null, 0.02, true),
  ];
  const limited = findRun(runs, 'limited', records, roundTrip);
  const windows = limited?.result.details['windows'] as { phase: string; stats: { current: number } }[] | undefined;
  if (windows !== undefined) {
    // The service counts a request once it arrived; the client counts it from sending, so its window may hold one more.
    const settled = windows.map((w) => `${w.phase} ${w.stats.current}`).join(', ');
    const ok = windows.every((w) => w.stats.current >= SERVICE_LIMIT - 1 && w.stats.current <= SERVICE_LIMIT + 1);
    outcomes.push({ goal: `service limiting ${SERVICE_LIMIT} in flight: the window settles at the limit (${label})`, target: `${SERVICE_LIMIT - 1}..${SERVICE_LIMIT + 1}`, measured: settled, outcome: ok ? 'PASS' : 'FALL SHORT' });
  }
  return outcomes;
}

/** Every goal, for the largest record count, at each latency measured. */
export function goals(options: BenchOptions, runs: readonly ScenarioRun[]): GoalOutcome[] {
  const records = options.records.at(-1)!;
  const outcomes: GoalOutcome[] = [...windowGoals(options, runs)];
  for (const latency of options.latencies) {
    const label = latencyLabel(latency);
    const at = ratiosAt(runs, records, latency);
    if (latency === null) outcomes.push(atLeast(`upload vs the no-network limit (${label})`, at.uploadVsLimit ?? null, 0.9));
    outcomes.push(atLeast(`upload vs the minimal client (${label})`, at.uploadVsMinimal ?? null, 0.9));
    outcomes.push(atLeast(`download vs the minimal client (${label})`, at.downloadVsMinimal ?? null, 0.9));
    if (latency !== null) outcomes.push(atLeast(`end to end vs the naive script (${label})`, at.endToEndVsNaive ?? null, 3));
    outcomes.push(...flatMemory(options, runs, latency));
  }
  return outcomes;
}
