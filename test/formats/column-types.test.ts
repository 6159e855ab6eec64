import test from 'ava';
import { ASSUMED_VALUES, inferColumnType, readRecords, resolveColumnType, toColumnMap } from '../../lib/index.js';
import { readAll, readError, toStream } from './read-all.js';

const CONTACTS = Buffer.from('Name,Phone,Account,Age,Score,Member,Joined\nAnn,07700 900123,00123,34,1.5,true,2024-03-31\nBob,,00456,,2,FALSE,2024-04-01T09:30:00Z\n');

test('by default CSV values stay strings, so phone numbers and leading zeros survive, and an empty cell is null', async (t) => {
  t.deepEqual(await readAll(CONTACTS), [
    { name: 'Ann', phone: '07700 900123', account: '00123', age: '34', score: '1.5', member: 'true', joined: '2024-03-31' },
    { name: 'Bob', phone: null, account: '00456', age: null, score: '2', member: 'FALSE', joined: '2024-04-01T09:30:00Z' },
  ]);
});

test('declared types convert values, by header or by column name, by name or by code', async (t) => {
  const records = await readAll(CONTACTS, {
    columns: { Age: 'Integer', score: 'Decimal', member: ASSUMED_VALUES.columnTypes.Boolean, Joined: 'DateTime' },
  });
  t.deepEqual(
    records.map(({ age, score, member, joined }) => ({ age, score, member, joined })),
    [
      { age: 34, score: 1.5, member: true, joined: '2024-03-31' },
      { age: null, score: 2, member: false, joined: '2024-04-01T09:30:00Z' },
    ],
  );
});

test('inferred types: numbers written as numbers, booleans and dates; leading zeros and spaced numbers stay strings', async (t) => {
  const reader = readRecords(toStream(CONTACTS), { inferTypes: true });
  const records: Record<string, unknown>[] = [];
  for await (const record of reader) records.push(record);
  t.deepEqual(
    reader.schema?.columns.map((column) => `${column.name}:${column.type}`),
    ['name:String', 'phone:String', 'account:String', 'age:Integer', 'score:Decimal', 'member:Boolean', 'joined:DateTime'],
  );
  t.is(records[0]?.age, 34);
  t.is(records[1]?.score, 2);
  t.deepEqual(toColumnMap(reader.schema!), { name: 0, phone: 0, account: 0, age: 1, score: 2, member: 3, joined: 4 });
});

test('a value after the inference sample that does not fit is an InputError naming line, record and column', async (t) => {
  const text = `n\n${Array.from({ length: 5 }, (_, index) => `${index}\n`).join('')}x7\n`;
  const error = await readError(t, Buffer.from(text), { inferTypes: true, sampleSize: 3, fileName: 'numbers.csv' });
  t.is(error.message, 'numbers.csv:7, record 6, column "n": "x7" is not an Integer (whole number between -(2^53-1) and 2^53-1)');
});

test('while types are still being inferred, a malformed row names its column by its header', async (t) => {
  const text = 'Id,Full Name\n1,Ann\n2,"Bob"x\n';
  const error = await readError(t, Buffer.from(text), { inferTypes: true, fileName: 'people.csv' });
  t.is(error.column, 'Full Name');
  t.regex(error.message, /^people\.csv:3, record 2, column "Full Name": a closing quote/);
});

test('declared values that do not fit are InputErrors with the reason', async (t) => {
  const cases: [string, string, string][] = [
    ['Integer', '12.5', '"12.5" is not an Integer'],
    ['Integer', '99999999999999999999', 'is not an Integer'],
    ['Decimal', '1,5', '"1,5" is not a Decimal'],
    ['Boolean', 'maybe', '"maybe" is not a Boolean'],
    ['DateTime', '2024-02-30', '"2024-02-30" is not a DateTime'],
    ['DateTime', '31/03/2024', '"31/03/2024" is not a DateTime'],
  ];
  for (const [type, value, reason] of cases) {
    const error = await readError(t, Buffer.from(`v\n"${value}"\n`), { columns: { v: type as 'Integer' }, fileName: 'f.csv' });
    t.true(error.message.startsWith('f.csv:2, record 1, column "v": '), error.message);
    t.true(error.message.includes(reason), error.message);
  }
});

test('JSON values keep their JSON types; a String column takes numbers as text; strings are never parsed', async (t) => {
  const text = '{"id":1,"code":"00123","ratio":0.5,"ok":true,"note":null}\n{"id":2,"code":"7","ratio":2,"ok":false,"note":"x"}\n';
  const reader = readRecords(toStream(Buffer.from(text)), { format: 'ndjson', columns: { id: 'String' } });
  const records: Record<string, unknown>[] = [];
  for await (const record of reader) records.push(record);
  t.deepEqual(reader.schema?.columns.map((column) => column.type), ['String', 'String', 'Decimal', 'Boolean', 'String']);
  t.deepEqual(records[0], { id: '1', code: '00123', ratio: 0.5, ok: true, note: null });
});

test('JSON: a declared column the first record lacks is still a column, declared by key or by mapped name', async (t) => {
  const text = '{"id":1,"First Name":"Ann"}\n{"id":2,"First Name":"Bob","age":"41"}\n';
  const reader = readRecords(toStream(Buffer.from(text)), { format: 'ndjson', columns: { first_name: 'String', age: 'Integer' } });
  const records: Record<string, unknown>[] = [];
  for await (const record of reader) records.push(record);
  t.deepEqual(reader.schema?.columns.map((column) => `${column.header}→${column.name}:${column.type}`), ['id→id:Integer', 'First Name→first_name:String', 'age→age:Integer']);
  t.deepEqual(records, [
    { id: 1, first_name: 'Ann', age: null },
    { id: 2, first_name: 'Bob', age: 41 },
  ]);
});

test('a declared column the file does not have is an InputError at the header', async (t) => {
  const error = await readError(t, CONTACTS, { columns: { age_years: 'Integer' }, fileName: 'c.csv' });
  t.true(error.message.startsWith('c.csv:1, column "age_years": the declared column "age_years" is not among the file\'s columns ("Name", "Phone"'), error.message);
});

test('type names and codes resolve through the assumed values; unknown ones do not', (t) => {
  t.is(resolveColumnType('Decimal'), 'Decimal');
  t.is(resolveColumnType(4), 'DateTime');
  t.is(resolveColumnType(9), undefined);
  t.is(resolveColumnType(7, { ...ASSUMED_VALUES, columnTypes: { ...ASSUMED_VALUES.columnTypes, Integer: 7 } }), 'Integer');
  t.is(inferColumnType(['1', '2', null, '']), 'Integer');
  t.is(inferColumnType(['1', '2.5']), 'Decimal');
  t.is(inferColumnType(['01', '2']), 'String');
  t.is(inferColumnType([null, '']), 'String');
});
