import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import test from 'ava';
import {
  AbortError,
  BatchTooLargeError,
  DataGroupBatchStream,
  InputError,
  IntegrityError,
  JobFailedError,
  type DataGroupBatchApi,
  type DataRecord,
  type ProgressEvent,
} from '../../lib/index.js';
import type { DataGroupEvent } from '../../lib/emulator/index.js';
import { contacts, dataGroupEmulator, JOB_ID } from './helpers.js';

async function collect(stream: DataGroupBatchStream, input: Iterable<unknown> | AsyncIterable<unknown>): Promise<DataRecord[]> {
  const out: DataRecord[] = [];
  await pipeline(Readable.from(input), stream, new Writable({
    objectMode: true,
    write(record: DataRecord, _encoding, callback) {
      out.push(record);
      callback();
    },
  }));
  return out;
}

/** The most batches the emulator held created and not yet finished at once. */
function mostInFlight(events: readonly DataGroupEvent[]): number {
  let open = 0;
  let most = 0;
  for (const event of events) {
    if (event.type === 'datagroup.batch.created') most = Math.max(most, ++open);
    if (event.type === 'datagroup.batch.finished') open -= 1;
  }
  return most;
}

test('100,000 records come back once each, in order, with several batches in flight', async (t) => {
  const { client, emulator } = await dataGroupEmulator(t, { dataGroup: { recordsPerSecond: 200_000 } });
  const progress: ProgressEvent[] = [];
  const stream = new DataGroupBatchStream({ client, jobId: JOB_ID, maxBatchBytes: 400_000, concurrency: 4, pollInterval: 5, onProgress: (event) => progress.push(event) });
  let statsEvent: unknown;
  stream.on('stats', (stats: unknown) => {
    statsEvent = stats;
  });
  const total = 100_000;

  const out = await collect(stream, contacts(total));

  t.is(out.length, total);
  const misplaced = out.findIndex((record, index) => record.external_id !== String(index + 1) || record.email !== `first${index + 1}.last${index + 1}@example.com`);
  t.is(misplaced, -1, `record ${misplaced + 1} is out of place or lacks its email`);

  const events = emulator.dataGroup.events();
  const created = events.filter((event) => event.type === 'datagroup.batch.created');
  const stats = stream.stats();
  t.deepEqual(statsEvent, { ...stats, elapsedMs: (statsEvent as { elapsedMs: number }).elapsedMs, retries: 0 });
  t.is(stats.recordsIn, total);
  t.is(stats.recordsOut, total);
  t.is(stats.batches, created.length);
  t.true(created.length >= 20, `${created.length} batches`);
  t.true(created.every((event) => event.bytes <= 400_000), 'no body over maxBatchBytes');
  t.is(created.reduce((sum, event) => sum + event.recordCount, 0), total);
  t.is(stats.bytesSent, created.reduce((sum, event) => sum + event.bytes, 0));
  t.true(mostInFlight(events) >= 2, 'batches overlapped at the server');
  t.true(stats.maxBatchesHeld >= 2 && stats.maxBatchesHeld <= 4, `held ${stats.maxBatchesHeld}`);

  const last = (phase: string) => progress.filter((event) => event.phase === phase).at(-1);
  t.like(last('upload'), { done: true, records: total, blocks: created.length, job: JOB_ID, bytes: stats.bytesSent });
  t.like(last('job'), { done: true, records: total, status: 'COMPLETED', percent: 100 });
  t.like(last('download'), { done: true, records: total, totalRecords: total });
});

test('batches are cut so that no body exceeds the limit and each would have overflowed with the next record', async (t) => {
  const { client, emulator } = await dataGroupEmulator(t);
  const records = contacts(3000).map((record, index) => ({ ...record, note: 'n'.repeat(index % 97) }));
  // One batch at a time, so the server sees them in input order.
  const stream = new DataGroupBatchStream({ client, jobId: JOB_ID, maxBatchBytes: 20_000, concurrency: 1, pollInterval: 2 });
  const out = await collect(stream, records);
  t.deepEqual(out.map((record) => record.external_id), records.map((record) => record.external_id));
  const sizes = emulator.dataGroup.events().flatMap((event) => (event.type === 'datagroup.batch.created' ? [event] : []));
  let next = 0;
  for (const [index, batch] of sizes.entries()) {
    t.true(batch.bytes <= 20_000);
    next += batch.recordCount;
    const following = records[next];
    if (index < sizes.length - 1 && following !== undefined) {
      t.true(batch.bytes + 1 + Buffer.byteLength(JSON.stringify(following)) > 20_000, `batch ${index + 1} had room for the next record`);
    }
  }
});

test('a slow reader holds the stream back: records read ahead stay within the batches allowed in flight', async (t) => {
  const { client, emulator } = await dataGroupEmulator(t);
  let pulled = 0;
  function* source() {
    for (const record of contacts(5000)) {
      pulled += 1;
      yield record;
    }
  }
  const stream = new DataGroupBatchStream({ client, jobId: JOB_ID, maxBatchBytes: 5000, concurrency: 2, pollInterval: 2, readableHighWaterMark: 10 });
  const input = Readable.from(source(), { highWaterMark: 1 });
  input.pipe(stream);
  const finished = () => emulator.dataGroup.events().filter((event) => event.type === 'datagroup.batch.finished').length;
  while (finished() < 2) await delay(10);
  await delay(300);
  const perBatch = emulator.dataGroup.events().find((event) => event.type === 'datagroup.batch.created');
  const batchRecords = perBatch?.type === 'datagroup.batch.created' ? perBatch.recordCount : 0;
  t.true(batchRecords > 10);
  // Two batches held, one being filled, one waiting for a slot, and the stream's small buffers.
  t.true(pulled <= 4 * batchRecords + 20, `pulled ${pulled} records with batches of ${batchRecords}`);
  t.true(stream.stats().batches <= 2, 'no batch beyond the slots was created');

  const out: DataRecord[] = [];
  for await (const record of stream) out.push(record as DataRecord);
  t.is(out.length, 5000);
  t.true(out.every((record, index) => record.external_id === String(index + 1)));
});

test('under random 429s, 503s and dropped connections every record still comes back once, in order', async (t) => {
  const { client, emulator } = await dataGroupEmulator(t, {
    faults: { rate429: 0.08, rate503: 0.08, dropRate: 0.05, dropMode: 'either', retryAfterSeconds: 0, seed: 11 },
  }, {
    // About one request in five meets a fault, and with several in flight which one meets which
    // is not fixed by the seed: six in a row (the default attempts) happen in a few runs in a
    // hundred. This test is about order and completeness, not the retry budget.
    retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 12 },
  });
  const stream = new DataGroupBatchStream({ client, jobId: JOB_ID, maxBatchBytes: 8000, concurrency: 4, pollInterval: 2 });
  const out = await collect(stream, contacts(4000));
  t.is(out.length, 4000);
  t.true(out.every((record, index) => record.external_id === String(index + 1)), 'in order, once each');
  t.true(stream.stats().retries > 0, 'faults were met and retried');
  t.true(emulator.journal().some((entry) => entry.fault !== undefined));
});

test('a batch whose creation answer was lost is created again, and its orphan never reaches the output', async (t) => {
  const { client, emulator } = await dataGroupEmulator(t);
  emulator.faults.plan({ method: 'POST', path: '/v3/async/append/email/job/*/batch', nth: 2, fault: { drop: 'after' } });
  const stream = new DataGroupBatchStream({ client, jobId: JOB_ID, maxBatchBytes: 3000, concurrency: 2, pollInterval: 2 });
  const out = await collect(stream, contacts(300));
  t.deepEqual(out.map((record) => record.external_id), contacts(300).map((record) => record.external_id));
  const created = emulator.dataGroup.events().filter((event) => event.type === 'datagroup.batch.created').length;
  t.is(created, stream.stats().batches + 1, 'the server holds one orphan batch');
});

test('a FAILED batch fails the stream with a JobFailedError naming the batch and its records', async (t) => {
  let batches = 0;
  const { client } = await dataGroupEmulator(t, { dataGroup: { failBatch: () => ++batches === 2 } });
  const stream = new DataGroupBatchStream({ client, jobId: JOB_ID, maxBatchBytes: 3000, concurrency: 1, pollInterval: 2 });
  const error = await t.throwsAsync(collect(stream, contacts(100)), { instanceOf: JobFailedError });
  t.regex(error.message, /^Data Group job 160718103247ad0: batch 2 "[a-z0-9]+" \(records \d+–\d+\) FAILED$/);
});

test('a result with a record missing is an IntegrityError and none of that batch is passed on', async (t) => {
  const { client } = await dataGroupEmulator(t);
  const shortChanging: DataGroupBatchApi = {
    maxBatchBytes: client.maxBatchBytes,
    checkBatchFields: (fields) => client.checkBatchFields(fields),
    createEncodedBatch: (jobId, batch, options) => client.createEncodedBatch(jobId, batch, options),
    getBatch: (jobId, batchId, options) => client.getBatch(jobId, batchId, options),
    getBatchResult: async (jobId, batchId, options) => (await client.getBatchResult(jobId, batchId, options)).slice(1),
  };
  const stream = new DataGroupBatchStream({ client: shortChanging, jobId: JOB_ID, pollInterval: 2 });
  const out: DataRecord[] = [];
  stream.on('data', (record: DataRecord) => out.push(record));
  const error = await t.throwsAsync(pipeline(Readable.from(contacts(10)), stream), { instanceOf: IntegrityError });
  t.regex(error.message, /batch 1 "[a-z0-9]+" \(records 1–10\) sent 10 records but its result holds 9/);
  t.is(out.length, 0);
});

test('aborting the signal stops the stream with an AbortError', async (t) => {
  const { client } = await dataGroupEmulator(t, { dataGroup: { queuedMs: 60_000 } });
  const controller = new AbortController();
  const stream = new DataGroupBatchStream({ client, jobId: JOB_ID, maxBatchBytes: 3000, pollInterval: 5, signal: controller.signal });
  stream.once('progress', () => controller.abort(new Error('user pressed Ctrl-C')));
  const error = await t.throwsAsync(collect(stream, contacts(1000)), { instanceOf: AbortError });
  t.is(error.message, 'The Data Group batch stream was aborted');
  t.true(stream.destroyed);
});

test('a record too large for any batch, or not an object, is refused with its number', async (t) => {
  const { client } = await dataGroupEmulator(t);
  const big = [...contacts(3), { note: 'x'.repeat(2000) }];
  const tooLarge = await t.throwsAsync(collect(new DataGroupBatchStream({ client, jobId: JOB_ID, maxBatchBytes: 1000, source: 'people.csv' }), big), {
    instanceOf: BatchTooLargeError,
  });
  t.is(tooLarge.record, 4);
  t.regex(tooLarge.message, /^Record 4 alone would make a batch request body of 2,0\d\d bytes, 1,0\d\d bytes over the limit of 1,000 bytes/);
  const notObject = await t.throwsAsync(collect(new DataGroupBatchStream({ client, jobId: JOB_ID, source: 'people.csv' }), [{ a: '1' }, 'oops']), {
    instanceOf: InputError,
  });
  t.is(notObject.message, 'people.csv, record 2: expected a record object, got string');
});

test('stream options are checked: a limit above the client\'s and an http notification URL are refused', (t) => {
  const client = { maxBatchBytes: 10_000, checkBatchFields: () => undefined } as unknown as DataGroupBatchApi;
  t.throws(() => new DataGroupBatchStream({ client, jobId: JOB_ID, maxBatchBytes: 20_000 }), { message: /"maxBatchBytes": expected an integer between 16 and 10000, got 20000/ });
  t.throws(() => new DataGroupBatchStream({ client, jobId: '' }), { message: /"jobId"/ });
});

test('concurrency is adaptive by default, bounded by 64 MB of batch bodies and the client\'s maxConcurrent; a number stays fixed', (t) => {
  const client = { maxBatchBytes: 10_000_000, checkBatchFields: () => undefined, stats: () => ({ retries: 0, concurrency: { max: 16 } }) } as unknown as DataGroupBatchApi;
  const auto = new DataGroupBatchStream({ client, jobId: JOB_ID }).stats().window;
  t.deepEqual([auto.mode, auto.min, auto.max, auto.current], ['auto', 1, 6, 4], 'floor(64 MB / 10 MB) = 6 batches');
  t.is(new DataGroupBatchStream({ client, jobId: JOB_ID, maxBatchBytes: 100_000 }).stats().window.max, 16, "small batches: the client's maxConcurrent");
  t.deepEqual(new DataGroupBatchStream({ client, jobId: JOB_ID, concurrency: 3 }).stats().window.mode, 'fixed');
  t.throws(() => new DataGroupBatchStream({ client, jobId: JOB_ID, concurrency: 'many' as 'auto' }), { message: /"concurrency"/ });
});

test('a batch body is let go once the batch is created, while the batch is still being polled', async (t) => {
  setFlagsFromString('--expose-gc');
  const collectGarbage = runInNewContext('gc') as () => void;
  const { client } = await dataGroupEmulator(t, { dataGroup: { queuedMs: 400 } });
  let sentBody: WeakRef<Buffer> | undefined;
  let polls = 0;
  let bodyAliveWhilePolled: boolean | undefined;
  const watched: DataGroupBatchApi = {
    maxBatchBytes: client.maxBatchBytes,
    checkBatchFields: (fields) => client.checkBatchFields(fields),
    createEncodedBatch: async (jobId, batch, options) => {
      sentBody = new WeakRef(batch.body);
      return client.createEncodedBatch(jobId, batch, options);
    },
    getBatch: async (jobId, batchId, options) => {
      if (++polls === 3) {
        collectGarbage();
        bodyAliveWhilePolled = sentBody?.deref() !== undefined;
      }
      return client.getBatch(jobId, batchId, options);
    },
    getBatchResult: (jobId, batchId, options) => client.getBatchResult(jobId, batchId, options),
  };
  const stream = new DataGroupBatchStream({ client: watched, jobId: JOB_ID, concurrency: 1, pollInterval: 20 });
  const out = await collect(stream, contacts(2_000));
  t.is(out.length, 2_000);
  t.true(polls >= 3, `the batch was polled ${polls} times`);
  t.false(bodyAliveWhilePolled, 'the body was still reachable while the batch was polled');
});

test('a 429 to a batch create tells the adaptive window which batch was refused, and every record still comes back once', async (t) => {
  const { client, emulator } = await dataGroupEmulator(t);
  emulator.faults.plan({ method: 'POST', path: '/v3/async/append/email/job/*/batch', nth: 3, fault: { status: 429, retryAfterSeconds: 0 } });
  let told = 0;
  let creates = 0;
  let listening = 0;
  const watched: DataGroupBatchApi = {
    maxBatchBytes: client.maxBatchBytes,
    checkBatchFields: (fields) => client.checkBatchFields(fields),
    createEncodedBatch: (jobId, batch, options) => {
      creates++;
      if (options?.onSlowDown !== undefined) listening++;
      return client.createEncodedBatch(jobId, batch, {
        ...options,
        onSlowDown: (answer) => {
          told++;
          options?.onSlowDown?.(answer);
        },
      });
    },
    getBatch: (jobId, batchId, options) => client.getBatch(jobId, batchId, options),
    getBatchResult: (jobId, batchId, options) => client.getBatchResult(jobId, batchId, options),
    stats: () => client.stats(),
  };
  const stream = new DataGroupBatchStream({ client: watched, jobId: JOB_ID, maxBatchBytes: 3000, pollInterval: 2 });
  const out = await collect(stream, contacts(600));
  t.deepEqual(out.map((record) => record.external_id), contacts(600).map((record) => record.external_id));
  t.is(told, 1, `one 429 among ${creates} creates`);
  t.is(listening, creates, 'every create carries the window\'s onSlowDown');
  const { ceiling, current } = stream.stats().window;
  // The refused create was sent with at most the first window (4) in flight.
  t.true(ceiling !== undefined && ceiling <= 4 && current < ceiling, `ceiling ${ceiling}, window ${current}`);
});
