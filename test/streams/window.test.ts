/**
 * The adaptive window of the uploader and the reader against the emulator over real HTTP: it
 * grows over a slow path, stays within its documented memory bound, and settles below the
 * ceiling of a service that answers 429 above 6 requests in flight.
 */
import { pipeline } from 'node:stream/promises';
import test from 'ava';
import { BlockUploader, ConfigError, DatasetReader, type ProgressEvent } from '../../lib/index.js';
import { withClient, withClientOptions } from '../client/fixture.js';
import { createDataset, identity, numberedRecords, range } from './support.js';

const BLOCK_SIZE = 200;
const slowPath = withClientOptions({}, { faults: { latencyMs: [20, 40] } });
const limited = withClientOptions({}, { faults: { maxInFlight: 6, latencyMs: [10, 20], retryAfterSeconds: 0 } });

test('with default options over a 20-40 ms path the window grows beyond 4 and records held stay within (max + 1) × blockSize', slowPath, async (t, { client }) => {
  await createDataset(client, 'auto_up');
  const events: ProgressEvent[] = [];
  const uploader = new BlockUploader({ client, dataset: 'auto_up', blockSize: BLOCK_SIZE, onProgress: (event) => events.push(event) });
  await pipeline(numberedRecords(40_000), uploader);
  const { window, maxRecordsHeld, maxBlocksInFlight } = uploader.stats;
  t.is(window.mode, 'auto');
  t.is(window.max, 16, "the client's maxConcurrent");
  t.true(window.peak > 4, `the window went ${window.history.map((point) => point.window).join(' ')}`);
  t.true(maxBlocksInFlight <= window.max);
  t.true(maxRecordsHeld <= (window.max + 1) * BLOCK_SIZE, `held ${maxRecordsHeld}`);
  t.true(events.every((event) => event.window !== undefined && event.window >= 1 && event.window <= 16));

  const reader = new DatasetReader({ client, dataset: await identity(client, 'auto_up'), pageSize: BLOCK_SIZE, output: 'pages' });
  let records = 0;
  for await (const page of reader as AsyncIterable<unknown[]>) records += page.length;
  t.is(records, 40_000);
  t.true(reader.stats.maxPagesHeld <= reader.stats.window.max);
  t.true(reader.stats.window.history.length >= 1);
});

test('a service that answers 429 above 6 in flight: the window settles below the ceiling it learnt, few requests retried, every record once', limited, async (t, { client }) => {
  await createDataset(client, 'ceiling');
  const uploader = new BlockUploader({ client, dataset: 'ceiling', blockSize: BLOCK_SIZE });
  await pipeline(numberedRecords(30_000), uploader);
  const { window } = uploader.stats;
  const path = `ceiling ${window.ceiling}, window ${window.history.map((point) => point.window).join(' ')}`;
  // The service counts a request once it arrived (after the path's latency), so the client may
  // keep more than 6 in flight without a 429: the ceiling is what the client had in flight when
  // one came, and the window ends below it (just below, unless latency on a loaded machine read
  // as queueing took it lower).
  t.true(window.ceiling !== undefined && window.current < window.ceiling, path);
  t.true(window.peak > 6, `the window went past the service's limit on its way up: ${path}`);
  t.true(uploader.stats.maxRecordsHeld <= (window.max + 1) * BLOCK_SIZE, `held ${uploader.stats.maxRecordsHeld}`);
  const reader = new DatasetReader({ client, dataset: await identity(client, 'ceiling'), pageSize: BLOCK_SIZE });
  const received: number[] = [];
  for await (const record of reader) received.push(Number((record as { n: unknown }).n));
  t.deepEqual(received, range(30_000));
  t.true(reader.stats.window.history[0]!.window <= window.current, 'the reader started where the uploader ended');
  const stats = client.stats();
  // 150 blocks and 150 pages: the 429s of the start-up's overshoot while learning, not one per try.
  t.true(stats.rateLimited <= 15, `${stats.rateLimited} answers 429 of ${stats.requests} requests`);
});

test('concurrency and prefetch take a number, auto or { min, max }, and refuse anything else by name', withClient, async (t, { client }) => {
  t.is(new BlockUploader({ client, dataset: 'x', concurrency: 3 }).stats.window.mode, 'fixed');
  t.is(new BlockUploader({ client, dataset: 'x', concurrency: 'auto' }).stats.window.max, 16);
  const bounded = new BlockUploader({ client, dataset: 'x', concurrency: { min: 2, max: 6 } }).stats.window;
  t.deepEqual([bounded.min, bounded.max, bounded.mode], [2, 6, 'auto']);
  await createDataset(client, 'small');
  await pipeline(numberedRecords(10), new BlockUploader({ client, dataset: 'small' }));
  const reader = new DatasetReader({ client, dataset: await identity(client, 'small'), prefetch: { max: 40 } });
  for await (const record of reader) t.truthy(record);
  t.is(reader.stats.window.max, 16, "never above the client's maxConcurrent");
  t.throws(() => new BlockUploader({ client, dataset: 'x', concurrency: 'fast' as 'auto' }), { instanceOf: ConfigError, message: /"concurrency"/ });
  t.throws(() => new DatasetReader({ client, dataset: 'x', prefetch: { min: 0 } }), { instanceOf: ConfigError, message: /"prefetch.min"/ });
});

const oneAtATime = withClientOptions({}, { faults: { maxInFlight: 1, retryAfterSeconds: 1 } });

test('blocks refused with 429 wait out the Retry-After without their places: other blocks go on meanwhile, every record once', oneAtATime, async (t, { client, emu }) => {
  await createDataset(client, 'one');
  const uploader = new BlockUploader({ client, dataset: 'one', blockSize: BLOCK_SIZE });
  await pipeline(numberedRecords(20_000), uploader);
  const patches = emu.emulator.journal().filter((entry) => entry.method === 'PATCH');
  const firstRefusal = patches.findIndex((entry) => entry.status === 429);
  t.true(firstRefusal >= 0, 'the start-up window of 4 met the limit of 1');
  const refusedAt = Date.parse(patches[firstRefusal]!.time);
  // Before any refused block's retry (a second later), the window's one place kept serving new blocks.
  const meanwhile = patches.filter((entry) => entry.status === 204 && Date.parse(entry.time) > refusedAt && Date.parse(entry.time) < refusedAt + 900);
  t.true(meanwhile.length >= 5, `${meanwhile.length} blocks stored while the refused ones waited`);
  t.true(uploader.stats.maxBlocksInFlight <= uploader.stats.window.max);
  t.true(uploader.stats.maxRecordsHeld <= (uploader.stats.window.max + 1) * BLOCK_SIZE);
  const reader = new DatasetReader({ client, dataset: await identity(client, 'one'), pageSize: BLOCK_SIZE });
  const received: number[] = [];
  for await (const record of reader) received.push(Number((record as { n: unknown }).n));
  t.deepEqual(received, range(20_000));
});

const slowOneAtATime = withClientOptions({}, { faults: { maxInFlight: 1, retryAfterSeconds: 0, latencyMs: [200, 300] } });

test('an upload aborted while refused blocks wait for a place again ends at once with AbortError', slowOneAtATime, async (t, { client, emu }) => {
  await createDataset(client, 'aborted');
  const controller = new AbortController();
  const uploader = new BlockUploader({ client, dataset: 'aborted', blockSize: BLOCK_SIZE, signal: controller.signal });
  const refused = new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (emu.emulator.journal().some((entry) => entry.status === 429)) {
        clearInterval(check);
        resolve();
      }
    }, 10);
  });
  const upload = pipeline(numberedRecords(20_000), uploader);
  await refused;
  // Retry-After 0: the refused blocks' retries are now waiting for the window's one place.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const abortedAt = performance.now();
  controller.abort();
  await t.throwsAsync(upload, { name: 'AbortError' });
  // The refused blocks, their wait over, were queued for a place the abort will never free: they were let go.
  t.true(performance.now() - abortedAt < 2000, `ended ${Math.round(performance.now() - abortedAt)} ms after the abort`);
});
