/**
 * NDJSON and JSON records with varying keys and nested values, and gzip-compressed inputs and
 * outputs, read through `readRecords` from the fixtures in test/fixtures/records/ (the command's
 * view of the same files is test/cli/records-files.test.ts).
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import test from 'ava';
import { readRecords, writeRecords, type RecordSchema } from '../../lib/index.js';
import { readAll, readError, temporaryDirectory, toStream } from './read-all.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'records');
const fixture = (name: string): string => join(FIXTURES, name);

const CONTACTS = [
  { first_name: 'Ann', last_name: 'Smith', email: 'ann@example.com' },
  { first_name: 'Bob', last_name: 'Jones', email: 'bob@example.com' },
  { first_name: 'Cat', last_name: 'Brown', email: 'cat@example.com' },
];

const VARYING = [
  { first_name: 'Ann', email: 'ann@example.com', phone: null, postcode: null },
  { first_name: 'Bob', email: null, phone: '07700 900123', postcode: null },
  { first_name: 'Cat', email: 'cat@example.com', phone: null, postcode: 'LS1 4AP' },
];

test('varying keys: the columns are the union over the sample, in the order first seen, and a note says so once', async (t) => {
  const reader = readRecords(fixture('varying-keys.ndjson'));
  const schema = await reader.whenSchema();
  t.deepEqual(schema.columns.map((column) => column.name), ['first_name', 'email', 'phone', 'postcode']);
  t.deepEqual(schema.input?.notes, [
    'the records do not all have the same keys: the 4 columns are the keys of the first 3 records (sampleSize 1000), of which the first record has 2 (not "phone", "postcode"); a missing key is an empty value',
  ]);
  const records: unknown[] = [];
  for await (const record of reader) records.push(record);
  t.deepEqual(records, VARYING);
});

test('records with the same keys carry no note', async (t) => {
  const schema = await readRecords(toStream(Buffer.from('{"a":1}\n{"a":2}\n')), { format: 'ndjson' }).whenSchema();
  t.deepEqual(schema.input?.notes, []);
});

test('a key first seen after the sample is an InputError naming its line and the options that decide; declared, it is fine', async (t) => {
  const error = await readError(t, fixture('varying-keys.ndjson'), { sampleSize: 2 });
  t.is(error.line, 3);
  t.is(error.column, 'postcode');
  t.regex(error.message, /varying-keys\.ndjson:3, record 3, column "postcode": the key "postcode" is not one of the columns \("first_name", "email", "phone"\); the columns are the keys of the first 2 records \(sampleSize\), and this key first appears after them: declare every column with the "columns" option \(or raise sampleSize\)$/);
  const declared = await readAll(fixture('varying-keys.ndjson'), { sampleSize: 2, columns: { postcode: 'String' } });
  t.deepEqual(declared.map((record) => record.postcode), [null, null, 'LS1 4AP']);
  const listed = await readError(t, fixture('varying-keys.ndjson'), { columns: ['first_name', 'email'] });
  t.regex(listed.message, /:2, record 2, column "phone": .*the "columns" option names the only keys a record may have$/);
});

test('the union is the same whatever the chunking, and for a JSON array', async (t) => {
  const bytes = readFileSync(fixture('varying-keys.ndjson'));
  t.deepEqual(await readAll(bytes, { format: 'ndjson' }), VARYING);
  const array = Buffer.from(`[${bytes.toString('utf8').trim().split('\n').join(',\n')}]`);
  t.deepEqual(await readAll(array, { format: 'json' }), VARYING);
});

test("nested: 'error' (the default) refuses a nested value, naming line, key and both other modes", async (t) => {
  const error = await readError(t, fixture('nested.ndjson'));
  t.is(error.line, 1);
  t.is(error.column, 'address');
  t.regex(error.message, /nested\.ndjson:1, record 1, column "address": the value of "address" is a nested object.*nested: 'json' \(--nested json\).*nested: 'flatten' \(--nested flatten\).*"address_city"/);
});

test("nested: 'json' keeps nested values as their JSON text, in String columns", async (t) => {
  const reader = readRecords(fixture('nested.ndjson'), { nested: 'json' });
  const records = await readAll(fixture('nested.ndjson'), { nested: 'json' });
  t.deepEqual(records, [
    { first_name: 'Ann', address: '{"city":"Leeds","postcode":"LS1 4AP"}', tags: '["vip","2024"]' },
    { first_name: 'Bob', address: '{"city":"York","geo":{"lat":53.96}}', tags: '[]' },
  ]);
  const schema: RecordSchema = await reader.whenSchema();
  t.deepEqual(schema.columns.map((column) => column.type), ['String', 'String', 'String']);
  reader.destroy();
});

test("nested: 'flatten' makes address_city at any depth, keeps arrays as JSON text and types the leaves", async (t) => {
  const reader = readRecords(fixture('nested.ndjson'), { nested: 'flatten' });
  const schema = await reader.whenSchema();
  t.deepEqual(
    schema.columns.map((column) => `${column.name} ${column.type}`),
    ['first_name String', 'address_city String', 'address_postcode String', 'tags String', 'address_geo_lat Decimal'],
  );
  const records: unknown[] = [];
  for await (const record of reader) records.push(record);
  t.deepEqual(records, [
    { first_name: 'Ann', address_city: 'Leeds', address_postcode: 'LS1 4AP', tags: '["vip","2024"]', address_geo_lat: null },
    { first_name: 'Bob', address_city: 'York', address_postcode: null, tags: '[]', address_geo_lat: 53.96 },
  ]);
  t.deepEqual(await readAll(fixture('nested.json'), { nested: 'flatten' }), [
    { first_name: 'Ann', address_city: 'Leeds', address: null },
    { first_name: 'Bob', address_city: null, address: null },
  ]);
});

test("nested: 'flatten' refuses a flattened name that is also a key, in one record or across records", async (t) => {
  const across = await readError(t, fixture('flatten-collision.ndjson'), { nested: 'flatten' });
  t.is(across.line, 2);
  t.regex(across.message, /flatten-collision\.ndjson:2, record 2, column "address_city": with nested: 'flatten', the nested key "address" → "city" and the key "address_city" both make the column "address_city"; rename one of them in the file, or pass nested: 'json'/);
  const within = await readError(t, Buffer.from('{"a":{"b":1},"a_b":2}\n'), { format: 'ndjson', nested: 'flatten' });
  t.is(within.line, 1);
  t.regex(within.message, /the key "a_b" and the nested key "a" → "b" both make the column "a_b"/);
});

test('nested is checked: an unknown mode is a ConfigError naming the option', (t) => {
  t.throws(() => readRecords(fixture('nested.ndjson'), { nested: 'deep' as 'json' }), { message: /nested/ });
});

test('.gz inputs: the format from the inner extension, the records as in the plain file', async (t) => {
  t.deepEqual(await readAll(fixture('contacts.csv.gz')), CONTACTS);
  t.deepEqual(await readAll(fixture('varying-keys.ndjson.gz')), VARYING);
});

test('a gzip stream (stdin) is recognised by its magic bytes, in chunks of any size; plain bytes pass as they are', async (t) => {
  const compressed = readFileSync(fixture('contacts.csv.gz'));
  t.deepEqual(await readAll(toStream(compressed, 1), { fileName: '<stdin>' }), CONTACTS);
  t.deepEqual(await readAll(toStream(gunzipSync(compressed), 3), { fileName: '<stdin>' }), CONTACTS);
  t.deepEqual(await readAll(toStream(Buffer.concat([gzipSync('a\n1\n'), gzipSync('2\n')]))), [{ a: '1' }, { a: '2' }], 'concatenated gzip members, as cat a.gz b.gz makes');
});

test('a truncated or corrupt gzip input is an InputError naming the file and what is wrong', async (t) => {
  const truncated = await readError(t, fixture('truncated.csv.gz'), { fileName: 'truncated.csv.gz' });
  t.is(truncated.message, 'truncated.csv.gz: the gzip data ends early (unexpected end of file): the file is truncated, perhaps by an interrupted download or copy');
  const corrupt = await readError(t, fixture('corrupt.csv.gz'), { fileName: 'corrupt.csv.gz' });
  t.regex(corrupt.message, /^corrupt\.csv\.gz: the gzip data is corrupt \(.+\)$/);
  const piped = await readError(t, toStream(readFileSync(fixture('truncated.csv.gz'))), { fileName: '<stdin>' });
  t.regex(piped.message, /^<stdin>: the gzip data ends early/);
});

test('a .gz name on a file that is not gzip is refused rather than misread', async (t) => {
  const directory = await temporaryDirectory(t);
  const path = join(directory, 'plain.csv.gz');
  await writeFile(path, 'a,b\n1,2\n');
  const error = await readError(t, path, { fileName: 'plain.csv.gz' });
  t.is(error.message, 'plain.csv.gz: the file name ends in .gz but the file is not gzip-compressed (it does not start with the bytes 1f 8b); rename it without .gz');
});

test('writeRecords to x.csv.gz compresses, atomically; a failed write leaves nothing', async (t) => {
  const directory = await temporaryDirectory(t);
  const path = join(directory, 'out.csv.gz');
  await pipeline(readRecords(fixture('contacts.csv.gz')), writeRecords(path));
  const bytes = await readFile(path);
  t.is(bytes[0], 0x1f);
  t.is(gunzipSync(bytes).toString('utf8'), 'first_name,last_name,email\nAnn,Smith,ann@example.com\nBob,Jones,bob@example.com\nCat,Brown,cat@example.com\n');
  t.deepEqual(await readAll(path), CONTACTS);
  const failed = join(directory, 'failed.ndjson.gz');
  const writer = writeRecords(failed);
  writer.write({ a: 1 });
  writer.destroy(new Error('stopped'));
  await t.throwsAsync(finished(writer));
  t.deepEqual((await readdir(directory)).sort(), ['out.csv.gz']);
});
