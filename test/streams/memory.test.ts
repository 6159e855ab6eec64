import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import test from 'ava';
import { BlockUploader, DatasetReader } from '../../lib/index.js';
import { withClient } from '../client/fixture.js';
import { identity } from './support.js';

const RECORDS = 1_000_000;

test('on 1,000,000 records the uploader holds at most (concurrency + 1) × blockSize records and the reader at most prefetch pages', withClient, async (t, { client }) => {
  await client.datasets.create({ name: 'million', columns: { n: 1 } });
  const uploader = new BlockUploader({ client, dataset: 'million', blockSize: 1_000, concurrency: 4 });
  const source = Readable.from(
    (function* generate() {
      for (let n = 0; n < RECORDS; n++) yield { n };
    })(),
  );
  await pipeline(source, uploader);
  t.is(uploader.stats.recordsStored, RECORDS);
  t.true(uploader.stats.maxRecordsHeld <= 5 * 1_000, `held ${uploader.stats.maxRecordsHeld}`);
  t.true(uploader.stats.maxBlocksInFlight <= 4);

  const reader = new DatasetReader({ client, dataset: await identity(client, 'million'), prefetch: 3 });
  let expected = 0;
  let outOfOrder = 0;
  await pipeline(
    reader,
    new Writable({
      objectMode: true,
      write(record: { n: number }, _encoding, callback) {
        if (record.n !== expected) outOfOrder++;
        expected++;
        callback();
      },
    }),
  );
  t.is(expected, RECORDS);
  t.is(outOfOrder, 0);
  t.true(reader.stats.maxPagesHeld <= 3, `held ${reader.stats.maxPagesHeld} pages`);
});
