import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import test from 'ava';
import { AbortError, BlockUploader, ConfigError, DatasetReader, IntegrityError, type Data8Client, type DataRecord, type ProgressEvent } from '../../lib/index.js';
import { withClient } from '../client/fixture.js';
import { createDataset, identity, numberedRecords, numbers, range } from './support.js';

async function outputOf(client: Data8Client, count: number): Promise<string> {
  await createDataset(client, 'source');
  await pipeline(numberedRecords(count), new BlockUploader({ client, dataset: 'source' }));
  return identity(client, 'source');
}

async function collect(reader: DatasetReader): Promise<DataRecord[]> {
  const records: DataRecord[] = [];
  for await (const record of reader) records.push(record as DataRecord);
  return records;
}

test('reading from any record resumes a download: records start..recordCount, in order', withClient, async (t, { client }) => {
  const output = await outputOf(client, 2_500);
  const events: ProgressEvent[] = [];
  const reader = new DatasetReader({ client, dataset: output, start: 1_001, pageSize: 300, prefetch: 3, onProgress: (event) => events.push(event) });
  t.deepEqual(numbers(await collect(reader)), range(1_500, 1_000));
  t.like(reader.stats, { recordCount: 2_500, records: 1_500, pages: 5 });
  t.true(reader.stats.maxPagesHeld <= 3);
  t.true(events.every((event) => event.phase === 'download' && event.totalRecords === 1_500));
  t.like(events.at(-1), { done: true, records: 1_500, percent: 100 });
  t.deepEqual(await collect(new DatasetReader({ client, dataset: output, start: 2_501 })), [], 'just past the end: nothing left');
  const error = await t.throwsAsync(collect(new DatasetReader({ client, dataset: output, start: 2_502 })), { instanceOf: ConfigError });
  t.regex(error.message, /"start" is 2502 but dataset ".+" holds 2500 records/);
});

test('in pages mode each chunk is a page of records, in order', withClient, async (t, { client }) => {
  const output = await outputOf(client, 2_345);
  const reader = new DatasetReader({ client, dataset: output, pageSize: 500, output: 'pages' });
  const pages: DataRecord[][] = [];
  for await (const page of reader) pages.push(page as DataRecord[]);
  t.deepEqual(pages.map((page) => page.length), [500, 500, 500, 500, 345]);
  t.deepEqual(numbers(pages.flat()), range(2_345));
  t.is(reader.stats.records, 2_345);
});

test('a page that comes back short is an IntegrityError, never a silent gap', withClient, async (t, { client }) => {
  const output = await outputOf(client, 1_200);
  // A deployment that loses a record on the way: the reader must notice.
  const lossy = {
    assumedValues: client.assumedValues,
    datasets: {
      get: client.datasets.get.bind(client.datasets),
      readRecords: async (name: string, page: { start: number; count: number }) => {
        const records = await client.datasets.readRecords(name, page);
        return page.start === 501 ? records.slice(1) : records;
      },
    },
  };
  const error = await t.throwsAsync(collect(new DatasetReader({ client: lossy, dataset: output, pageSize: 500 })), { instanceOf: IntegrityError });
  t.regex(error.message, /answered 499 records for records 501\.\.1000, expected 500 \(its recordCount is 1200\): records would be lost/);
});

test('the reader stops fetching while its consumer does not read', withClient, async (t, { client, emu }) => {
  const output = await outputOf(client, 5_000);
  const pageRequests = () => emu.emulator.journal().filter((entry) => entry.method === 'GET' && entry.route === '/Dataset/:name/data').length;
  const reader = new DatasetReader({ client, dataset: output, pageSize: 100, prefetch: 2 });
  const iterator = reader[Symbol.asyncIterator]();
  for (let index = 0; index < 150; index++) await iterator.next();
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.true(pageRequests() <= 3, `at most the page being read and two ahead were asked for (asked ${pageRequests()})`);
  let rest = 0;
  for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) rest++;
  t.is(rest, 4_850);
  t.is(pageRequests(), 50);
  t.true(reader.stats.maxPagesHeld <= 2);
});

test('an aborted signal destroys the reader with AbortError', withClient, async (t, { client }) => {
  const output = await outputOf(client, 3_000);
  const controller = new AbortController();
  const reader = new DatasetReader({ client, dataset: output, pageSize: 100, signal: controller.signal });
  let seen = 0;
  const sink = new Writable({
    objectMode: true,
    write(_record, _encoding, callback) {
      if (++seen === 250) controller.abort();
      callback();
    },
  });
  await t.throwsAsync(pipeline(reader, sink), { instanceOf: AbortError });
  t.true(seen < 3_000);
});
