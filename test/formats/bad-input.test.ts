import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReadRecordsOptions } from '../../lib/index.js';
import { readAll, readError, temporaryDirectory } from './read-all.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'bad-input');

interface Expectation {
  readonly message?: string;
  readonly records?: readonly Record<string, unknown>[];
  readonly options?: ReadRecordsOptions;
}

const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expectation>;

test('every bad-input fixture has an expectation, and every expectation a fixture', (t) => {
  const files = readdirSync(FIXTURES).filter((name) => name !== 'expected.json' && name !== 'README.md');
  t.deepEqual(files.sort(), Object.keys(expected).sort());
});

for (const [file, expectation] of Object.entries(expected)) {
  const { message, records, options = {} } = expectation;
  if (message !== undefined) {
    test(`${file}: ${message.slice(file.length + 1)}`, async (t) => {
      const error = await readError(t, join(FIXTURES, file), { ...options, fileName: file });
      t.is(error.code, 'DATA8_INPUT_ERROR');
      t.true(error.message.startsWith(message), `got: ${error.message}`);
      t.is(error.file, file);
      t.true(typeof error.line === 'number');
    });
  } else {
    test(`${file} reads without error`, async (t) => {
      t.deepEqual(await readAll(join(FIXTURES, file), options), records);
    });
  }
}

test('a 10 MB field is refused at its line without reading it whole, and read when the limit allows it', async (t) => {
  const directory = await temporaryDirectory(t);
  const path = join(directory, 'big-field.csv');
  await writeFile(path, `id,notes\n1,short\n2,"${'x'.repeat(10 * 1024 * 1024)}"\n3,after\n`);
  const error = await readError(t, path, { fileName: 'big-field.csv' });
  t.is(error.message, 'big-field.csv:3, record 2: the record is longer than maxRecordSize (1048576 characters)');
  t.is((error.cause as Error).constructor.name, 'CsvError');
  const records = await readAll<Record<string, string>>(path, { maxRecordSize: 11 * 1024 * 1024 });
  t.deepEqual(records.map((record) => [record.id, record.notes?.length]), [['1', 5], ['2', 10 * 1024 * 1024], ['3', 5]]);
});

test('a file that does not exist is an InputError naming it', async (t) => {
  const directory = await temporaryDirectory(t);
  const error = await readError(t, join(directory, 'missing.csv'));
  t.regex(error.message, /missing\.csv: cannot be read \(ENOENT/);
});

test('csv-parse errors are wrapped, their CsvError kept as cause', async (t) => {
  const error = await readError(t, join(FIXTURES, 'unclosed-quote.csv'));
  t.is((error.cause as Error).constructor.name, 'CsvError');
  t.is((error.cause as { code?: string }).code, 'CSV_QUOTE_NOT_CLOSED');
});

test('JSON arrays: maxRecordSize bounds each element, never a minified file of small records', async (t) => {
  const directory = await temporaryDirectory(t);
  const records = Array.from({ length: 2_000 }, (_, index) => ({ id: index, name: `Person ${String(index)}` }));
  const minified = join(directory, 'minified.json');
  await writeFile(minified, JSON.stringify(records));
  t.deepEqual(await readAll(minified, { maxRecordSize: 1_000 }), records, 'one 60 KB line of small records reads whole');

  const bigObject = join(directory, 'big-object.json');
  await writeFile(bigObject, JSON.stringify([...records.slice(0, 3), { id: 3, name: 'x'.repeat(200_000) }, ...records.slice(4, 10)]));
  const objectError = await readError(t, bigObject, { maxRecordSize: 1_000 });
  t.regex(objectError.message, /big-object\.json:1, record 4: the record is longer than maxRecordSize \(1000 characters\)$/);

  const bigScalar = join(directory, 'big-scalar.json');
  await writeFile(bigScalar, `["${'y'.repeat(30_000_000)}"]`);
  const before = process.memoryUsage().heapUsed;
  const scalarError = await readError(t, bigScalar, { maxRecordSize: 1_000 });
  const grown = process.memoryUsage().heapUsed - before;
  t.regex(scalarError.message, /the record is longer than maxRecordSize \(1000 characters\)/, 'refused as too long, before being read whole');
  t.true(grown < 10_000_000, `the heap grew ${String(grown)} bytes over a 30 MB string: it was read whole`);
});
