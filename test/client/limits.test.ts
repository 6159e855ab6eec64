import test from 'ava';
import { withClientOptions } from './fixture.js';

test('minTimeMs spaces the requests the server receives', withClientOptions({ rateLimit: { minTimeMs: 60 } }), async (t, { client, emu }) => {
  await Promise.all(Array.from({ length: 6 }, (_, index) => t.throwsAsync(client.jobs.get(`job ${index}`), { message: /404/ })));
  const times = emu.emulator.journal().filter((entry) => entry.route === '/Job/:name').map((entry) => Date.parse(entry.time));
  t.is(times.length, 6);
  const gaps = times.slice(1).map((time, index) => time - times[index]!);
  // Starts are 60 ms apart; arrivals also carry a few milliseconds of connection set-up each.
  t.true(gaps.every((gap) => gap >= 30), `gaps between arrivals: ${gaps.join(', ')} ms`);
  t.true(times.at(-1)! - times[0]! >= 5 * 60 - 20, `six requests over ${times.at(-1)! - times[0]!} ms`);
});

test('a reservoir holds the requests of each interval', withClientOptions({ rateLimit: { reservoir: { amount: 4, intervalMs: 250 } } }), async (t, { client, emu }) => {
  await Promise.all(Array.from({ length: 12 }, (_, index) => t.throwsAsync(client.jobs.get(`job ${index}`), { message: /404/ })));
  const times = emu.emulator.journal().filter((entry) => entry.route === '/Job/:name').map((entry) => Date.parse(entry.time));
  t.is(times.length, 12);
  const busiest = Math.max(...times.map((start) => times.filter((time) => time >= start && time < start + 250).length));
  t.true(busiest <= 8, `${busiest} requests in one 250 ms window`);
  t.true(times.at(-1)! - times[0]! >= 230, `twelve requests took at least two refills (${times.at(-1)! - times[0]!} ms)`);
});

test('stats count every request, answer and token', withClientOptions({ rateLimit: { maxConcurrent: 3 } }), async (t, { client }) => {
  await client.datasets.create({ name: 'people', columns: { a: 0 } });
  await client.datasets.uploadBlock('people', 0, [{ a: 'x' }]);
  await t.throwsAsync(client.datasets.get('missing'));
  const stats = client.stats();
  t.like(stats, { requests: 3, retries: 0, byStatus: { 201: 1, 204: 1, 404: 1 }, networkErrors: 0, rateLimited: 0, tokenRequests: 1, reauthentications: 0 });
  t.like(stats.concurrency, { max: 3, limit: 3, inFlight: 0, queued: 0 });
  t.true(stats.bytesSent > 0);
});
