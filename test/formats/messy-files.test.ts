/**
 * Files as Excel, pandas, CRMs and people write them (test/fixtures/messy/, with
 * expected.json): each is read as a person means it, with a note for every decision taken, or
 * refused before anything is read, naming the option that decides. Each file is read from its
 * path and again from a stream of 7-byte chunks, so no decision depends on chunk boundaries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { readRecords, type InputError, type ReadRecordsOptions } from '../../lib/index.js';
import { readError, toStream } from './read-all.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'messy');

interface Expectation {
  readonly records?: readonly Record<string, unknown>[];
  /** Words each of which some note must contain. */
  readonly notes?: readonly string[];
  readonly dialect?: { readonly delimiter?: string; readonly encoding?: string };
  /** The input lines of the records. */
  readonly lines?: readonly number[];
  readonly message?: string;
  /** The option a refusal names. */
  readonly fix?: string;
  /** With these options, a refused file reads as `records_with_options`. */
  readonly options?: ReadRecordsOptions;
  readonly records_with_options?: readonly Record<string, unknown>[];
}

const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expectation>;

async function read(source: string | Buffer, options: ReadRecordsOptions = {}) {
  const reader = readRecords(typeof source === 'string' ? source : toStream(source), { ...options, output: 'numbered' });
  const events: string[] = [];
  reader.on('note', (note: string) => events.push(note));
  const numbered = [];
  for await (const chunk of reader) numbered.push(chunk);
  return { reader, events, records: numbered.map((each) => each.record), lines: numbered.map((each) => each.line) };
}

for (const [file, expectation] of Object.entries(EXPECTED)) {
  const path = join(FIXTURES, file);
  if (expectation.records !== undefined) {
    test(`${file} reads as a person means it, saying what was decided`, async (t) => {
      for (const source of [path, readFileSync(path)]) {
        const seen: string[] = [];
        const { reader, events, records, lines } = await read(source, { fileName: file, onNote: (note) => seen.push(`${note.file}: ${note.message}`) });
        t.deepEqual(records, expectation.records);
        for (const word of expectation.notes ?? []) t.true(reader.notes.some((note) => note.includes(word)), `${file}: a note with "${word}" among ${JSON.stringify(reader.notes)}`);
        t.deepEqual(events, reader.notes, 'each note once, as an event too');
        t.deepEqual(seen, reader.notes.map((note) => `${file}: ${note}`), 'and to onNote, naming the file');
        t.deepEqual(reader.schema?.input?.notes, reader.notes.slice(0, reader.schema?.input?.notes.length), 'the schema carries the notes known before the first record');
        if (expectation.dialect?.delimiter !== undefined) t.is(reader.schema?.input?.dialect?.delimiter, expectation.dialect.delimiter);
        if (expectation.dialect?.encoding !== undefined) t.is(reader.schema?.input?.encoding, expectation.dialect.encoding);
        if (expectation.lines !== undefined) t.deepEqual(lines, expectation.lines, `${file}: the records' own lines`);
      }
    });
  } else {
    test(`${file} is refused before any record, naming the option that decides`, async (t) => {
      for (const source of [path, readFileSync(path)]) {
        const error: InputError = await readError(t, source, { fileName: file });
        t.true(error.message.startsWith(expectation.message ?? ''), error.message);
        t.true(
          error.fixes.some((fix) => fix.option === expectation.fix),
          `${file}: fixes ${JSON.stringify(error.fixes)}`,
        );
        t.true(error.message.includes(`${expectation.fix ?? ''}:`) || error.message.includes(`(${expectation.fix ?? ''}`), error.message);
      }
      if (expectation.options !== undefined) {
        const { records } = await read(path, expectation.options);
        t.deepEqual(records, expectation.records_with_options);
      }
    });
  }
}

test('the decision is settled by the options: delimiter, header, skipLines, comment, quote, encoding, rename', async (t) => {
  const semicolons = join(FIXTURES, 'one-column-with-semicolons.csv');
  t.deepEqual((await read(semicolons, { delimiter: ',' })).records, [{ notes: 'hello; world' }, { notes: 'plain' }, { notes: 'see you; soon' }]);
  const noHeader = await read(join(FIXTURES, 'no-header.csv'), { header: false });
  t.deepEqual(noHeader.records[0], { column_1: 'ann@example.com', column_2: 'Ann', column_3: 'Smith' });
  const named = await read(join(FIXTURES, 'no-header.csv'), { columns: ['email', 'first', 'last'] });
  t.deepEqual(named.records[1], { email: 'bob@example.com', first: 'Bob', last: 'Jones' });
  const titled = await read(join(FIXTURES, 'title-lines.csv'), { skipLines: 3 });
  t.deepEqual(titled.records.length, 2);
  t.deepEqual(titled.lines, [5, 6]);
  t.false(titled.reader.notes.some((note) => note.includes('before the header')), 'a given skipLines is no decision to report');
  const renamed = await read(join(FIXTURES, 'excel-semicolon.csv'), { rename: { 'E-Mail': 'email', Telefon: 'phone' } });
  t.deepEqual(Object.keys(renamed.records[0] ?? {}), ['name', 'email', 'phone', 'ort']);
  const quoteless = await read(Buffer.from('name,height\n"Bob",6\n'), { quote: '' });
  t.deepEqual(quoteless.records, [{ name: '"Bob"', height: '6' }]);
  const latin = await read(join(FIXTURES, 'windows-1252.csv'), { encoding: 'windows-1252' });
  t.false(latin.reader.notes.some((note) => note.includes('Windows-1252')), 'an encoding given is no decision to report');
  t.is(latin.records[0]?.price, '€5');
  const error = await readError(t, join(FIXTURES, 'excel-semicolon.csv'), { rename: { Email: 'email' } });
  t.regex(error.message, /cannot rename "Email": it is not one of the file's headers/);
});

test('an encoding iconv-lite does not know is a ConfigError naming the option', async (t) => {
  await t.throwsAsync(read(join(FIXTURES, 'pipes.txt'), { encoding: 'klingon' }), { message: /Invalid option "encoding"/ });
});

test('Windows-1252 is never read as Latin-1: 0x80-0x9F become ’ “ ” – … €, not control characters', async (t) => {
  const { records } = await read(join(FIXTURES, 'windows-1252.csv'));
  const text = JSON.stringify(records);
  t.notRegex(text, /[\u0080-\u009f]/);
});

test('a Windows-1252 byte after 64 KiB of ASCII is refused at its line, naming --encoding in the library words', async (t) => {
  const ascii = 'name,city\n' + 'Ann,Leeds\n'.repeat(8000);
  const error = await readError(t, Buffer.concat([Buffer.from(ascii), Buffer.from('Ren\xe9e,Paris\n', 'latin1')]), { fileName: 'late.csv' });
  t.is(error.line, 8002);
  t.regex(error.message, /encoding: "windows-1252"/);
  t.notRegex(error.message, /latin1/);
});

test('in a one-column file a value starting with "#" is a record, not a comment: only beside several fields can a "#" line stand out', async (t) => {
  const records: Record<string, unknown>[] = [];
  for await (const record of readRecords(toStream(Buffer.from('house\n#12\n# 4b\nMain Street\n'), 7), { format: 'csv' })) records.push(record);
  t.deepEqual(records, [{ house: '#12' }, { house: '# 4b' }, { house: 'Main Street' }]);
  const reader = readRecords(toStream(Buffer.from('# exported 2026-12-01\nname,email\nAnn,ann@example.com\n'), 7), { format: 'csv' });
  const commented: Record<string, unknown>[] = [];
  for await (const record of reader) commented.push(record);
  t.deepEqual(commented, [{ name: 'Ann', email: 'ann@example.com' }]);
  t.true(reader.notes.some((note) => note.includes('comments')), JSON.stringify(reader.notes));
});

test('a DOS code page (Excel\'s "CSV (MS-DOS)", cp850) is read through iconv-lite; WHATWG encodings need no package', async (t) => {
  // "Müller;Sørensen" in cp850: ü is 0x81, ø is 0x9B (both control characters in Latin-1).
  const bytes = Buffer.concat([Buffer.from('name;other\r\nM'), Buffer.from([0x81]), Buffer.from('ller;S'), Buffer.from([0x9b]), Buffer.from('rensen\r\n')]);
  const records: Record<string, unknown>[] = [];
  for await (const record of readRecords(toStream(bytes, 7), { format: 'csv', encoding: 'cp850' })) records.push(record);
  t.deepEqual(records, [{ name: 'Müller', other: 'Sørensen' }]);
  const latin: Record<string, unknown>[] = [];
  // WHATWG's latin1 is Windows-1252: 0x80 is the euro sign, never a control character.
  for await (const record of readRecords(toStream(Buffer.from([0x70, 0x0a, 0x80, 0x0a]), 3), { format: 'csv', encoding: 'latin1' })) latin.push(record);
  t.deepEqual(latin, [{ p: '€' }]);
});
