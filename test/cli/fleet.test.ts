/**
 * A fleet: several `data8-batch cleanse` processes, one standing emulator, one real
 * `redis-server`, the same DATA8_REDIS_URL and DATA8_RATE_LIMIT. Checked from the emulator's
 * journal, their requests together stay within the one limit; limits per process would have
 * let them go several times faster (the test then fails). `.ci/run` installs redis-server;
 * where it is missing the test is skipped, unless DATA8_REQUIRE_REDIS=1.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { startEmulatorProcess } from '../helpers/emulator-process.js';
import { hasRedis, startRedis } from '../helpers/redis-server.js';
import { CANARY_CLIENT, CANARY_SECRET, explain, runCli, useTempDir } from './helpers/cli.js';

const PROCESSES = 3;
const RECORDS = 1500;
const BLOCK_SIZE = 100;
const LIMIT = 12;
const INTERVAL_MS = 1000;

interface Entry {
  readonly time: string;
  readonly path: string;
}

if (!hasRedis && process.env['DATA8_REQUIRE_REDIS'] === '1') {
  test('redis-server is installed (DATA8_REQUIRE_REDIS=1)', (t) => {
    t.fail('redis-server is not on PATH: the fleet cannot be tested');
  });
}
const redisTest = hasRedis ? test : test.skip;

redisTest('cleanse processes sharing DATA8_REDIS_URL stay within one DATA8_RATE_LIMIT together', async (t) => {
  const dir = await useTempDir(t);
  const redisUrl = await startRedis(t);
  const emulator = await startEmulatorProcess({ dataDir: path.join(dir, 'emulator'), env: { DATA8_CLIENT_ID: CANARY_CLIENT, DATA8_CLIENT_SECRET: CANARY_SECRET } });
  t.teardown(() => emulator.stop());
  const rows = Array.from({ length: RECORDS }, (_, index) => `${index + 1},person${index + 1}@example.com`);
  const env = {
    DATA8_API_URL: emulator.url,
    DATA8_AUTH_URL: emulator.url,
    DATA8_CLIENT_ID: CANARY_CLIENT,
    DATA8_CLIENT_SECRET: CANARY_SECRET,
    DATA8_REDIS_URL: redisUrl,
    DATA8_RATE_LIMIT: `${LIMIT}/${INTERVAL_MS}ms`,
    DATA8_BLOCK_SIZE: String(BLOCK_SIZE),
  };
  const runs = await Promise.all(
    Array.from({ length: PROCESSES }, async (_, index) => {
      const input = path.join(dir, `part-${index}.csv`);
      await writeFile(input, `id,email\n${rows.join('\n')}\n`);
      return runCli(['cleanse', input, '--workflow', 'Identity', '--output', path.join(dir, `out-${index}.csv`), '--progress', 'none'], { env });
    }),
  );
  for (const run of runs) t.is(run.code, 0, explain(run));

  const response = await fetch(`${emulator.url}/_emulator/journal`);
  const { entries } = (await response.json()) as { entries: Entry[] };
  // The limiter spaces API requests; token and discovery requests are not API calls.
  const api = entries.filter((entry) => !entry.path.startsWith('/connect/') && !entry.path.startsWith('/.well-known/'));
  const uploads = api.filter((entry) => entry.path.endsWith('/data') && /^\/Dataset\/[^/]+\/data$/.test(entry.path));
  t.true(uploads.length >= (PROCESSES * RECORDS) / BLOCK_SIZE, `${uploads.length} block uploads`);
  const times = api.map((entry) => Date.parse(entry.time)).sort((a, b) => a - b);
  // Any window of one interval spans at most two refills of the shared reservoir.
  const busiest = Math.max(...times.map((start) => times.filter((time) => time >= start && time < start + INTERVAL_MS).length));
  t.true(busiest <= 2 * LIMIT, `${busiest} requests in one ${INTERVAL_MS} ms window (limit ${LIMIT})`);
  // And all of them together needed about as many intervals as one limit allows.
  const span = times.at(-1)! - times[0]!;
  const intervalsNeeded = Math.ceil(times.length / LIMIT);
  t.true(span >= (intervalsNeeded - 2) * INTERVAL_MS, `${times.length} requests in ${span} ms`);
});
