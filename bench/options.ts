/**
 * The bench's command line: `npm run bench [-- --records N[,N...]] [--scenarios a,b]
 * [--latency 0,20-40] [--concurrency N] [--seed N] [--workflow W] [--repeat N] [--profile]
 * [--client-node-options="--max-old-space-size=256 ..."]` (with `=`: the flags start with a dash).
 */
import { parseArgs } from 'node:util';

/** Every scenario, in the order they run. */
export const SCENARIOS = ['limit', 'minimal', 'library', 'defaults', 'cleanse', 'naive', 'limited', 'rise'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** A simulated round trip: `[min, max]` ms added to every request, or none (bare loopback). */
export type Latency = readonly [number, number] | null;

export interface BenchOptions {
  /** Record counts to run; the memory-scale goal compares the smallest with the largest. */
  readonly records: readonly number[];
  readonly scenarios: readonly ScenarioName[];
  readonly latencies: readonly Latency[];
  /** Blocks and pages in flight, the same for every client (the library's own default). @default 4 */
  readonly concurrency: number;
  /** @default 1 */
  readonly seed: number;
  /** @default 'Identity' */
  readonly workflow: string;
  /**
   * Runs of each scenario, interleaved; the report keeps each scenario's fastest, which on a
   * shared machine is the one least disturbed by other work. @default 1
   */
  readonly repeat: number;
  /** Write CPU profiles of the library's scenarios to `bench/results/profiles/`. @default false */
  readonly profile: boolean;
  /**
   * Node flags for every client process (not the emulator), to measure under a runtime setting
   * such as `--max-old-space-size=256`. Space-separated. @default none
   */
  readonly clientNodeOptions: readonly string[];
}

function count(option: string, text: string): number {
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`--${option} expects a positive whole number, got "${text}"`);
  return value;
}

/** `0` or `none` is bare loopback; `20-40` a range; `30` a fixed delay. */
export function parseLatency(text: string): Latency {
  if (text === '0' || text === 'none' || text === 'loopback') return null;
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) throw new TypeError(`--latency expects 0 or MIN-MAX milliseconds, got "${text}"`);
  const min = Number(match[1]);
  const max = Number(match[2] ?? match[1]);
  if (max < min) throw new TypeError(`--latency range ${text} has its maximum below its minimum`);
  return [min, max];
}

/** How a latency is written in the report. */
export function latencyLabel(latency: Latency): string {
  return latency === null ? 'loopback' : `rtt ${latency[0]}-${latency[1]} ms`;
}

/** Parses the bench's arguments. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      records: { type: 'string', default: '1000000' },
      scenarios: { type: 'string', default: SCENARIOS.join(',') },
      latency: { type: 'string', default: '0,20-40' },
      concurrency: { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
      workflow: { type: 'string', default: 'Identity' },
      repeat: { type: 'string', default: '1' },
      profile: { type: 'boolean', default: false },
      'client-node-options': { type: 'string', default: '' },
    },
  });
  const scenarios = values.scenarios.split(',').map((name) => {
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new TypeError(`--scenarios expects some of ${SCENARIOS.join(', ')}, got "${name}"`);
    return name as ScenarioName;
  });
  return {
    records: [...new Set(values.records.split(',').map((text) => count('records', text)))].sort((a, b) => a - b),
    scenarios,
    latencies: values.latency.split(',').map(parseLatency),
    concurrency: count('concurrency', values.concurrency),
    seed: count('seed', values.seed),
    workflow: values.workflow,
    repeat: count('repeat', values.repeat),
    profile: values.profile,
    clientNodeOptions: values['client-node-options'].split(' ').filter((flag) => flag !== ''),
  };
}
