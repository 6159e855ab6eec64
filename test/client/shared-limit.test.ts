/**
 * The Redis-shared rate limit: two processes with one limiter id share one reservoir, so their
 * combined requests, as the server saw them, stay within the account's limit. Needs a
 * `redis-server` binary (`.ci/run` installs it); the test starts its own on a free port.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import type { ClientStats } from '../../lib/index.js';
import { hasRedis, startRedis } from '../helpers/redis-server.js';
import { withClient } from './fixture.js';

const RESERVOIR = 5;
const INTERVAL_MS = 300;
const PER_WORKER = 15;
const WORKER = fileURLToPath(new URL('fixtures/shared-limit-worker.ts', import.meta.url));

async function runWorker(env: Record<string, string>): Promise<ClientStats> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`worker exited with ${code}: ${output}`);
  return JSON.parse(output) as ClientStats;
}

// Where redis-server is missing the test is skipped (ava reports it), so `npm test` passes on a
// machine without it; CI sets DATA8_REQUIRE_REDIS so that there a missing server fails instead.
if (!hasRedis && process.env['DATA8_REQUIRE_REDIS'] === '1') {
  test('redis-server is installed (DATA8_REQUIRE_REDIS=1)', (t) => {
    t.fail('redis-server is not on PATH: the Redis-shared limiter cannot be tested');
  });
}
const redisTest = hasRedis ? test : test.skip;

redisTest('two processes sharing a Redis limiter stay within one reservoir together', withClient, async (t, { client, emu }) => {
  const redisUrl = await startRedis(t);
  await client.datasets.create({ name: 'worker_a', columns: { a: 0 } });
  await client.datasets.create({ name: 'worker_b', columns: { a: 0 } });
  const since = emu.emulator.journal().at(-1)?.seq ?? 0;
  const common = {
    WORKER_API_URL: emu.url,
    WORKER_CLIENT_ID: emu.emulator.credentials.clientId,
    WORKER_CLIENT_SECRET: emu.emulator.credentials.clientSecret,
    WORKER_REDIS_URL: redisUrl,
    WORKER_LIMITER_ID: `shared-limit-test-${process.pid}`,
    WORKER_RESERVOIR: String(RESERVOIR),
    WORKER_INTERVAL_MS: String(INTERVAL_MS),
    WORKER_REQUESTS: String(PER_WORKER),
  };
  const stats = await Promise.all([runWorker({ ...common, WORKER_DATASET: 'worker_a' }), runWorker({ ...common, WORKER_DATASET: 'worker_b' })]);
  t.deepEqual(stats.map((entry) => entry.requests), [PER_WORKER, PER_WORKER]);

  const gets = emu.emulator.journal(since).filter((entry) => entry.route === '/Dataset/:name');
  const times = (path: string) => gets.filter((entry) => entry.path === path).map((entry) => Date.parse(entry.time));
  const [a, b] = [times('/Dataset/worker_a'), times('/Dataset/worker_b')];
  t.is(a.length + b.length, 2 * PER_WORKER);
  t.true(Math.min(...a) < Math.max(...b) && Math.min(...b) < Math.max(...a), 'the two processes ran at the same time');

  // The reservoir holds RESERVOIR requests per interval for both processes together. So any
  // window of one interval spans at most two refills (2 × RESERVOIR requests), and 30 requests
  // need at least 30 / RESERVOIR intervals, i.e. a span of at least (6 - 2) intervals between
  // the first and the last. Separate reservoirs would have let each process finish in 3.
  const all = [...a, ...b].sort((x, y) => x - y);
  const busiest = Math.max(...all.map((start) => all.filter((time) => time >= start && time < start + INTERVAL_MS).length));
  t.true(busiest <= 2 * RESERVOIR, `${busiest} requests in one ${INTERVAL_MS} ms window`);
  const span = all.at(-1)! - all[0]!;
  const intervalsNeeded = Math.ceil(all.length / RESERVOIR);
  t.true(span >= (intervalsNeeded - 2) * INTERVAL_MS, `30 requests spread over ${span} ms`);
});
