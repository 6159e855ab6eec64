/**
 * Property: records written in any dialect a spreadsheet or script uses (delimiter, quoting,
 * line endings, byte-order mark, encoding) are detected and read back value for value, with no
 * option given. Values that hold other candidate delimiters may leave the reader unsure: then it
 * refuses, naming the option, and never reads them otherwise than written.
 */
import { deepStrictEqual, ok } from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { InputError, readRecords } from '../../lib/index.js';
import { toStream } from './read-all.js';

/** Words as people's data has them: accents and typographic marks alone among ASCII (so Windows-1252 is clear). */
const WORDS = ['Ann', 'Renée', 'Müller', 'O’Brien', '€5', 'naïve', 'Zoë', '42', '3.5', 'ann@example.com', '0117 496 0000', 'New York', 'x', '2024-05-01'];
const plainValue = fc.oneof(fc.constant(''), fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((words) => words.join(' ')));
/** Values that also hold quotes, line breaks and every candidate delimiter. */
const wildValue = fc.oneof(plainValue, fc.string({ unit: fc.constantFrom('a', 'é', ',', ';', '\t', '|', '"', '\n', ' ', '’') }));

const dialect: fc.Arbitrary<WrittenAs> = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  quoteAll: fc.boolean(),
  lineEnding: fc.constantFrom('\n', '\r\n'),
  encoding: fc.constantFrom('utf8', 'utf8-bom', 'utf16le', 'utf16be', 'windows-1252'),
  chunkSize: fc.integer({ min: 1, max: 4096 }),
});

function table(value: fc.Arbitrary<string>) {
  return fc.uniqueArray(fc.stringMatching(/^[a-z][a-z_]{1,9}$/), { minLength: 2, maxLength: 6 }).chain((columns) =>
    fc.record({ columns: fc.constant(columns), rows: fc.array(fc.tuple(...columns.map(() => value)), { minLength: 3, maxLength: 30 }) }),
  );
}

function field(value: string, delimiter: string, quoteAll: boolean): string {
  const needs = quoteAll || value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r') || /^\s|\s$/.test(value);
  return needs ? `"${value.replace(/"/g, '""')}"` : value;
}

function encode(text: string, encoding: string): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.from(`\ufeff${text}`, 'utf8');
    case 'utf16le':
      return Buffer.from(`\ufeff${text}`, 'utf16le');
    case 'utf16be':
      return iconv.encode(`\ufeff${text}`, 'utf16be');
    default:
      return iconv.encode(text, encoding);
  }
}

interface WrittenAs {
  readonly delimiter: string;
  readonly quoteAll: boolean;
  readonly lineEnding: string;
  readonly encoding: string;
  readonly chunkSize: number;
}

async function writeAndRead(columns: readonly string[], rows: readonly (readonly string[])[], d: WrittenAs) {
  const lines = [columns, ...rows].map((row) => row.map((value) => field(value, d.delimiter, d.quoteAll)).join(d.delimiter));
  const bytes = encode(lines.join(d.lineEnding) + d.lineEnding, d.encoding);
  const read: Record<string, unknown>[] = [];
  for await (const record of readRecords(toStream(bytes, d.chunkSize), { fileName: 'generated.csv' })) read.push(record);
  return read;
}

const expectedOf = (columns: readonly string[], rows: readonly (readonly string[])[]) =>
  rows.map((row) => Object.fromEntries(columns.map((name, index) => [name, row[index] === '' ? null : row[index]])));

test('records written in any dialect and encoding are detected and read back value for value', async (t) => {
  await fc.assert(
    fc.asyncProperty(table(plainValue), dialect, async ({ columns, rows }, d) => {
      deepStrictEqual(await writeAndRead(columns, rows, d), expectedOf(columns, rows));
    }),
    { numRuns: 150 },
  );
  t.pass();
});

test('with values holding quotes, line breaks and other delimiters: read back exactly, or refused naming the option; never misread', async (t) => {
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(table(wildValue), dialect.filter((d) => d.encoding !== 'windows-1252'), async ({ columns, rows }, d) => {
      try {
        deepStrictEqual(await writeAndRead(columns, rows, d), expectedOf(columns, rows));
      } catch (error) {
        ok(error instanceof InputError, String(error));
        ok(error.fixes.length > 0, `a refusal names the option that decides: ${error.message}`);
        refused++;
      }
    }),
    { numRuns: 150 },
  );
  t.log(`${refused} of 150 refused`);
  t.true(refused < 75, 'most files are read');
});
