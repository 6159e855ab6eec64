import test from 'ava';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError, readRecords, writeRecords, type DataRecord } from '../../lib/index.js';
import { readAll, temporaryDirectory } from './read-all.js';

const ORIGINAL = 'id,First Name,E-mail,Notes\n1,Ann,ann@example.com,"says ""hi"", twice"\n2,Bob,,"two\nlines"\n3,Zoë,zoe@example.com,plain\n';

async function copy(source: string, destination: string): Promise<void> {
  const reader = readRecords(source);
  const { headerMap } = await reader.whenSchema();
  await pipeline(reader, writeRecords(destination, { headerMap }));
}

test('CSV → records → CSV gives back the same bytes, original headers restored', async (t) => {
  const directory = await temporaryDirectory(t);
  await writeFile(join(directory, 'in.csv'), ORIGINAL);
  await copy(join(directory, 'in.csv'), join(directory, 'out.csv'));
  t.is(await readFile(join(directory, 'out.csv'), 'utf8'), ORIGINAL);
});

test('CSV → NDJSON and JSON array → CSV keep every record, with the original headers as keys', async (t) => {
  const directory = await temporaryDirectory(t);
  await writeFile(join(directory, 'in.csv'), ORIGINAL);
  for (const format of ['ndjson', 'json']) {
    const middle = join(directory, `middle.${format}`);
    await copy(join(directory, 'in.csv'), middle);
    const first = (await readAll(middle, { inferTypes: false }))[0];
    t.deepEqual(first, { id: '1', first_name: 'Ann', e_mail: 'ann@example.com', notes: 'says "hi", twice' }, format);
    t.true((await readFile(middle, 'utf8')).includes('"First Name":"Ann"'), format);
    await copy(middle, join(directory, `back-${format}.csv`));
    t.is(await readFile(join(directory, `back-${format}.csv`), 'utf8'), ORIGINAL, format);
  }
  t.is(await readFile(join(directory, 'middle.json'), 'utf8'), `[\n${(await readFile(join(directory, 'middle.ndjson'), 'utf8')).trim().split('\n').join(',\n')}\n]\n`);
});

test('values are written as text a reader gives back: numbers, booleans, null as an empty cell', async (t) => {
  const output = new PassThrough();
  const text = collect(output);
  const records: DataRecord[] = [
    { n: 1.5, ok: true, note: null },
    { n: -2, ok: false, note: 'x' },
  ];
  await pipeline(Readable.from(records), writeRecords(output));
  t.is(await text, 'n,ok,note\n1.5,true,\n-2,false,x\n');
});

test('columns set the order; a missing key is an empty cell; a one-column empty value is written "" so it is not a blank line', async (t) => {
  const output = new PassThrough();
  const text = collect(output);
  await pipeline(Readable.from([{ b: '2', a: '1' }, { a: '3' }]), writeRecords(output, { columns: ['a', 'b'], lineEnding: '\r\n' }));
  t.is(await text, 'a,b\r\n1,2\r\n3,\r\n');
  const single = new PassThrough();
  const singleText = collect(single);
  await pipeline(Readable.from([{ a: null }, { a: 'x' }]), writeRecords(single));
  t.is(await singleText, 'a\n""\nx\n');
  t.deepEqual(await readAll(Buffer.from(await singleText)), [{ a: null }, { a: 'x' }]);
});

test('arrays of records (pages) are accepted as well as single records', async (t) => {
  const output = new PassThrough();
  const text = collect(output);
  await pipeline(Readable.from([[{ a: '1' }, { a: '2' }], { a: '3' }, [{ a: '4' }]], { objectMode: true }), writeRecords(output, { format: 'ndjson' }));
  t.is(await text, '{"a":"1"}\n{"a":"2"}\n{"a":"3"}\n{"a":"4"}\n');
});

test('no records: CSV with known columns is the header alone, a JSON array is [], a bom is written when asked', async (t) => {
  const csv = new PassThrough();
  const csvText = collect(csv);
  await pipeline(Readable.from([]), writeRecords(csv, { columns: ['a', 'b'], bom: true }));
  t.is(await csvText, '\ufeffa,b\n');
  const json = new PassThrough();
  const jsonText = collect(json);
  await pipeline(Readable.from([]), writeRecords(json, { format: 'json' }));
  t.is(await jsonText, '[]\n');
});

test('a record with a column outside the output columns is an InputError, and no file is left', async (t) => {
  const directory = await temporaryDirectory(t);
  const destination = join(directory, 'out.csv');
  const records = [{ a: '1' }, { a: '2', surprise: 'x' }];
  const error = await t.throwsAsync(pipeline(Readable.from(records), writeRecords(destination)), { instanceOf: InputError });
  t.is(error.message, `${destination}, record 2, column "surprise": the record has a column "surprise" that is not among the output columns (a); name every column with the "columns" option`);
  t.deepEqual(await readdir(directory), []);
});

test('a file appears only when the writer finishes; an error midway leaves neither the file nor a temporary file', async (t) => {
  const directory = await temporaryDirectory(t);
  const destination = join(directory, 'out.ndjson');
  function* failing(): Generator<DataRecord> {
    for (let index = 0; index < 50_000; index++) yield { index, text: 'x'.repeat(50) };
    throw new Error('the upstream failed');
  }
  await t.throwsAsync(pipeline(Readable.from(failing()), writeRecords(destination)), { message: 'the upstream failed' });
  t.deepEqual(await readdir(directory), []);

  await writeFile(destination, 'the previous output\n');
  const writer = writeRecords(destination);
  writer.write({ a: 1 });
  await new Promise((resolve) => setImmediate(resolve));
  t.is(await readFile(destination, 'utf8'), 'the previous output\n');
  t.is((await readdir(directory)).length, 2);
  writer.destroy();
  await new Promise((resolve) => writer.once('close', resolve));
  t.deepEqual(await readdir(directory), ['out.ndjson']);
  t.is(await readFile(destination, 'utf8'), 'the previous output\n');

  await pipeline(Readable.from([{ a: 1 }]), writeRecords(destination));
  t.is(await readFile(destination, 'utf8'), '{"a":1}\n');
  t.deepEqual(await readdir(directory), ['out.ndjson']);
});

test('temporary files of the same destination left by a dead process are removed; others are not touched', async (t) => {
  const directory = await temporaryDirectory(t);
  await writeFile(join(directory, '.out.csv.2147483646.deadbeef.tmp'), 'half');
  await writeFile(join(directory, `.out.csv.${process.pid}.cafe.tmp`), 'mine');
  await writeFile(join(directory, '.other.csv.2147483646.beef.tmp'), 'not ours');
  await pipeline(Readable.from([{ a: '1' }]), writeRecords(join(directory, 'out.csv')));
  t.deepEqual((await readdir(directory)).sort(), ['.other.csv.2147483646.beef.tmp', `.out.csv.${process.pid}.cafe.tmp`, 'out.csv']);
});

test('a stream destination is ended when done, except when told not to', async (t) => {
  const ended = new PassThrough();
  const endedText = collect(ended);
  await pipeline(Readable.from([{ a: '1' }]), writeRecords(ended));
  t.is(await endedText, 'a\n1\n');
  const open = new PassThrough();
  await pipeline(Readable.from([{ a: '1' }]), writeRecords(open, { end: false }));
  t.false(open.writableEnded);
  t.is(String(open.read()), 'a\n1\n');
});

function collect(stream: PassThrough): Promise<string> {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}
