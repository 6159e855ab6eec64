import { getEventListeners } from 'node:events';
import test from 'ava';
import { AbortError } from '../../lib/index.js';
import { withClient, withClientOptions } from './fixture.js';

test('an abort cancels the request in flight', withClient, async (t, { client, emu }) => {
  emu.emulator.faults.plan({ method: 'GET', path: '/Job/*', fault: { latencyMs: 10_000 } });
  const controller = new AbortController();
  const call = client.jobs.get('Slow Job', { signal: controller.signal });
  await until(() => client.stats().requests === 1); // sent, and the server holds it for 10 s
  controller.abort(new Error('user pressed Ctrl-C'));
  const error = await t.throwsAsync(call, { instanceOf: AbortError });
  t.is(error.message, 'GET /Job/Slow%20Job was aborted');
  t.is((error.cause as Error).message, 'user pressed Ctrl-C');
  t.is(client.stats().requests, 1);
  t.is(client.stats().networkErrors, 0, 'an abort is not a network error');
});

test('an abort cancels the wait before a retry', withClient, async (t, { client, emu, logs }) => {
  emu.emulator.faults.plan({ method: 'GET', path: '/Job/*', fault: { status: 503, retryAfterSeconds: 30 } });
  const controller = new AbortController();
  const call = client.jobs.get('x', { signal: controller.signal });
  await until(() => logs.some((entry) => entry.event === 'retry'));
  controller.abort();
  await t.throwsAsync(call, { instanceOf: AbortError });
  t.is(client.stats().requests, 1);
  t.is(client.stats().retries, 1);
});

test('an abort cancels the wait for the rate limiter', withClientOptions({ rateLimit: { reservoir: { amount: 1, intervalMs: 60_000 } } }), async (t, { client }) => {
  await t.throwsAsync(client.jobs.get('first'), { message: /404/ });
  const controller = new AbortController();
  const call = client.jobs.get('second', { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await t.throwsAsync(call, { instanceOf: AbortError, message: 'GET /Job/second was aborted' });
  t.is(client.stats().requests, 1, 'the second request was never sent');
});

test('an abort cancels the wait for a concurrency slot, and one already fired sends nothing', withClientOptions({ rateLimit: { maxConcurrent: 1 } }), async (t, { client, emu }) => {
  emu.emulator.faults.plan({ method: 'GET', path: '/Job/*', fault: { latencyMs: 300 } });
  const slow = client.jobs.get('slow');
  const controller = new AbortController();
  const queued = client.jobs.get('queued', { signal: controller.signal });
  await until(() => client.stats().concurrency.queued === 1);
  controller.abort();
  await t.throwsAsync(queued, { instanceOf: AbortError });
  t.is(client.stats().concurrency.queued, 0);
  await t.throwsAsync(slow, { message: /404/ });
  await t.throwsAsync(client.datasets.get('x', { signal: AbortSignal.abort() }), { instanceOf: AbortError });
  t.is(client.stats().requests, 1);
});

test('an abort cancels the wait for a token, not the token request others wait for', withClient, async (t, { client, emu }) => {
  emu.emulator.faults.plan({ method: 'POST', path: '/connect/token', fault: { latencyMs: 300 } });
  const controller = new AbortController();
  const aborted = client.jobs.get('a', { signal: controller.signal });
  const other = client.jobs.get('b');
  setTimeout(() => controller.abort(), 50);
  await t.throwsAsync(aborted, { instanceOf: AbortError });
  await t.throwsAsync(other, { message: /404/ });
  t.is(client.stats().tokenRequests, 1);
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

test('one signal shared by many calls keeps no listener once they are done, answered or failed', withClient, async (t, { client, emu }) => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error): void => void warnings.push(warning);
  process.on('warning', onWarning);
  t.teardown(() => process.off('warning', onWarning));
  const controller = new AbortController();
  const { signal } = controller;
  await client.datasets.create({ name: 'shared_signal', columns: { id: 0 } });
  for (let index = 0; index < 20; index++) await client.datasets.get('shared_signal', { signal });
  // Fewer than Node's 10 listeners at once: each call in flight rightly holds one on the caller's signal.
  await Promise.all(Array.from({ length: 8 }, () => client.datasets.get('shared_signal', { signal })));
  emu.emulator.faults.plan({ method: 'GET', path: '/Dataset/*', times: 5, fault: { drop: 'before' } });
  await Promise.all(Array.from({ length: 5 }, () => client.datasets.get('shared_signal', { signal })));
  await Promise.all(Array.from({ length: 5 }, () => t.throwsAsync(client.datasets.get('missing', { signal }))));
  t.is(getEventListeners(signal, 'abort').length, 0, 'every listener the calls added is gone');
  await new Promise((resolve) => setImmediate(resolve));
  t.deepEqual(warnings.map((warning) => warning.name), [], 'no MaxListenersExceededWarning');
});
