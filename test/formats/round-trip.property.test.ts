import test from 'ava';
import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readRecords, writeRecords, type DataRecord, type RecordFormat } from '../../lib/index.js';
import { toStream } from './read-all.js';

/** Text that stresses CSV: delimiters, quotes, both line breaks, spaces, non-Latin and astral characters. */
const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', ',', ';', '"', '\n', '\r', ' ', 'é', 'ß', '中', '🏔', '\t') }),
  fc.string({ unit: 'grapheme' }),
  fc.constant(''),
);

/** Column names are valid wire names, so they come back as they went. */
const columnName = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);

const table = fc.uniqueArray(columnName, { minLength: 1, maxLength: 6 }).chain((columns) =>
  fc.record({
    columns: fc.constant(columns),
    rows: fc.array(fc.tuple(...columns.map(() => cell)), { maxLength: 25 }),
    chunkSize: fc.integer({ min: 1, max: 64 }),
  }),
);

async function roundTrip(records: DataRecord[], columns: string[], format: RecordFormat, chunkSize: number): Promise<DataRecord[]> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await pipeline(Readable.from(records), writeRecords(output, { format, columns }));
  const read: DataRecord[] = [];
  // The delimiter is given: arbitrary text (a single column of `;`, say) is exactly what the
  // reader refuses to guess about; detection has its own property test (dialects.property.test.ts).
  const delimiter = format === 'csv' ? { delimiter: ',' } : {};
  for await (const record of readRecords(toStream(Buffer.concat(chunks), chunkSize), { format, ...delimiter, columns: Object.fromEntries(columns.map((name) => [name, 'String'])) })) {
    read.push(record);
  }
  return read;
}

test('any strings written to CSV and read back are the same records (an empty string reads as null)', async (t) => {
  await fc.assert(
    fc.asyncProperty(table, async ({ columns, rows, chunkSize }) => {
      const records = rows.map((row) => Object.fromEntries(columns.map((name, index) => [name, row[index] ?? ''])));
      const expected = records.map((record) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, value === '' ? null : value])));
      deepStrictEqual(await roundTrip(records, columns, 'csv', chunkSize), expected);
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('any strings written to NDJSON and to a JSON array and read back are the same records', async (t) => {
  await fc.assert(
    fc.asyncProperty(table, fc.constantFrom<RecordFormat>('ndjson', 'json'), async ({ columns, rows, chunkSize }, format) => {
      const records = rows.map((row) => Object.fromEntries(columns.map((name, index) => [name, row[index] ?? ''])));
      deepStrictEqual(await roundTrip(records, columns, format, chunkSize), records);
    }),
    { numRuns: 200 },
  );
  t.pass();
});
