import test from 'ava';
import { parse } from 'csv-parse/sync';
import { CONTACT_COLUMNS, contactLine } from '../../bench/contacts.js';
import { Prng } from '../../bench/prng.js';

function lines(seed: number, count: number): string[] {
  const prng = new Prng(seed);
  return Array.from({ length: count }, (_, index) => contactLine(prng, index));
}

test('the same seed gives the same contacts, another seed others', (t) => {
  t.deepEqual(lines(7, 500), lines(7, 500));
  t.notDeepEqual(lines(7, 500), lines(8, 500));
});

test('every line is one CSV record with a value for each column, ids in order', (t) => {
  const text = lines(3, 5000).join('\n');
  const records = parse(text);
  t.is(records.length, 5000);
  for (const [index, record] of records.entries()) {
    t.is(record.length, CONTACT_COLUMNS.length, `line ${index + 1}`);
    t.is(record[0], `CUST-${String(index + 1).padStart(8, '0')}`);
  }
});

test('rows look like a real contacts file: about 100 to 150 bytes, messy values among them', (t) => {
  const sample = lines(1, 20_000);
  const bytes = Buffer.byteLength(sample.join('\n')) / sample.length;
  t.true(bytes >= 100 && bytes <= 150, `${bytes.toFixed(1)} bytes a row`);
  const records = parse(sample.join('\n'));
  const emails = records.map((record) => record[3]!);
  t.true(emails.some((email) => email !== '' && !/^[^@\s]+@[^@\s,]+\.[a-z.]+$/i.test(email)), 'some emails are malformed');
  t.true(records.some((record) => record[1] !== record[1]!.trim()), 'some names carry stray spaces');
  t.true(records.some((record) => record[5]!.includes(',')), 'some addresses need quoting');
  t.true(new Set(records.map((record) => record[4]!.replace(/\d/g, '9'))).size >= 8, 'phone numbers come in many formats');
});
