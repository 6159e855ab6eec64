import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { compareCsvFiles } from '../../bench/faults/compare.js';
import type { PhaseFigures, PhaseName, ScenarioResult } from '../../bench/measure.js';
import type { BenchOptions, Latency } from '../../bench/options.js';
import { parseBenchOptions } from '../../bench/options.js';
import { goals, headlineRatios } from '../../bench/report/goals.js';
import type { ScenarioRun } from '../../bench/report/results.js';

const MB = 1024 * 1024;

function run(scenario: string, latency: Latency, rates: Partial<Record<PhaseName, number>>, peakMb = 100, records = 1000): ScenarioRun {
  const phases: Partial<Record<PhaseName, PhaseFigures>> = {};
  for (const [name, perSecond] of Object.entries(rates)) {
    phases[name as PhaseName] = { records, bytes: records * 100, ms: (records / perSecond) * 1000, cpuMs: 1, peakRssBytes: peakMb * MB };
  }
  const result: ScenarioResult = { phases, peakRssBytes: peakMb * MB, cpuMs: 1, samples: [], details: {} };
  return { scenario, latency, records, fileBytes: records * 100, result };
}

const options: BenchOptions = parseBenchOptions(['--records', '1000']);
const rtt: Latency = [20, 40];

test('ratios divide the library by each baseline, at the latency each goal names', (t) => {
  const runs = [
    run('limit-hand-written', null, { limit: 100 }),
    run('library', null, { upload: 95, download: 50 }),
    run('minimal', null, { upload: 100, download: 100 }),
    run('library', rtt, { upload: 40, download: 40 }),
    run('naive', rtt, { upload: 10, download: 10, endToEnd: 5 }, 400),
    run('cleanse', rtt, { endToEnd: 20 }, 100),
  ];
  const ratios = headlineRatios(options, runs);
  t.is(ratios.uploadVsLimit, 0.95);
  t.is(ratios.uploadVsMinimal, 0.95);
  t.is(ratios.downloadVsMinimal, 0.5);
  t.is(ratios.uploadVsNaive, 4);
  t.is(ratios.endToEndVsNaive, 4);
  t.is(ratios.peakRssVsNaive, 0.25);
  const outcomes = Object.fromEntries(goals(options, runs).map((goal) => [goal.goal, goal.outcome]));
  t.is(outcomes['upload vs the no-network limit (loopback)'], 'PASS');
  t.is(outcomes['download vs the minimal client (loopback)'], 'FALL SHORT');
  t.is(outcomes['end to end vs the naive script (rtt 20-40 ms)'], 'PASS');
  t.is(outcomes['upload vs the minimal client (rtt 20-40 ms)'], 'NOT MEASURED');
});

test('peak RSS is flat only when the largest run stays within a few MB of the smallest', (t) => {
  const scale = parseBenchOptions(['--records', '100000,10000000', '--latency', '0']);
  const flat = (largestMb: number): string =>
    goals(scale, [run('cleanse', null, { endToEnd: 1 }, 100, 100_000), run('cleanse', null, { endToEnd: 1 }, largestMb, 10_000_000)]).at(-1)!.outcome;
  t.is(flat(104), 'PASS');
  t.is(flat(180), 'FALL SHORT');
  const both = goals(scale, [
    run('library', null, { download: 1 }, 100, 100_000),
    run('library', null, { download: 1 }, 103, 10_000_000),
    run('cleanse', null, { endToEnd: 1 }, 120, 100_000),
    run('cleanse', null, { endToEnd: 1 }, 150, 10_000_000),
  ]).filter((outcome) => outcome.goal.includes('peak RSS'));
  t.deepEqual(
    both.map((outcome) => [outcome.goal, outcome.measured, outcome.outcome]),
    [
      ['library streams peak RSS flat from 100,000 to 10,000,000 records (loopback)', '100.0 → 103.0 MB (+3.0)', 'PASS'],
      ['`cleanse()` peak RSS flat from 100,000 to 10,000,000 records (loopback)', '120.0 → 150.0 MB (+30.0)', 'FALL SHORT'],
    ],
    'each library scenario is judged on its own',
  );
  const twoLatencies = parseBenchOptions(['--records', '100000,10000000', '--latency', '0,20-40']);
  const mixed = goals(twoLatencies, [
    run('cleanse', null, { endToEnd: 1 }, 100, 100_000),
    run('cleanse', null, { endToEnd: 1 }, 102, 10_000_000),
    run('cleanse', rtt, { endToEnd: 1 }, 90, 100_000),
    run('cleanse', rtt, { endToEnd: 1 }, 130, 10_000_000),
  ]).filter((outcome) => outcome.goal.includes('peak RSS'));
  t.deepEqual(
    mixed.map((outcome) => [outcome.measured, outcome.outcome]),
    [
      ['100.0 → 102.0 MB (+2.0)', 'PASS'],
      ['90.0 → 130.0 MB (+40.0)', 'FALL SHORT'],
    ],
    'peaks are compared at one latency, never loopback against the round trip',
  );
});

test('client node options reach the client processes as separate flags', (t) => {
  t.deepEqual(parseBenchOptions([]).clientNodeOptions, []);
  t.deepEqual(parseBenchOptions(['--client-node-options=--max-old-space-size=256  --max-semi-space-size=4']).clientNodeOptions, [
    '--max-old-space-size=256',
    '--max-semi-space-size=4',
  ]);
});

test('options name what was wrong', (t) => {
  t.throws(() => parseBenchOptions(['--records', 'many']), { message: /--records expects a positive whole number, got "many"/ });
  t.throws(() => parseBenchOptions(['--scenarios', 'fast']), { message: /--scenarios expects some of limit, minimal/ });
  t.throws(() => parseBenchOptions(['--latency', '40-20']), { message: /maximum below its minimum/ });
});

test('the CSV comparison finds the first differing, missing or extra record', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-compare-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const input = file('in.csv', 'a,b\n1,x\n2,"y, z"\n3,w\n');
  t.deepEqual(await compareCsvFiles(input, file('same.csv', 'a,b\n1,x\n2,"y, z"\n3,w\n')), { records: 3 });
  t.regex((await compareCsvFiles(input, file('changed.csv', 'a,b\n1,x\n2,y\n3,w\n'))).difference ?? '', /record 2 differs/);
  t.regex((await compareCsvFiles(input, file('short.csv', 'a,b\n1,x\n2,"y, z"\n'))).difference ?? '', /ends after 2/);
  t.regex((await compareCsvFiles(input, file('long.csv', 'a,b\n1,x\n2,"y, z"\n3,w\n4,v\n'))).difference ?? '', /more records/);
});
