import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AbortError, ConfigError, readRecords, type NumberedRecord, type RecordBatch, type RecordSource } from '../../lib/index.js';
import { readAll, readError, temporaryDirectory, toStream } from './read-all.js';

const MULTILINE = Buffer.from('id,First Name,Notes\r\n\r\n1,Ann,"two\r\nlines"\r\n2,Bob,"say ""hi"""\r\n\r\n3,Cat,"a\nb\nc"\r\n4,Dan,end');

test('the header map is reported before the first record, and whenSchema resolves without consuming records', async (t) => {
  const reader = readRecords(toStream(MULTILINE));
  const schema = await reader.whenSchema();
  t.deepEqual(schema.headerMap, [
    { header: 'id', column: 'id' },
    { header: 'First Name', column: 'first_name' },
    { header: 'Notes', column: 'notes' },
  ]);
  t.is(reader.headerMap, schema.headerMap);
  t.is(reader.headerOf('first_name'), 'First Name');
  const records = [];
  for await (const record of reader) records.push(record);
  t.is(records.length, 4);
});

test('whenSchema rejects with the reading error, also when asked after the reader failed', async (t) => {
  const reader = readRecords(toStream(Buffer.from('id,id\n1,2\n')), { fileName: 'dup.csv', columns: { age: 'Integer' } });
  await t.throwsAsync(reader.whenSchema(), { message: /^dup\.csv:1, column "age": the declared column "age" is not among the file's columns/ });
  await t.throwsAsync(reader.whenSchema(), { message: /^dup\.csv:1/ });
});

test('quoted line breaks, escaped quotes, blank lines and a missing final line break parse as written', async (t) => {
  t.deepEqual(await readAll(MULTILINE), [
    { id: '1', first_name: 'Ann', notes: 'two\r\nlines' },
    { id: '2', first_name: 'Bob', notes: 'say "hi"' },
    { id: '3', first_name: 'Cat', notes: 'a\nb\nc' },
    { id: '4', first_name: 'Dan', notes: 'end' },
  ]);
});

test('quoted values holding tabs and line breaks do not make tab look like the delimiter of a comma file', async (t) => {
  // Split by tab, the quoted line breaks fall apart into more two-field rows than the file has
  // records; counted in lines, the comma reading covers every line and wins.
  const file = Buffer.from('name,blank,tabbed,other,broken\nAnn,,"\t",Ann,"\n"\nAnn,,,Ann,"\t\n\ta"\n,"\t","\n\t"," ",\n');
  t.deepEqual(await readAll(file), [
    { name: 'Ann', blank: null, tabbed: '\t', other: 'Ann', broken: '\n' },
    { name: 'Ann', blank: null, tabbed: null, other: 'Ann', broken: '\t\n\ta' },
    { name: null, blank: '\t', tabbed: '\n\t', other: ' ', broken: null },
  ]);
});

test('every record knows the line it starts on, whatever the chunking (numbered output)', async (t) => {
  for (const chunkSize of [1, 5, 64 * 1024]) {
    const numbered = await readAll<NumberedRecord>(toStream(MULTILINE, chunkSize), { output: 'numbered' });
    t.deepEqual(
      numbered.map(({ line, recordNumber, record }) => [recordNumber, line, record.id]),
      [
        [1, 3, '1'],
        [2, 5, '2'],
        [3, 7, '3'],
        [4, 10, '4'],
      ],
      `chunk size ${chunkSize}`,
    );
  }
});

test('batches carry up to batchSize records with their lines and first record number', async (t) => {
  const text = `n\n${Array.from({ length: 7 }, (_, index) => `${index + 1}\n`).join('')}`;
  const batches = await readAll<RecordBatch>(Buffer.from(text), { output: 'batches', batchSize: 3 });
  t.deepEqual(
    batches.map((batch) => [batch.firstRecord, batch.lines, batch.records.map((record) => record.n)]),
    [
      [1, [2, 3, 4], ['1', '2', '3']],
      [4, [5, 6, 7], ['4', '5', '6']],
      [7, [8], ['7']],
    ],
  );
});

test('with plain records, lineOf and bytesAfter answer for records read', async (t) => {
  const reader = readRecords(toStream(MULTILINE));
  const seen: [number | undefined, number | undefined][] = [];
  let recordNumber = 0;
  for await (const _record of reader) {
    recordNumber++;
    seen.push([reader.lineOf(recordNumber), reader.bytesAfter(recordNumber)]);
  }
  t.deepEqual(
    seen.map(([line]) => line),
    [3, 5, 7, 10],
  );
  const text = MULTILINE.toString();
  t.deepEqual(
    seen.map(([, bytes]) => bytes),
    [text.indexOf('2,Bob'), text.indexOf('\r\n3,Cat'), text.indexOf('4,Dan'), text.length],
  );
  t.is(reader.lineOf(0), undefined);
  t.is(reader.lineOf(5), undefined);
});

test('the reader itself serves as a BlockUploader source: its lookups are bound functions', async (t) => {
  const reader = readRecords(toStream(MULTILINE), { fileName: 'people.csv' });
  const source: RecordSource = reader;
  const { lineOf, headerOf, bytesAfter } = source;
  const records = [];
  for await (const record of reader) records.push(record);
  t.is(source.file, 'people.csv');
  t.is(lineOf?.(2, records[1]!), 5);
  t.is(headerOf?.('first_name'), 'First Name');
  t.is(bytesAfter?.(4, records[3]!), MULTILINE.length);
});

test('semicolon-separated files read with the delimiter option; .tsv files with tabs', async (t) => {
  t.deepEqual(await readAll(Buffer.from('a;b\n"1;2";3\n'), { delimiter: ';' }), [{ a: '1;2', b: '3' }]);
  const directory = await temporaryDirectory(t);
  await writeFile(join(directory, 'people.tsv'), 'a\tb\n1\t2\n');
  t.deepEqual(await readAll(join(directory, 'people.tsv')), [{ a: '1', b: '2' }]);
});

test('a file without a header row takes names from columns, or column_N; header plus columns renames', async (t) => {
  t.deepEqual(await readAll(Buffer.from('1,Ann\n2,Bob\n'), { columns: ['id', 'Name'] }), [
    { id: '1', name: 'Ann' },
    { id: '2', name: 'Bob' },
  ]);
  t.deepEqual(await readAll(Buffer.from('1,Ann\n'), { header: false }), [{ column_1: '1', column_2: 'Ann' }]);
  t.deepEqual(await readAll(Buffer.from('x,y\n1,Ann\n'), { header: true, columns: ['id', 'name'] }), [{ id: '1', name: 'Ann' }]);
  const error = await readError(t, Buffer.from('x,y,z\n1,2,3\n'), { header: true, columns: ['id', 'name'], fileName: 'f.csv' });
  t.is(error.message, 'f.csv:1: the header row has 3 fields but the "columns" option names 2');
});

test('multi-byte characters split across chunks survive; UTF-16LE is recognised by its mark; latin1 on request', async (t) => {
  const text = 'name,city\nZoë,Kraków\nSiân,Zürich 🏔\n';
  const expected = [
    { name: 'Zoë', city: 'Kraków' },
    { name: 'Siân', city: 'Zürich 🏔' },
  ];
  t.deepEqual(await readAll(toStream(Buffer.from(text), 1)), expected);
  t.deepEqual(await readAll(toStream(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 3)), expected);
  t.deepEqual(await readAll(Buffer.from('name\nRen\xe9e\n', 'latin1'), { encoding: 'latin1' }), [{ name: 'Renée' }]);
});

test('NDJSON: one record a line, blank lines skipped, CRLF and lone CR, lines numbered', async (t) => {
  const text = '{"id":1,"First Name":"Ann"}\r\n\r\n{"id":2,"First Name":"Bob"}\r{"id":3}\n';
  const numbered = await readAll<NumberedRecord>(toStream(Buffer.from(text), 4), { format: 'ndjson', output: 'numbered' });
  t.deepEqual(
    numbered.map(({ record, line }) => [line, record]),
    [
      [1, { id: 1, first_name: 'Ann' }],
      [3, { id: 2, first_name: 'Bob' }],
      [4, { id: 3, first_name: null }],
    ],
  );
});

test('JSON arrays: each element knows the line it starts on; empty arrays give no records', async (t) => {
  const text = '[\n  {\n    "id": 1,\n    "name": "Ann"\n  },\n  {"id": 2, "name": "Bob"}, {"id": 3, "name": "Cat"}\n]\n';
  const numbered = await readAll<NumberedRecord>(toStream(Buffer.from(text), 3), { format: 'json', output: 'numbered' });
  t.deepEqual(
    numbered.map(({ record, line }) => [line, record.id]),
    [
      [2, 1],
      [6, 2],
      [6, 3],
    ],
  );
  t.deepEqual(await readAll(Buffer.from('[]'), { format: 'json' }), []);
});

test('an aborted signal destroys the reader with an AbortError', async (t) => {
  const controller = new AbortController();
  const reader = readRecords(toStream(MULTILINE, 1), { signal: controller.signal });
  controller.abort(new Error('user pressed Ctrl+C'));
  const error = await t.throwsAsync(async () => {
    for await (const _record of reader) {
      // consume
    }
  });
  t.true(error instanceof AbortError);
});

test('wrong options are ConfigErrors naming the option, what it takes and what it got', (t) => {
  t.throws(() => readRecords(toStream(MULTILINE), { delimiter: '::' }), {
    instanceOf: ConfigError,
    message: 'Invalid option "delimiter": expected one character other than a quote or a line break, got "::"',
  });
  t.throws(() => readRecords(toStream(MULTILINE), { columns: { age: 'Number' as 'Integer' } }), { instanceOf: ConfigError, message: /option "columns.age"/ });
  t.throws(() => readRecords(toStream(MULTILINE), { batchSize: 0 }), { instanceOf: ConfigError, message: /Invalid option "batchSize": expected an integer ≥ 1, got 0/ });
});
