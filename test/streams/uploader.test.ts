import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import test from 'ava';
import { BlockUploader, ConfigError, Data8Client, IntegrityError, readRecords, type BlockEvent } from '../../lib/index.js';
import { withClient, withClientOptions } from '../client/fixture.js';
import { createDataset, identity, numberedRecord, numberedRecords, numbers, range, readAll } from './support.js';

test('25,000 records with an odd block size and concurrency arrive once each, in order', withClient, async (t, { client }) => {
  await createDataset(client, 'people');
  const uploader = new BlockUploader({ client, dataset: 'people', blockSize: 333, concurrency: 3 });
  const acknowledged: number[] = [];
  uploader.on('block', (event: BlockEvent) => acknowledged.push(event.blockNumber));
  await pipeline(numberedRecords(25_000), uploader);
  const stats = uploader.stats;
  t.is(stats.records, 25_000);
  t.is(stats.blocks, Math.ceil(25_000 / 333));
  t.true(stats.completed);
  t.deepEqual([...acknowledged].sort((a, b) => a - b), range(stats.blocks));
  t.true(stats.maxBlocksInFlight <= 3);
  t.true(stats.maxRecordsHeld <= 4 * 333);
  t.true(stats.bytes > 0);
  const dataset = await client.datasets.get('people');
  t.true(dataset.completed);
  t.is(dataset.recordCount, 25_000);
  const output = await readAll(client, await identity(client, 'people'));
  t.deepEqual(numbers(output), range(25_000));
  t.deepEqual(output[97], numberedRecord(97), 'values needing escapes survive the trip');
});

test('two uploaders split one dataset by block ranges; one completes it with the total', withClient, async (t, { client }) => {
  await createDataset(client, 'split');
  const first = new BlockUploader({ client, dataset: 'split', blockSize: 100, firstBlock: 0, maxBlocks: 50, complete: false });
  const second = new BlockUploader({ client, dataset: 'split', blockSize: 100, firstBlock: 50, maxBlocks: 50, complete: false });
  // The second half goes first: block numbers, not arrival order, decide the dataset's order.
  await pipeline(numberedRecords(3_210, 5_000), second);
  await pipeline(numberedRecords(5_000), first);
  t.is(first.stats.lastBlock, 49);
  t.is(second.stats.firstBlock, 50);
  t.is(second.stats.lastBlock, 82);
  t.false((await client.datasets.get('split')).completed, 'neither completes it');
  await client.datasets.complete('split', first.stats.recordsStored + second.stats.recordsStored);
  t.deepEqual(numbers(await readAll(client, await identity(client, 'split'))), range(8_210));
});

test('more records than the block range holds is an error naming the range', withClient, async (t, { client }) => {
  await createDataset(client, 'bounded');
  const uploader = new BlockUploader({ client, dataset: 'bounded', blockSize: 10, firstBlock: 5, maxBlocks: 2, complete: false });
  const error = await t.throwsAsync(pipeline(numberedRecords(21), uploader));
  t.regex(error.message, /record 21.*more records than blocks 5\.\.6/);
});

test('options out of range are refused with the option named', (t) => {
  const client = new Data8Client({ apiUrl: 'http://127.0.0.1:1', authUrl: 'http://127.0.0.1:1', clientId: 'id', clientSecret: 'secret' });
  t.teardown(() => client.close());
  t.throws(() => new BlockUploader({ client, dataset: 'x', blockSize: 1001 }), { instanceOf: ConfigError, message: /Invalid option "blockSize": expected an integer between 1 and 1000, got 1001/ });
  t.throws(() => new BlockUploader({ client, dataset: 'x', concurrency: 0 }), { instanceOf: ConfigError, message: /"concurrency"/ });
});

test('a count the server does not hold fails completion with an IntegrityError', withClient, async (t, { client }) => {
  await createDataset(client, 'counted');
  // Another writer put a block in this uploader's range: the count no longer matches.
  await client.datasets.uploadBlock('counted', 7, [numberedRecord(1)]);
  const uploader = new BlockUploader({ client, dataset: 'counted', blockSize: 10 });
  const error = await t.throwsAsync(pipeline(numberedRecords(25), uploader), { instanceOf: IntegrityError });
  t.regex(error.message, /dataset "counted" could not be completed with the 25 records/);
});

test('retried blocks overwrite: faults on the wire leave every record once', withClientOptions({}, { faults: { rate503: 0.1, dropRate: 0.05, dropMode: 'either', retryAfterSeconds: 0, seed: 7 } }), async (t, { client }) => {
  await createDataset(client, 'faulty');
  const uploader = new BlockUploader({ client, dataset: 'faulty', blockSize: 50, concurrency: 4 });
  await pipeline(numberedRecords(3_000), uploader);
  t.true(uploader.stats.retries > 0, 'the faults made the client retry');
  t.deepEqual(numbers(await readAll(client, await identity(client, 'faulty'))), range(3_000));
});

test('readRecords piped into an uploader with no options takes the batches path: every record once, in order, a chunk per thousand', withClient, async (t, { client }) => {
  const dir = await mkdtemp(join(tmpdir(), 'plain-path-'));
  const file = join(dir, 'people.csv');
  await writeFile(file, ['n,name,note', ...range(2_500).map((n) => `${n},name ${n},`)].join('\n'));
  await createDataset(client, 'plain');
  const uploader = new BlockUploader({ client, dataset: 'plain' });
  const chunks: number[] = [];
  const write = uploader._write.bind(uploader);
  uploader._write = (chunk, encoding, callback) => {
    chunks.push(Array.isArray((chunk as { records?: unknown }).records) ? (chunk as { readonly records: readonly unknown[] }).records.length : 1);
    write(chunk, encoding, callback);
  };
  const plain = new BlockUploader({ client, dataset: 'plain_records' });
  await createDataset(client, 'plain_records');
  await pipeline(readRecords(file), plain);
  t.is(plain.stats.records, 2_500);
  t.deepEqual(numbers(await readAll(client, await identity(client, 'plain_records'))), range(2_500));
  // With a second listener on the reader it stays record by record (that listener expects records).
  const watched = readRecords(file);
  let seen = 0;
  watched.on('data', () => seen++);
  await pipeline(watched, uploader);
  t.is(seen, 2_500);
  t.true(chunks.every((size) => size === 1), 'records, one a chunk, when another consumer reads them too');
  const spied: number[] = [];
  const fast = new BlockUploader({ client, dataset: 'plain_batches' });
  await createDataset(client, 'plain_batches');
  const fastWrite = fast._write.bind(fast);
  fast._write = (chunk, encoding, callback) => {
    spied.push(Array.isArray((chunk as { records?: unknown }).records) ? (chunk as { readonly records: readonly unknown[] }).records.length : 1);
    fastWrite(chunk, encoding, callback);
  };
  await pipeline(readRecords(file), fast);
  t.is(spied.reduce((sum, size) => sum + size, 0), 2_500);
  t.true(spied.filter((size) => size === 1_000).length === 2, `chunk sizes ${spied.length > 30 ? `${spied.length} chunks` : spied.join(' ')}`);
  await rm(dir, { recursive: true, force: true });
});
