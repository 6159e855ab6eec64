/**
 * A fast server read into a slow consumer: the reader must wait for its consumer, the records
 * between them bounded by the reader's documented figures, never the whole dataset.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import test from 'ava';
import { BlockUploader, DatasetReader, writeRecords, type Data8Client, type DataRecord } from '../../lib/index.js';
import { withClient } from '../client/fixture.js';
import { slowConsumer } from '../helpers/slow-consumer.js';
import { createDataset, identity, numberedRecords, range } from './support.js';

const RECORDS = 5_000;
const PAGE_SIZE = 100;
const PREFETCH = 2;

/** An output dataset of `RECORDS` numbered records, read a page at a time. */
async function pagesOf(client: Data8Client): Promise<DatasetReader> {
  await createDataset(client, 'source');
  await pipeline(numberedRecords(RECORDS), new BlockUploader({ client, dataset: 'source' }));
  return new DatasetReader({ client, dataset: await identity(client, 'source'), pageSize: PAGE_SIZE, prefetch: PREFETCH, output: 'pages' });
}

test('pages read from a fast server into a slow consumer wait for it: one page buffered beside prefetch pages held', withClient, async (t, { client }) => {
  const reader = await pagesOf(client);
  const received: number[] = [];
  let maxBuffered = 0;
  let maxWaiting = 0;
  await pipeline(
    reader,
    slowConsumer((page: DataRecord[]) => {
      received.push(...page.map((record) => Number(record.n)));
      maxBuffered = Math.max(maxBuffered, reader.readableLength);
      maxWaiting = Math.max(maxWaiting, reader.stats.records - received.length);
    }, 5),
  );
  t.deepEqual(received, range(RECORDS));
  t.true(maxWaiting <= PAGE_SIZE, `${maxWaiting} records delivered waited for the consumer`);
  t.true(maxBuffered <= reader.readableHighWaterMark, `${maxBuffered} pages in the reader's buffer`);
  t.true(reader.stats.maxPagesHeld <= PREFETCH, `held ${reader.stats.maxPagesHeld} pages`);
});

test('pages written by writeRecords to a slow destination wait for it: one page in the buffer of each stream', withClient, async (t, { client }) => {
  const reader = await pagesOf(client);
  const lines: string[] = [];
  let maxWaiting = 0;
  let maxChunks = 0;
  const destination = new Writable({
    write(text: Buffer, _encoding, callback) {
      lines.push(...text.toString().split('\n').filter((line) => line !== ''));
      sample();
      setTimeout(callback, 100);
    },
  });
  const writer = writeRecords(destination, { format: 'ndjson' });
  const sample = (): void => {
    maxWaiting = Math.max(maxWaiting, reader.stats.records - writer.recordsWritten);
    maxChunks = Math.max(maxChunks, writer.writableLength);
  };
  // Each page delivered: the moment the records between reader and writer are most.
  reader.on('progress', sample);
  await pipeline(reader, writer);
  t.deepEqual(lines.map((line) => Number((JSON.parse(line) as DataRecord).n)), range(RECORDS));
  // A page in the reader's buffer and one handed to the writer, not yet taken.
  t.true(maxWaiting <= 2 * PAGE_SIZE, `${maxWaiting} records delivered waited for the writer`);
  t.true(maxChunks <= 1, `${maxChunks} pages in the writer's buffer`);
  t.is(writer.writableHighWaterMark, 1, 'the writer buffers one chunk by default');
});

test('a DatasetReader of records piped into writeRecords takes the pages path: same records, in order, one page buffered', withClient, async (t, { client }) => {
  await createDataset(client, 'plain');
  await pipeline(numberedRecords(RECORDS), new BlockUploader({ client, dataset: 'plain' }));
  const output = await identity(client, 'plain');
  const reader = new DatasetReader({ client, dataset: output, pageSize: PAGE_SIZE, prefetch: PREFETCH });
  const chunks: number[] = [];
  let maxBuffered = 0;
  const sink = new Writable({
    objectMode: true,
    highWaterMark: 1,
    write(chunk: DataRecord | DataRecord[], _encoding, callback) {
      chunks.push(Array.isArray(chunk) ? chunk.length : 1);
      maxBuffered = Math.max(maxBuffered, reader.readableLength);
      setTimeout(callback, 2);
    },
  });
  // A destination that takes pages asks for them the way writeRecords does.
  const { takePagesFrom } = await import('../../lib/core/bulk-chunks.js');
  sink.on('pipe', takePagesFrom);
  await pipeline(reader, sink);
  t.is(chunks.reduce((sum, size) => sum + size, 0), RECORDS);
  t.true(chunks.filter((size) => size === PAGE_SIZE).length >= RECORDS / PAGE_SIZE - 2, `chunk sizes ${chunks.slice(0, 20).join(' ')}`);
  t.true(maxBuffered <= 1, `${maxBuffered} pages buffered`);

  const out: DataRecord[] = [];
  const writer = writeRecords(new Writable({ write: (_chunk, _encoding, callback) => callback() }));
  const again = new DatasetReader({ client, dataset: output, pageSize: PAGE_SIZE });
  again.on('data', (record: DataRecord) => out.push(record));
  await pipeline(again, writer);
  t.deepEqual(out.map((record) => Number(record.n)), range(RECORDS), 'with a second reader of its records it stays record by record');
});
