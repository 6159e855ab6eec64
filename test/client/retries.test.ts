import test from 'ava';
import { ApiError, ConflictError, NetworkError, RateLimitError, TimeoutError, type SlowDownAnswer } from '../../lib/index.js';
import type { EmulatorFixture } from '../helpers/emulator.js';
import { withClient, withClientOptions } from './fixture.js';

const columns = { a: 0 };
const journalOf = (emu: EmulatorFixture, method: string, route: string) =>
  emu.emulator.journal().filter((entry) => entry.method === method && entry.route === route);

test('the 3rd upload meets 503 Retry-After 1: retried once, after the server\'s hint, nothing lost', withClient, async (t, { client, emu, logs }) => {
  await client.datasets.create({ name: 'people', columns });
  emu.emulator.faults.plan({ method: 'PATCH', path: '/Dataset/*/data', nth: 3, fault: { status: 503, retryAfterSeconds: 1 } });
  for (let block = 0; block < 5; block++) await client.datasets.uploadBlock('people', block, [{ a: `r${block}` }]);
  const patches = journalOf(emu, 'PATCH', '/Dataset/:name/data');
  t.deepEqual(patches.map((entry) => entry.status), [204, 204, 503, 204, 204, 204]);
  const refusedAt = Date.parse(patches[2]!.time);
  const retriedAt = Date.parse(patches[3]!.time);
  t.true(retriedAt - refusedAt >= 999, `retried ${retriedAt - refusedAt} ms after the 503 (journal times, millisecond precision)`);
  t.deepEqual(logs.filter((entry) => entry.event === 'retry').map((entry) => [entry.status, entry.retryInMs !== undefined && entry.retryInMs >= 1000]), [[503, true]]);
  t.is(client.stats().retries, 1);
  t.is(client.stats().rateLimited, 1);
  t.is((await client.datasets.complete('people', 5)).recordCount, 5);
});

test('three 429s in a row: the fourth attempt succeeds and concurrency backs off', withClientOptions({ rateLimit: { maxConcurrent: 8 } }), async (t, { client, emu }) => {
  emu.emulator.faults.plan({ method: 'GET', path: '/ClientCredential', times: 3, fault: { status: 429, retryAfterSeconds: 0 } });
  t.true((await client.clientCredentials.list()).length > 0);
  const stats = client.stats();
  t.is(stats.requests, 4);
  t.is(stats.retries, 3);
  t.deepEqual(stats.byStatus, { 200: 1, 429: 3 });
  t.like(stats.concurrency, { decreases: 3, increases: 1, limit: 2 }, '8 → 4 → 2 → 1, then one success window → 2');
});

test('onSlowDown hears each 429 and 503 with Retry-After of its own call, not a 500 or another call\'s', withClient, async (t, { client, emu }) => {
  await client.datasets.create({ name: 'told', columns });
  emu.emulator.faults.plan({ method: 'PATCH', path: '/Dataset/*/data', times: 2, fault: { status: 429, retryAfterSeconds: 0 } });
  emu.emulator.faults.plan({ method: 'PATCH', path: '/Dataset/*/data', nth: 3, fault: { status: 503, retryAfterSeconds: 0 } });
  emu.emulator.faults.plan({ method: 'PATCH', path: '/Dataset/*/data', nth: 4, fault: { status: 500 } });
  const heard: number[] = [];
  await client.datasets.uploadBlock('told', 0, [{ a: 'x' }], { onSlowDown: (answer) => void heard.push(answer.status) });
  t.deepEqual(heard, [429, 429, 503], 'the 500 is retried without a word to onSlowDown');
  emu.emulator.faults.plan({ method: 'GET', path: '/Dataset/*', fault: { status: 429, retryAfterSeconds: 0 } });
  await client.datasets.get('told');
  t.deepEqual(heard, [429, 429, 503], "another call's 429 is not this call's");
});

test('a retry held by holdRetry waits for its promise, after the service\'s wait', withClient, async (t, { client, emu }) => {
  await client.datasets.create({ name: 'held', columns });
  emu.emulator.faults.plan({ method: 'PATCH', path: '/Dataset/*/data', fault: { status: 429, retryAfterSeconds: 0 } });
  let resumedAt = 0;
  const resume = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    resumedAt = Date.now();
  };
  await client.datasets.uploadBlock('held', 0, [{ a: 'x' }], { onSlowDown: (answer) => answer.holdRetry(resume) });
  const patches = journalOf(emu, 'PATCH', '/Dataset/:name/data');
  t.deepEqual(patches.map((entry) => entry.status), [429, 204]);
  const waited = Date.parse(patches[1]!.time) - Date.parse(patches[0]!.time);
  t.true(waited >= 295 && resumedAt > 0 && Date.parse(patches[1]!.time) >= resumedAt - 1, `the retry went ${waited} ms after the 429`);
});

test('onSlowDown hears the last 429 too when the call gives up; the retry it held is never resumed', withClientOptions({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }), async (t, { client, emu }) => {
  emu.emulator.faults.plan({ method: 'GET', path: '/Dataset/*', times: 10, fault: { status: 429, retryAfterSeconds: 0 } });
  let heard = 0;
  let resumed = 0;
  const options = { onSlowDown: (answer: SlowDownAnswer) => {
    heard++;
    answer.holdRetry(() => {
      resumed++;
      return Promise.resolve();
    });
  } };
  await t.throwsAsync(client.datasets.get('given-up', options), { instanceOf: RateLimitError });
  t.is(heard, 2, 'both attempts met 429');
  t.is(resumed, 1, 'only the retry that was sent was resumed');
});

test('attempts are bounded: after maxAttempts the last failure is thrown, typed', withClientOptions({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } }), async (t, { client, emu }) => {
  emu.emulator.faults.plan({ method: 'GET', path: '/Dataset/*', times: 10, fault: { status: 429, retryAfterSeconds: 0 } });
  const limited = await t.throwsAsync(client.datasets.get('people'), { instanceOf: RateLimitError });
  t.is(limited.status, 429);
  t.is(limited.retryAfterMs, 0);
  t.is(journalOf(emu, 'GET', '/Dataset/:name').length, 3);
  emu.emulator.faults.plan({ method: 'GET', path: '/Job/*', times: 10, fault: { status: 502 } });
  const failed = await t.throwsAsync(client.jobs.get('x'), { instanceOf: ApiError });
  t.is(failed.status, 502);
  t.is(journalOf(emu, 'GET', '/Job/:name').length, 3);
});

test('a Retry-After over the cap is not waited for', withClientOptions({ retry: { maxRetryAfterMs: 5000 } }), async (t, { client, emu, logs }) => {
  emu.emulator.faults.plan({ path: '/Dataset/*', fault: { status: 429, retryAfterSeconds: 60 } });
  const error = await t.throwsAsync(client.datasets.get('x'), { instanceOf: RateLimitError });
  t.is(error.retryAfterMs, 60_000);
  t.is(client.stats().requests, 1);
  t.regex(logs.find((entry) => entry.event === 'give-up')?.reason ?? '', /asked to wait 60000 ms/);
});

test('a dropped connection is retried', withClient, async (t, { client, emu }) => {
  emu.emulator.faults.plan({ method: 'GET', path: '/ClientCredential', fault: { drop: 'before' } });
  t.true((await client.clientCredentials.list()).length > 0);
  t.is(client.stats().networkErrors, 1);
  t.is(client.stats().retries, 1);
});

test('a create whose answer was lost succeeds when the retry meets its own dataset (409)', withClient, async (t, { client, emu }) => {
  emu.emulator.faults.plan({ method: 'POST', path: '/Dataset', fault: { drop: 'after' } });
  const created = await client.datasets.create({ name: 'people', columns });
  t.deepEqual(created.columns, columns);
  t.deepEqual(journalOf(emu, 'POST', '/Dataset').map((entry) => entry.status), [0, 409]);
  t.is(journalOf(emu, 'GET', '/Dataset/:name').length, 1, 'the existing dataset was read and compared');
});

test('a retried create that meets someone else\'s dataset still fails with 409', withClient, async (t, { client, emu }) => {
  await client.datasets.create({ name: 'people', columns: { other: 1 } });
  emu.emulator.faults.plan({ method: 'POST', path: '/Dataset', fault: { status: 503 } });
  const error = await t.throwsAsync(client.datasets.create({ name: 'people', columns }), { instanceOf: ConflictError });
  t.is(error.status, 409);
});

test('a retried create of a deleted name fails with its own 409, not the 404 of the check', withClient, async (t, { client, emu }) => {
  await client.datasets.create({ name: 'people', columns });
  await client.datasets.delete('people');
  emu.emulator.faults.plan({ method: 'POST', path: '/Dataset', fault: { status: 503 } });
  const error = await t.throwsAsync(client.datasets.create({ name: 'people', columns }), { instanceOf: ConflictError });
  t.is(error.status, 409);
});

test('a job start whose answer was lost succeeds when the retry meets the same job', withClient, async (t, { client, emu }) => {
  await client.datasets.create({ name: 'people', columns });
  await client.datasets.uploadBlock('people', 0, [{ a: 'x' }]);
  emu.emulator.faults.plan({ method: 'PUT', path: '/Dataset/*', fault: { drop: 'after' } });
  t.true((await client.datasets.complete('people', 1)).completed, 'a lost completion is recognised too');
  emu.emulator.faults.plan({ method: 'POST', path: '/Job', fault: { drop: 'after' } });
  const job = await client.jobs.start({ name: 'Nightly 1', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
  t.is(job.name, 'Nightly 1');
  t.deepEqual(journalOf(emu, 'POST', '/Job').map((entry) => entry.status), [0, 409]);
  emu.emulator.faults.plan({ method: 'DELETE', path: '/Dataset/*', fault: { drop: 'after' } });
  await client.datasets.delete('people');
  t.deepEqual(journalOf(emu, 'DELETE', '/Dataset/:name').map((entry) => entry.status), [0, 404]);
});

test('a create the server may have acted on is not repeated when it cannot be recognised', withClient, async (t, { client, emu }) => {
  emu.emulator.faults.plan({ method: 'POST', path: '/ClientCredential', fault: { status: 500 } });
  await t.throwsAsync(client.clientCredentials.create({ description: 'x' }), { instanceOf: ApiError, message: /500/ });
  emu.emulator.faults.plan({ method: 'POST', path: '/ClientCredential', fault: { drop: 'after' } });
  const dropped = await t.throwsAsync(client.clientCredentials.create({ description: 'y' }), { instanceOf: NetworkError });
  t.is(dropped.systemCode, 'ECONNRESET');
  emu.emulator.faults.plan({ method: 'POST', path: '/ClientCredential', fault: { status: 429, retryAfterSeconds: 0 } });
  t.is((await client.clientCredentials.create({ description: 'z' })).description, 'z', 'a throttled create was not acted on: retried');
  t.deepEqual(journalOf(emu, 'POST', '/ClientCredential').map((entry) => entry.status), [500, 0, 429, 201]);
  t.deepEqual((await client.clientCredentials.list()).filter((credential) => credential.description.length === 1).map((credential) => credential.description).sort(), ['y', 'z']);
});

test('one retry budget for the whole client: when it is spent, failures are not retried', withClientOptions({ retry: { budget: { capacity: 2, refillPerSecond: 0, perSuccess: 0 } } }), async (t, { client, emu, logs }) => {
  emu.emulator.faults.plan({ method: 'GET', path: '/Dataset/*', times: 10, fault: { status: 503 } });
  await t.throwsAsync(client.datasets.get('a'), { instanceOf: ApiError });
  await t.throwsAsync(client.datasets.get('b'), { instanceOf: ApiError });
  t.is(journalOf(emu, 'GET', '/Dataset/:name').length, 4, 'three attempts for the first call, one for the second');
  t.deepEqual(client.stats().retryBudget, { available: 0, capacity: 2, exhausted: 2 });
  t.is(logs.filter((entry) => entry.event === 'give-up' && entry.reason === 'the retry budget is spent').length, 2);
});

test('a request that gets no answer in time is a TimeoutError, retried', withClientOptions({ timeouts: { responseMs: 200 }, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }), async (t, { client, emu }) => {
  emu.emulator.faults.plan({ method: 'GET', path: '/Job/*', times: 1, fault: { latencyMs: 1000 } });
  await t.throwsAsync(client.jobs.get('x'), { message: /404/ });
  t.is(client.stats().networkErrors, 1);
  emu.emulator.faults.plan({ method: 'GET', path: '/Job/*', times: 2, fault: { latencyMs: 1000 } });
  const error = await t.throwsAsync(client.jobs.get('x'), { instanceOf: TimeoutError });
  t.is(error.systemCode, 'ETIMEDOUT');
  t.regex(error.message, /^GET \/Job\/x: no answer in time/);
});
