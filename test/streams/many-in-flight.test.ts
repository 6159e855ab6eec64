import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import test from 'ava';
import { BlockUploader, DatasetReader, type DataRecord } from '../../lib/index.js';
import { withClientOptions } from '../client/fixture.js';
import { identity } from './support.js';

test('an uploader and a reader with more than 10 requests in flight warn of no listener leak', withClientOptions({ rateLimit: { maxConcurrent: 32 } }), async (t, { client }) => {
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => void warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  t.teardown(() => process.off('warning', onWarning));

  await client.datasets.create({ name: 'wide_flight', columns: { n: 1 } });
  const uploader = new BlockUploader({ client, dataset: 'wide_flight', blockSize: 100, concurrency: 16 });
  await pipeline(Readable.from(Array.from({ length: 4_000 }, (_, n) => ({ n }))), uploader);
  t.is(uploader.stats.recordsStored, 4_000);
  t.true(uploader.stats.maxBlocksInFlight > 10, `${uploader.stats.maxBlocksInFlight} blocks were in flight at most`);

  const reader = new DatasetReader({ client, dataset: await identity(client, 'wide_flight'), pageSize: 100, prefetch: 16, output: 'pages' });
  let received = 0;
  await pipeline(reader, new Writable({ objectMode: true, write: (page: DataRecord[], _encoding, callback) => ((received += page.length), callback()) }));
  t.is(received, 4_000);
  t.true(reader.stats.maxPagesHeld > 10, `${reader.stats.maxPagesHeld} pages were held at most`);

  await new Promise((resolve) => setImmediate(resolve));
  t.deepEqual(warnings, []);
});
