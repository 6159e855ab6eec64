/**
 * A reader fed large input chunks by a byte stream, read by a slow consumer: it must parse
 * only as fast as it is read, whatever the size of the chunks it is given.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import test from 'ava';
import { readRecords, type RecordBatch } from '../../lib/index.js';
import { slowConsumer } from '../helpers/slow-consumer.js';

const ROWS = 40_000;
/** Every row is this long, so the rows of one parsed slice of input are known. */
const ROW_BYTES = 32;
const BATCH_SIZE = 100;
/** Input the reader parses at a time (documented with its `highWaterMark`). */
const SLICE_BYTES = 16 * 1024;

function row(index: number): string {
  const n = String(index).padStart(6, '0');
  return `${n},${'name '.padEnd(ROW_BYTES - n.length - 2, 'x')}\n`;
}

test('a 1.3 MB input chunk is parsed as the consumer reads: records waiting stay within highWaterMark batches and one slice', async (t) => {
  const text = `n,name\n${Array.from({ length: ROWS }, (_, index) => row(index)).join('')}`;
  t.is(row(0).length, ROW_BYTES);
  const reader = readRecords(Readable.from([Buffer.from(text)]), { output: 'batches', batchSize: BATCH_SIZE });
  let consumed = 0;
  let expected = 0;
  let outOfOrder = 0;
  let maxWaiting = 0;
  await pipeline(
    reader,
    slowConsumer((batch: RecordBatch) => {
      for (const record of batch.records) if (Number(record.n) !== expected++) outOfOrder++;
      consumed += batch.records.length;
      maxWaiting = Math.max(maxWaiting, reader.recordsRead - consumed);
    }),
  );
  t.is(consumed, ROWS);
  t.is(outOfOrder, 0);
  // The reader's buffer, the records of the slice that filled it (a row may straddle two
  // slices) and the batch being gathered.
  const bound = reader.readableHighWaterMark * BATCH_SIZE + Math.ceil(SLICE_BYTES / ROW_BYTES) + 1 + BATCH_SIZE;
  t.true(maxWaiting <= bound, `${maxWaiting} records read waited for the consumer (bound ${bound})`);
});

test('a file read in batches by a slow consumer gives every record, whatever the batches and slices have in common', async (t) => {
  // Parsing that resumed on a read and ended its chunk without a whole batch once left the
  // reader waiting for a read that never came.
  t.timeout(60_000);
  const directory = await mkdtemp(join(tmpdir(), 'd8-read-buffering-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const path = join(directory, 'rows.csv');
  await writeFile(path, `n,name\n${Array.from({ length: ROWS }, (_, index) => row(index)).join('')}`);
  for (const batchSize of [7, 100, 1_000, 4_000]) {
    let expected = 0;
    let outOfOrder = 0;
    await pipeline(
      readRecords(path, { output: 'batches', batchSize }),
      slowConsumer((batch: RecordBatch) => {
        for (const record of batch.records) if (Number(record.n) !== expected++) outOfOrder++;
      }),
    );
    t.is(expected, ROWS, `batches of ${batchSize}`);
    t.is(outOfOrder, 0, `batches of ${batchSize}`);
  }
});
