/**
 * A refused record is named by its true input line when a transform between `readRecords` and
 * `BlockUploader` drops, reorders or rebuilds records: the reader knows its records by object
 * identity, so a record passed on keeps its line, and one built anew is named by its place in
 * the upload with no line (never another record's).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import test, { type ExecutionContext } from 'ava';
import chain, { many, none } from 'stream-chain';
import { BlockUploader, readRecords, type Data8Client, RecordRejectedError, type DataRecord, type RecordReader } from '../../lib/index.js';
import { withClient } from '../client/fixture.js';

// 40 people; the one with id 23 has the age "forty", which the Integer column refuses. Record 5
// spans two lines, so record 23 starts on line 25 (header + 23 records + 1).
async function peopleCsv(directory: string): Promise<string> {
  const rows = ['Person Id,Full Name,Age,Note'];
  for (let id = 1; id <= 40; id++) rows.push(`${id},Person ${id},${id === 23 ? 'forty' : ''},${id === 5 ? '"two\nlines"' : 'fine'}`);
  const path = join(directory, 'people.csv');
  await writeFile(path, `${rows.join('\n')}\n`);
  return path;
}

const COLUMNS = { person_id: 1, full_name: 0, age: 1, note: 0 };

async function refusal(
  t: ExecutionContext,
  client: Data8Client,
  dataset: string,
  connect: (reader: RecordReader, uploader: BlockUploader) => Promise<unknown>,
): Promise<RecordRejectedError> {
  const directory = await mkdtemp(join(tmpdir(), 'd8-lines-'));
  try {
    const path = await peopleCsv(directory);
    await client.datasets.create({ name: dataset, columns: COLUMNS });
    const reader = readRecords(path, { columns: { 'Person Id': 'Integer' } });
    // As the README does: the schema first, so the reader has read ahead before the uploader exists.
    await reader.whenSchema();
    await new Promise((resolve) => setTimeout(resolve, 20));
    t.true(reader.readableLength > 0, 'records were read ahead');
    const uploader = new BlockUploader({ client, dataset, blockSize: 10, source: reader });
    return await t.throwsAsync(connect(reader, uploader), { instanceOf: RecordRejectedError });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** The README's stream-chain pattern with a filter: `chain([reader, fn, uploader])`, `finished(uploader)`. */
function viaChain(fn: (record: DataRecord) => unknown) {
  return async (reader: RecordReader, uploader: BlockUploader): Promise<void> => {
    const pipe = chain([reader, fn, uploader]);
    pipe.on('error', () => undefined);
    await finished(uploader);
  };
}

test('stream-chain, a filter dropping records before it: the refused record is named at its own line and input record', withClient, async (t, { client }) => {
  const error = await refusal(t, client, 'chain_filter', viaChain((record) => ([3, 4, 17].includes(record.person_id as number) ? none : record)));
  t.is(error.line, 25, 'record 23 starts on line 25, whatever the filter dropped');
  t.is(error.record, 23, 'its number in the input, not its place in the upload (20)');
  t.is(error.column, 'Age');
  t.regex(error.message, /^.*people\.csv:25, record 23, column "Age": the server refused the record/);
});

test('a reordering transform (each block of ten reversed): the refused record keeps its line', withClient, async (t, { client }) => {
  const error = await refusal(t, client, 'reorder', async (reader, uploader) => {
    let held: DataRecord[] = [];
    const reverse = new Transform({
      objectMode: true,
      transform(record: DataRecord, _encoding, callback) {
        held.push(record);
        if (held.length === 10) {
          for (const one of held.reverse()) this.push(one);
          held = [];
        }
        callback();
      },
      flush(callback) {
        for (const one of held.reverse()) this.push(one);
        callback();
      },
    });
    await pipeline(reader, reverse, uploader);
  });
  t.is(error.line, 25);
  t.is(error.record, 23);
});

test('a transform that duplicates records through stream-chain many(): lines stay true', withClient, async (t, { client }) => {
  const error = await refusal(t, client, 'duplicates', viaChain((record) => (record.person_id === 2 ? many([record, record, record]) : record)));
  t.is(error.line, 25);
  t.is(error.record, 23);
});

test('a transform building new objects: no line, the record named by its place in the upload, and said so', withClient, async (t, { client }) => {
  const error = await refusal(t, client, 'rebuilt', viaChain((record) => (record.person_id === 1 ? none : { ...record })));
  t.is(error.line, undefined, 'never another record\'s line');
  t.is(error.record, 22, 'its place in the upload (record 1 was dropped)');
  t.regex(error.message, /people\.csv, record 22, column "Age": .*its input line is not known.*reader\.carryLine\(from, to\).*record 22 is its place in the upload/);
});

test('reader.carryLine keeps the line of a rebuilt record', withClient, async (t, { client }) => {
  let reader: RecordReader | undefined;
  const error = await refusal(t, client, 'carried', async (source, uploader) => {
    reader = source;
    const tidy = (record: DataRecord): unknown => (record.person_id === 1 ? none : source.carryLine(record, { ...record, full_name: String(record.full_name).trim() }));
    await viaChain(tidy)(source, uploader);
  });
  t.truthy(reader);
  t.is(error.line, 25);
  t.is(error.record, 23);
});

test('lineOf by record object: the reader\'s own objects answer, others do not; by number as before', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'd8-lines-'));
  try {
    const reader = readRecords(await peopleCsv(directory));
    const records: DataRecord[] = [];
    for await (const record of reader) records.push(record);
    t.is(reader.lineOf(23), 25);
    t.is(reader.lineOf(0, records[22] as DataRecord), 25, 'by identity, whatever number is given');
    t.is(reader.lineOf(23, { ...records[22] }), undefined);
    t.is(reader.recordNumberOf(records[5] as DataRecord), 6);
    const numbered = readRecords(join(directory, 'people.csv'), { output: 'numbered' });
    for await (const { record, line, recordNumber } of numbered) {
      t.is(numbered.lineOf(-1, record), line);
      t.is(numbered.recordNumberOf(record), recordNumber);
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
