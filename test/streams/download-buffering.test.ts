/**
 * A fast server read into a slow consumer: the reader must wait for its consumer, the records
 * between them bounded by the reader's documented figures, never the whole dataset.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import test from 'ava';
import { BlockUploader, DatasetReader, type DataRecord } from '../../lib/index.js';
import { withClient } from '../client/fixture.js';
import { createDataset, identity, numberedRecords, range } from './support.js';

const RECORDS = 5_000;
const PAGE_SIZE = 100;
const PREFETCH = 2;

test('pages read from a fast server into a slow consumer wait for it: one page buffered beside prefetch pages held', withClient, async (t, { client }) => {
  await createDataset(client, 'source');
  await pipeline(numberedRecords(RECORDS), new BlockUploader({ client, dataset: 'source' }));
  const reader = new DatasetReader({ client, dataset: await identity(client, 'source'), pageSize: PAGE_SIZE, prefetch: PREFETCH, output: 'pages' });
  const received: number[] = [];
  let maxBuffered = 0;
  let maxWaiting = 0;
  await pipeline(
    reader,
    new Writable({
      objectMode: true,
      highWaterMark: 1,
      write(page: DataRecord[], _encoding, callback) {
        received.push(...page.map((record) => Number(record.n)));
        maxBuffered = Math.max(maxBuffered, reader.readableLength);
        maxWaiting = Math.max(maxWaiting, reader.stats.records - received.length);
        // Slower than the local server answers, as a disk or a pipe to another process can be.
        setTimeout(callback, 5);
      },
    }),
  );
  t.deepEqual(received, range(RECORDS));
  t.true(maxWaiting <= PAGE_SIZE, `${maxWaiting} records delivered waited for the consumer`);
  t.true(maxBuffered <= reader.readableHighWaterMark, `${maxBuffered} pages in the reader's buffer`);
  t.true(reader.stats.maxPagesHeld <= PREFETCH, `held ${reader.stats.maxPagesHeld} pages`);
});
