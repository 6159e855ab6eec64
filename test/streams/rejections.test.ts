import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import test from 'ava';
import { BlockUploader, readRecords, RecordRejectedError, type DataRecord, type RejectedRecord } from '../../lib/index.js';
import { withClient } from '../client/fixture.js';
import { identity, readAll } from './support.js';

// 40 people. The dataset's Age column is an Integer and the file is read as text (CSV values
// stay strings): empty ages travel as empty values, the one filled in ("forty", id 23) is
// refused by the server. A quoted note spanning two lines earlier on makes lines and record
// numbers differ.
async function peopleCsv(directory: string): Promise<string> {
  const rows = ['Person Id,Full Name,Age,Note'];
  for (let id = 1; id <= 40; id++) {
    const age = id === 23 ? 'forty' : '';
    rows.push(`${id},Person ${id},${age},${id === 5 ? '"two\nlines"' : 'fine'}`);
  }
  const path = join(directory, 'people.csv');
  await writeFile(path, `${rows.join('\n')}\n`);
  return path;
}

const COLUMNS = { person_id: 1, full_name: 0, age: 1, note: 0 };

async function withCsv(run: (path: string) => Promise<void>): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'd8-rejections-'));
  try {
    await run(await peopleCsv(directory));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

for (const output of ['records', 'batches'] as const) {
  test(`a refused record fails the upload naming the input file, line, record and header (${output})`, withClient, async (t, { client }) => {
    await withCsv(async (path) => {
      await client.datasets.create({ name: `people_${output}`, columns: COLUMNS });
      const reader = readRecords(path, { output, batchSize: 7, columns: { 'Person Id': 'Integer' } });
      const uploader = new BlockUploader({ client, dataset: `people_${output}`, blockSize: 10, source: reader });
      const error = await t.throwsAsync(pipeline(reader, uploader), { instanceOf: RecordRejectedError });
      t.is(error.file, path);
      t.is(error.record, 23);
      t.is(error.line, 25, 'header line + 23 records + one extra line in record 5');
      t.is(error.column, 'Age', 'the header as the file spells it');
      t.regex(error.message, /people\.csv:25, record 23, column "Age": the server refused the record \(block 2 of dataset "people_\w+"\): .+/);
    });
  });
}

test('with onRejected, a refused record is handed over and its block sent again without it', withClient, async (t, { client }) => {
  await withCsv(async (path) => {
    await client.datasets.create({ name: 'people', columns: COLUMNS });
    const reader = readRecords(path, { columns: { 'Person Id': 'Integer' } });
    const rejected: RejectedRecord[] = [];
    const uploader = new BlockUploader({ client, dataset: 'people', blockSize: 10, source: reader, onRejected: (refused) => void rejected.push(refused) });
    await pipeline(reader, uploader);
    t.is(rejected.length, 1);
    t.deepEqual(rejected[0]?.record, { person_id: 23, full_name: 'Person 23', age: 'forty', note: 'fine' });
    t.is(rejected[0]?.error.column, 'Age');
    t.is(rejected[0]?.error.line, 25);
    t.is(uploader.stats.recordsRejected, 1);
    t.is(uploader.stats.resends, 1);
    t.is(uploader.stats.recordsStored, 39);
    const ids = (await readAll(client, await identity(client, 'people'))).map((record: DataRecord) => record.person_id);
    t.deepEqual(ids, Array.from({ length: 40 }, (_, index) => index + 1).filter((id) => id !== 23));
  });
});
