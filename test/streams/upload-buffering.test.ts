/**
 * A fast source into an uploader whose server is slow: the source must wait for the server, the
 * records between them bounded by the uploader's documented figures, never the whole input.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import test from 'ava';
import { BlockUploader, type DataRecord, type RecordBatch } from '../../lib/index.js';
import { withClientOptions } from '../client/fixture.js';
import { createDataset, identity, numberedRecord, numbers, range, readAll } from './support.js';

const RECORDS = 20_000;
const BLOCK_SIZE = 500;
const CONCURRENCY = 2;
const slowServer = withClientOptions({}, { faults: { latencyMs: [20, 40] } });

/** `RECORDS` records in batches of `size`, made as fast as they are read. */
function batches(size: number): Readable {
  return Readable.from(
    (function* generate(): Generator<RecordBatch> {
      for (let first = 0; first < RECORDS; first += size) {
        const records = range(Math.min(size, RECORDS - first), first).map(numberedRecord);
        yield { records, lines: records.map((_, index) => first + index + 2), firstRecord: first + 1 };
      }
    })(),
  );
}

function records(): Readable {
  return Readable.from(
    (function* generate(): Generator<DataRecord> {
      for (let index = 0; index < RECORDS; index++) yield numberedRecord(index);
    })(),
  );
}

interface Buffering {
  /** The most records handed to `write()` that the uploader had not yet taken. */
  maxWaiting: number;
  /** The most chunks in the Writable's buffer (`writableLength`, the chunk being written included). */
  maxChunks: number;
}

/** Pipes `source` into `uploader`, sampling what waits in the uploader's Writable buffer as chunks go in and blocks come back. */
async function upload(source: Readable, uploader: BlockUploader): Promise<Buffering> {
  const seen: Buffering = { maxWaiting: 0, maxChunks: 0 };
  let handed = 0;
  const sample = (): void => {
    seen.maxWaiting = Math.max(seen.maxWaiting, handed - uploader.stats.recordsRead);
    seen.maxChunks = Math.max(seen.maxChunks, uploader.writableLength);
  };
  const done = pipeline(source, uploader);
  // Added after pipeline's own listener, so each sample follows the write of its chunk.
  source.on('data', (chunk: DataRecord | RecordBatch) => {
    handed += Array.isArray(chunk.records) ? (chunk as RecordBatch).records.length : 1;
    sample();
  });
  uploader.on('block', sample);
  await done;
  return seen;
}

test('batches from a fast source wait for a slow server: at most one batch in the Writable beside (concurrency + 1) × blockSize held', slowServer, async (t, { client }) => {
  await createDataset(client, 'slow_batches');
  const uploader = new BlockUploader({ client, dataset: 'slow_batches', blockSize: BLOCK_SIZE, concurrency: CONCURRENCY });
  const seen = await upload(batches(BLOCK_SIZE), uploader);

  t.is(uploader.stats.recordsStored, RECORDS);
  t.true(uploader.stats.maxRecordsHeld <= (CONCURRENCY + 1) * BLOCK_SIZE, `held ${uploader.stats.maxRecordsHeld}`);
  t.true(seen.maxWaiting <= BLOCK_SIZE, `${seen.maxWaiting} records waited in the Writable's buffer`);
  t.true(seen.maxChunks <= 1, `${seen.maxChunks} batches in the Writable's buffer`);
  t.is(uploader.writableHighWaterMark, 1, 'the Writable buffers one chunk by default');
  t.deepEqual(numbers(await readAll(client, await identity(client, 'slow_batches'))), range(RECORDS));
});

test('records one at a time from a fast source wait for a slow server: at most one record in the Writable', slowServer, async (t, { client }) => {
  await createDataset(client, 'slow_records');
  const uploader = new BlockUploader({ client, dataset: 'slow_records', blockSize: BLOCK_SIZE, concurrency: CONCURRENCY });
  const seen = await upload(records(), uploader);

  t.is(uploader.stats.recordsStored, RECORDS);
  t.true(uploader.stats.maxRecordsHeld <= (CONCURRENCY + 1) * BLOCK_SIZE, `held ${uploader.stats.maxRecordsHeld}`);
  t.true(seen.maxWaiting <= 1, `${seen.maxWaiting} records waited in the Writable's buffer`);
  t.true(seen.maxChunks <= 1, `${seen.maxChunks} records in the Writable's buffer`);
});
