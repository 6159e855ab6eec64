/**
 * `npm run bench`: generates the contacts file, runs every scenario in its own process against
 * an emulator in another, and writes `bench/results/report.{md,json}` and `memory.svg`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { startEmulatorProcess } from './emulator-process.js';
import { contactsFile, type ContactsFile } from './generate.js';
import { DATA_DIR, RESULTS_DIR, ROOT, scenarioPath } from './paths.js';
import { latencyLabel, parseBenchOptions, type BenchOptions, type Latency, type ScenarioName } from './options.js';
import { goals, headlineRatios, ratiosAt } from './report/goals.js';
import { goalsTable, markdownReport, resultsTable, SCENARIO_TITLES } from './report/markdown.js';
import { memoryChart, type MemorySeries } from './report/memory-chart.js';
import { windowChart, type WindowSeries } from './report/window-chart.js';
import type { WindowTrace } from './default-streams.js';
import { fastestRuns, type BenchResults, type Machine, type ScenarioRun } from './report/results.js';
import { runScenarioProcess, type ScenarioInput } from './scenario-process.js';

/**
 * The scenario files behind each scenario name, whether they talk to an emulator, the faults
 * it adds, and whether they run over the round trip only (the first latency other than loopback).
 */
const SCENARIO_FILES: Readonly<Record<ScenarioName, { files: readonly string[]; network: boolean; faults?: string; roundTripOnly?: boolean }>> = {
  limit: { files: ['limit-library', 'limit-hand-written'], network: false },
  minimal: { files: ['minimal'], network: true },
  library: { files: ['library'], network: true },
  defaults: { files: ['defaults'], network: true },
  cleanse: { files: ['cleanse'], network: true },
  naive: { files: ['naive'], network: true },
  limited: { files: ['limited', 'limited-fixed'], network: true, faults: 'inflight=6', roundTripOnly: true },
  rise: { files: ['rise'], network: true, roundTripOnly: true },
};
const PROFILED = new Set(['limit-library', 'library', 'defaults', 'cleanse']);

function commit(): string | undefined {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.versions.node,
    os: `${type()} ${release()}`,
    loadAverage: loadavg()[0]!,
  };
}

async function runOne(options: BenchOptions, file: ContactsFile, scenario: string, latency: Latency, network: boolean, faults?: string): Promise<ScenarioRun> {
  const outputDir = join(DATA_DIR, `output-${process.pid}`);
  mkdirSync(outputDir, { recursive: true });
  const emulator = network ? await startEmulatorProcess({ latencyMs: latency ?? undefined, seed: options.seed, faults }) : undefined;
  const input: ScenarioInput = {
    file: file.path,
    records: file.records,
    fileBytes: file.bytes,
    ...(emulator ? { apiUrl: emulator.url } : {}),
    latencyMs: latency,
    clientId: emulator?.clientId ?? '',
    clientSecret: emulator?.clientSecret ?? '',
    concurrency: options.concurrency,
    workflow: options.workflow,
    runName: `bench_${Date.now().toString(36)}_${scenario.replace(/[^a-z]/g, '')}`,
    outputDir,
  };
  const profile = options.profile && PROFILED.has(scenario) ? ['--cpu-prof', '--cpu-prof-dir', join(RESULTS_DIR, 'profiles')] : [];
  process.stderr.write(`  ${SCENARIO_TITLES[scenario] ?? scenario}, ${file.records.toLocaleString('en-GB')} records${network ? `, ${latencyLabel(latency)}` : ''} ...`);
  try {
    const emulatorCpuBefore = emulator?.cpuMs();
    const result = await runScenarioProcess(scenario, input, [...options.clientNodeOptions, ...profile]);
    const emulatorCpuAfter = emulator?.cpuMs();
    process.stderr.write(' done\n');
    const emulatorCpuMs = emulatorCpuBefore === undefined || emulatorCpuAfter === undefined ? undefined : emulatorCpuAfter - emulatorCpuBefore;
    return { scenario, latency, records: file.records, fileBytes: file.bytes, result, emulatorCpuMs };
  } finally {
    await emulator?.stop();
    rmSync(outputDir, { recursive: true, force: true });
  }
}

function writeReports(results: BenchResults): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'report.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, 'report.md'), markdownReport(results));
  const records = results.options.records.at(-1)!;
  const latency = results.options.latencies.find((l) => l !== null) ?? null;
  const series: MemorySeries[] = [
    { scenario: 'cleanse', title: 'library cleanse()', colour: '#1f77b4' },
    { scenario: 'naive', title: 'naive script', colour: '#d62728' },
  ].flatMap(({ scenario, title, colour }) => {
    const run = results.runs.find((r) => r.scenario === scenario && r.records === records && (r.latency?.join('-') ?? null) === (latency?.join('-') ?? null));
    return run ? [{ title: `${title}, ${records.toLocaleString('en-GB')} records, ${latencyLabel(latency)}`, samples: run.result.samples, colour }] : [];
  });
  writeFileSync(join(RESULTS_DIR, 'memory.svg'), memoryChart(series));
  const windows: WindowSeries[] = ['defaults', 'limited', 'rise'].flatMap((scenario) => {
    const run = results.runs.find((r) => r.scenario === scenario && r.records === records && (r.latency?.join('-') ?? null) === (latency?.join('-') ?? null));
    const traces = run?.result.details['windows'] as WindowTrace[] | undefined;
    return run && traces ? [{ title: `${SCENARIO_TITLES[scenario] ?? scenario}, ${latencyLabel(latency)}`, windows: traces, samples: run.result.samples }] : [];
  });
  writeFileSync(join(RESULTS_DIR, 'window.svg'), windowChart(windows));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseBenchOptions(argv);
  const attempts: ScenarioRun[] = [];
  const results = (): BenchResults => {
    const runs = fastestRuns(attempts);
    return {
      startedAt,
      command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
      commit: measuredCommit,
      machine: startMachine,
      options,
      runs,
      attempts: options.repeat > 1 ? attempts : [],
      ratios: headlineRatios(options, runs),
      ratiosByLatency: Object.fromEntries(options.latencies.map((latency) => [latencyLabel(latency), ratiosAt(runs, options.records.at(-1)!, latency)])),
      goals: goals(options, runs),
    };
  };
  const startedAt = new Date().toISOString();
  const startMachine = machine();
  const measuredCommit = commit();
  for (const records of options.records) {
    process.stderr.write(`Generating ${records.toLocaleString('en-GB')} contacts (seed ${options.seed}, not timed) ...\n`);
    const file = await contactsFile(records, options.seed);
    for (let round = 1; round <= options.repeat; round++) {
      if (options.repeat > 1) process.stderr.write(`Round ${round} of ${options.repeat}\n`);
      for (const name of options.scenarios) {
        const { files, network, faults, roundTripOnly } = SCENARIO_FILES[name];
        const roundTrip = options.latencies.find((latency) => latency !== null);
        const latencies = !network ? [null] : roundTripOnly ? (roundTrip === undefined ? [] : [roundTrip]) : options.latencies;
        for (const latency of latencies) {
          for (const scenario of files) {
            if (!existsSync(scenarioPath(scenario))) continue;
            attempts.push(await runOne(options, file, scenario, latency, network, faults));
            writeReports(results());
          }
        }
      }
    }
  }
  const final = results();
  writeReports(final);
  process.stdout.write(`\n${resultsTable(final)}\n\n${goalsTable(final)}\n\nResults: ${join(RESULTS_DIR, 'report.md')}, report.json, memory.svg\n`);
}

await main();
