/**
 * 100,000 awkward records through `cleanse` (Identity) while the emulator answers 10% of API
 * requests with 429 + Retry-After, 5% with 503, drops 2% of connections (before or after
 * handling them), adds latency and issues 5-second tokens: the output file equals the input,
 * record for record, in order. The 1,000,000-record run is `npm run bench:faults`.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { startEmulator } from '../../lib/emulator/index.js';
import { cleanse, Data8Client, type LogEntry } from '../../lib/index.js';
import { compareCsv, writeAwkwardCsv } from '../helpers/record-files.js';

const RECORDS = 100_000;
const FAULTS = { rate429: 0.1, rate503: 0.05, dropRate: 0.02, dropMode: 'either', latencyMs: [0, 20], retryAfterSeconds: 1, seed: 20_241_124 } as const;

test('100,000 records under 429, 503, dropped connections, latency and 5-second tokens: output equals input, in order', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'data8-faults-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const input = join(dir, 'contacts.csv');
  const output = join(dir, 'contacts.out.csv');
  await writeAwkwardCsv(input, RECORDS);

  const emulator = await startEmulator({ faults: FAULTS, tokenTtlSeconds: 5 });
  t.teardown(() => emulator.close());
  const logs: LogEntry[] = [];
  const client = new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials, logger: (entry) => logs.push(entry) });
  t.teardown(() => client.close());

  // Eight pages in flight rather than two, so that one page's Retry-After wait overlaps others'
  // (the run takes about 30 s instead of 40, nearly all of it waiting).
  const download = { prefetch: 8 };
  const result = await cleanse({ client, workflow: 'Identity', inputs: { Input: input }, outputs: { Output: output }, jobName: 'faults run', download });

  const comparison = await compareCsv(input, output);
  t.is(comparison.firstDifference, -1, comparison.detail);
  t.is(comparison.actualRows, RECORDS + 1);
  t.is(result.inputs['Input']?.storedRecords, RECORDS);
  t.is(result.outputs['Output']?.records, RECORDS);
  t.deepEqual((await readdir(dir)).sort(), ['contacts.csv', 'contacts.out.csv'], 'no temporary file left beside the output');

  // The faults happened, and the client got through them by retrying.
  const stats = client.stats();
  const injected = emulator.journal().filter((entry) => entry.fault !== undefined);
  const count = (pattern: RegExp) => injected.filter((entry) => pattern.test(entry.fault ?? '')).length;
  t.log(
    `retries ${String(stats.retries)} (cleanse: ${String(result.retries)}), 429: ${String(stats.byStatus[429] ?? 0)}, 503: ${String(stats.byStatus[503] ?? 0)}, ` +
      `network errors ${String(stats.networkErrors)}, token requests ${String(stats.tokenRequests)}, requests ${String(stats.requests)}; ` +
      `injected: 429 ×${String(count(/429/))}, 503 ×${String(count(/503/))}, drops ×${String(count(/drop/))} (after handling ×${String(count(/drop after/))})`,
  );
  t.true(count(/429/) > 0 && count(/503/) > 0 && count(/drop before/) > 0 && count(/drop after/) > 0, 'every kind of fault was injected');
  t.true(stats.retries >= injected.length, 'every injected fault was retried');
  t.is(result.retries, stats.retries);
  t.log(`timings (ms): ${JSON.stringify(result.timings)}`);
  t.true((stats.byStatus[429] ?? 0) > 0 && (stats.byStatus[503] ?? 0) > 0 && stats.networkErrors > 0);
  t.true(stats.tokenRequests >= 2, 'a 5-second token was renewed during the run');
  t.false(logs.some((entry) => entry.event === 'give-up'), 'no retryable failure was given up on');
});
