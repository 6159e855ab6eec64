/**
 * `bench/results/report.md`: the machine, the command, the table, the ratios and the goals.
 */
import type { PhaseName } from '../measure.js';
import { latencyLabel } from '../options.js';
import type { BenchResults, ScenarioRun } from './results.js';
import { recordsPerSecond } from './results.js';

/** How each scenario file is named in the report. */
export const SCENARIO_TITLES: Readonly<Record<string, string>> = {
  'limit-library': 'limit: library parse + encode, no network',
  'limit-hand-written': 'limit: hand-written parse + encode, no network',
  minimal: 'minimal client (node:http)',
  library: 'library streams',
  cleanse: 'library `cleanse()`',
  naive: 'naive script (got)',
  defaults: 'library streams, default options',
  limited: 'defaults, service limits 6 in flight',
  'limited-fixed': 'window fixed at 6, service limits 6 in flight',
  rise: 'defaults, latency rises to 80-100 ms mid-upload',
};

const PHASE_ORDER: readonly PhaseName[] = ['limit', 'upload', 'uploadPlain', 'uploadBatches', 'job', 'download', 'downloadPlain', 'downloadPages', 'endToEnd'];
const PHASE_TITLES: Readonly<Record<PhaseName, string>> = {
  limit: 'parse + batch + serialise',
  upload: 'upload',
  job: 'job wait',
  download: 'download',
  endToEnd: 'end to end',
  uploadPlain: 'upload again, records (warm)',
  uploadBatches: 'upload, batches path (warm)',
  downloadPlain: 'download again, records (warm)',
  downloadPages: 'download, pages path (warm)',
};

const MB = 1024 * 1024;
const number = (value: number, digits = 0): string =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function rows(run: ScenarioRun): string[] {
  const lines: string[] = [];
  for (const name of PHASE_ORDER) {
    const phase = run.result.phases[name];
    if (!phase) continue;
    const seconds = phase.ms / 1000;
    // A whole run's peak is the process's own maxRSS, which also catches peaks between samples.
    const peak = name === 'endToEnd' || name === 'limit' ? run.result.peakRssBytes : phase.peakRssBytes;
    lines.push(
      `| ${number(run.records)} | ${SCENARIO_TITLES[run.scenario] ?? run.scenario} | ${run.latency === null ? (run.scenario.startsWith('limit') ? '—' : 'loopback') : latencyLabel(run.latency)} | ${PHASE_TITLES[name]} | ${number(recordsPerSecond(phase))} | ${number(phase.bytes / MB / seconds, 1)} | ${number(seconds, 2)} | ${number(peak / MB, 1)} | ${number(phase.cpuMs / 1000, 2)} | ${name === 'job' ? '—' : number(phase.records / (phase.cpuMs / 1000))} |`,
    );
  }
  return lines;
}

/** The results table alone (also printed to the terminal). */
export function resultsTable(results: BenchResults): string {
  return [
    '| records | client | network | phase | records/s | MB/s | time (s) | peak RSS (MB) | CPU (s) | records/CPU-s |',
    '|---:|---|---|---|---:|---:|---:|---:|---:|---:|',
    ...results.runs.flatMap(rows),
  ].join('\n');
}

/** CPU time of the emulator beside the client's, per network run. */
function serverCpu(results: BenchResults): string {
  const lines = results.runs
    .filter((run) => run.emulatorCpuMs !== undefined)
    .map(
      (run) =>
        `| ${number(run.records)} | ${SCENARIO_TITLES[run.scenario] ?? run.scenario} | ${run.latency === null ? 'loopback' : latencyLabel(run.latency)} | ${number(run.result.cpuMs / 1000, 2)} | ${number(run.emulatorCpuMs! / 1000, 2)} |`,
    );
  if (lines.length === 0) return '';
  return [
    '',
    'CPU time of the whole client process and of the emulator process over each network run (on two',
    'cores, the two compete with each other as well as with anything else running):',
    '',
    '| records | client | network | client CPU (s) | emulator CPU (s) |',
    '|---:|---|---|---:|---:|',
    ...lines,
  ].join('\n');
}

/** One line per client and network: each phase's speed, the whole run's peak RSS and CPU. */
export function summaryTable(results: BenchResults): string {
  const rate = (run: ScenarioRun, name: PhaseName): string => {
    const phase = run.result.phases[name];
    return phase ? number(recordsPerSecond(phase)) : '—';
  };
  const lines = results.runs
    .filter((run) => run.records === results.options.records.at(-1))
    .map((run) => {
      const job = run.result.phases.job;
      const network = run.latency === null ? (run.scenario.startsWith('limit') ? '—' : 'loopback') : latencyLabel(run.latency);
      const speed = run.scenario.startsWith('limit') ? rate(run, 'limit') : rate(run, 'upload');
      return `| ${SCENARIO_TITLES[run.scenario] ?? run.scenario} | ${network} | ${speed} | ${job ? number(job.ms / 1000, 1) : '—'} | ${rate(run, 'download')} | ${rate(run, 'endToEnd')} | ${number(run.result.peakRssBytes / MB)} | ${number(run.result.cpuMs / 1000, 1)} |`;
    });
  return [
    `${number(results.options.records.at(-1)!)} records, records per second (job wait in seconds):`,
    '',
    '| client | network | upload | job wait (s) | download | end to end | peak RSS (MB) | CPU (s) |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...lines,
  ].join('\n');
}

/** The adaptive windows each default-option run ended with, and its 429s and retries. */
function windowsTable(results: BenchResults): string {
  const lines = results.runs.flatMap((run) => {
    const details = run.result.details as { windows?: { phase: string; stats: { current: number; peak: number; ceiling?: number; decreases: number; history: unknown[] } }[]; requests?: number; retries?: number; rateLimited?: number; jobLateMs?: number; jobPolls?: number };
    if (details.windows === undefined) return [];
    const network = run.latency === null ? 'loopback' : latencyLabel(run.latency);
    const windows = details.windows.map((w) => `${w.phase} ${w.stats.current} (peak ${w.stats.peak}${w.stats.ceiling === undefined ? '' : `, ceiling ${w.stats.ceiling}`}, ${w.stats.decreases} down)`).join('; ');
    return [`| ${number(run.records)} | ${SCENARIO_TITLES[run.scenario] ?? run.scenario} | ${network} | ${windows} | ${details.requests ?? '—'} | ${details.rateLimited ?? '—'} | ${details.retries ?? '—'} | ${details.jobPolls ?? '—'} | ${details.jobLateMs ?? '—'} |`];
  });
  if (lines.length === 0) return '';
  return [
    '## Windows',
    '',
    'The window each stream ended with (its peak, the ceiling a 429 taught it, its decreases), the requests of the',
    "run, the answers asking to slow down (429/503) and retries; the job's polls and how long after the job's end the",
    'wait ended (ms, by the emulator\'s clock).',
    '',
    '| records | client | network | window at the end | requests | 429/503 | retries | job polls | wait past the job (ms) |',
    '|---:|---|---|---|---:|---:|---:|---:|---:|',
    ...lines,
  ].join('\n');
}

/** The goals as a table. */
export function goalsTable(results: BenchResults): string {
  return [
    '| goal | target | measured | outcome |',
    '|---|---|---|---|',
    ...results.goals.map((goal) => `| ${goal.goal} | ${goal.target} | ${goal.measured} | **${goal.outcome}** |`),
  ].join('\n');
}

/** The whole report. */
export function markdownReport(results: BenchResults): string {
  const { machine } = results;
  const ratios = Object.entries(results.ratios)
    .map(([name, value]) => `| \`${name}\` | ${value === null ? '—' : `${value.toFixed(2)} ×`} |`)
    .join('\n');
  return `# data8-batch benchmark

Measured ${results.startedAt}${results.commit === undefined ? '' : ` at commit \`${results.commit}\``} on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}.

\`\`\`sh
${results.command}
\`\`\`

Each client ran in its own process against an emulator in another process (fresh for each run),
on bare loopback and with a simulated round trip (latency added by the emulator to every request).
MB/s counts the CSV bytes of the records moved. Peak RSS is the client process's alone: per phase
it is the highest 50 ms sample; for a whole run it is the process's \`maxRSS\`. CPU is user + system
time of the client process; records per CPU-second is the client's own efficiency, which other
work on a shared machine disturbs far less than wall-clock speed. Concurrency ${results.options.concurrency} for every client that has one;
workflow \`${results.options.workflow}\`. ${results.options.repeat > 1 ? `Each scenario ran ${results.options.repeat} times, interleaved; the table keeps its fastest run.` : 'Each scenario ran once.'}
Load average when the run started: ${machine.loadAverage.toFixed(2)}.

${summaryTable(results)}

Every phase:

${resultsTable(results)}
${serverCpu(results)}

## Ratios

Records per second of the library over the baseline (\`…CpuEfficiency…\`: records per CPU-second of
the client process; \`peakRssVsNaive\`: the peak RSS of \`cleanse()\` over the naive script's). The limit
and the minimal client are compared on bare loopback, the naive script with the round trip.

| ratio | value |
|---|---|
${ratios}

${windowsTable(results)}

## Goals

${goalsTable(results)}

![RSS against records processed](memory.svg)

![The window of requests in flight over time, beside RSS](window.svg)
`;
}
