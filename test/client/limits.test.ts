import test from 'ava';
import { withClientOptions } from './fixture.js';

test('minTimeMs spaces the requests the server receives', withClientOptions({ rateLimit: { minTimeMs: 60 } }), async (t, { client, emu }) => {
  await Promise.all(Array.from({ length: 8 }, (_, index) => t.throwsAsync(client.jobs.get(`job ${index}`), { message: /404/ })));
  const times = emu.emulator.journal().filter((entry) => entry.route === '/Job/:name').map((entry) => Date.parse(entry.time));
  t.is(times.length, 8);
  // Starts are 60 ms apart; an arrival can also be late by its connection's set-up (one interval of slack).
  const span = times.at(-1)! - times[0]!;
  t.true(span >= 6 * 60, `eight requests over ${span} ms`);
});

test('a reservoir holds the requests of each interval', withClientOptions({ rateLimit: { reservoir: { amount: 4, intervalMs: 250 } } }), async (t, { client, emu }) => {
  await Promise.all(Array.from({ length: 16 }, (_, index) => t.throwsAsync(client.jobs.get(`job ${index}`), { message: /404/ })));
  const times = emu.emulator.journal().filter((entry) => entry.route === '/Job/:name').map((entry) => Date.parse(entry.time));
  t.is(times.length, 16);
  const busiest = Math.max(...times.map((start) => times.filter((time) => time >= start && time < start + 250).length));
  t.true(busiest <= 8, `${busiest} requests in one 250 ms window`);
  // Four refills of four: at least three intervals from the first batch to the last, less one of slack.
  const span = times.at(-1)! - times[0]!;
  t.true(span >= 2 * 250, `sixteen requests over ${span} ms`);
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
