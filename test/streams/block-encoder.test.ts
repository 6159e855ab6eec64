import test from 'ava';
import fc from 'fast-check';
import { BlockEncoder } from '../../lib/streams/block-encoder.js';
import { BufferPool } from '../../lib/core/buffer-pool.js';
import { compileRecordSerializer } from '../../lib/streams/record-serializer.js';
import type { DataRecord } from '../../lib/core/wire.js';

// What the server sees: JSON, where a missing value and null are the same empty value.
function asServerSees(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null));
}

const value = fc.oneof(fc.string({ unit: 'binary' }), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const columns = ['first_name', 'last_name', 'email', 'age'] as const;
const shapedRecord = fc.record(
  { first_name: value, last_name: value, email: value, age: value },
  { requiredKeys: [] },
);
const anyRecord = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), value, { maxKeys: 6 });

test('a block body is the JSON of {blockNumber, records} for any records, with or without a column list', (t) => {
  fc.assert(
    fc.property(fc.array(fc.oneof(shapedRecord, anyRecord), { maxLength: 40 }), fc.nat(1_000_000), fc.boolean(), (records: DataRecord[], blockNumber, known) => {
      const encoder = new BlockEncoder({ columns: known ? columns : undefined, initialCapacity: 16, pool: new BufferPool(2) });
      encoder.begin(blockNumber);
      for (const record of records) encoder.add(record);
      const sealed = encoder.seal();
      const parsed = JSON.parse(sealed.body.toString('utf8')) as { blockNumber: number; records: Record<string, unknown>[] };
      t.is(sealed.recordCount, records.length);
      t.is(parsed.blockNumber, blockNumber);
      t.deepEqual(parsed.records.map(asServerSees), records.map((record) => asServerSees(JSON.parse(JSON.stringify(record)) as Record<string, unknown>)));
    }),
    { numRuns: 300 },
  );
});

test('columns named like inherited properties (valueOf, constructor, toString) never read the prototype: no key is lost', (t) => {
  for (const columns of [['q', 'valueOf'], ['constructor'], ['toString', 'q', 'hasOwnProperty']]) {
    const serialize = compileRecordSerializer(columns);
    for (const record of [{ last_name: -7 }, { q: 1, toString: 'x' }, { valueOf: 'v', constructor: 'c', q: null }, {}] as DataRecord[]) {
      const sent = JSON.parse(serialize(record)) as Record<string, unknown>;
      t.deepEqual(asServerSees(sent), asServerSees(record), `${columns.join(',')}: ${JSON.stringify(record)}`);
    }
  }
});

test('lone surrogates are escaped as JSON.stringify escapes them, never replaced', (t) => {
  const serialize = compileRecordSerializer(['name']);
  const record = { name: 'a\ud800b "quoted" \\ \n \u0001 Zoë 😀' };
  t.is(serialize(record), JSON.stringify(record));
});

test('a record with a key outside the column list keeps every key', (t) => {
  const serialize = compileRecordSerializer(['a', 'b']);
  t.deepEqual(JSON.parse(serialize({ a: '1', c: 'extra' })), { a: '1', c: 'extra' });
  t.deepEqual(JSON.parse(serialize({ b: 'x', a: 'y' })), { a: 'y', b: 'x' });
});

test('the encoder grows past its first buffer and reuses released buffers', (t) => {
  const pool = new BufferPool(2);
  const encoder = new BlockEncoder({ pool, initialCapacity: 8 });
  encoder.begin(3);
  for (let index = 0; index < 100; index++) encoder.add({ name: `record ${index} ${'x'.repeat(index)}` });
  const first = encoder.seal();
  t.is((JSON.parse(first.body.toString()) as { records: unknown[] }).records.length, 100);
  pool.release(first.buffer);
  encoder.begin(4);
  encoder.add({ name: 'again' });
  const second = encoder.seal();
  t.is(second.buffer, first.buffer, 'the released buffer is reused');
  t.deepEqual(JSON.parse(second.body.toString()), { blockNumber: 4, records: [{ name: 'again' }] });
});

test('a value JSON cannot carry throws and leaves the block as it was', (t) => {
  const encoder = new BlockEncoder({ columns: ['n'] });
  encoder.begin(0);
  encoder.add({ n: 1 });
  t.throws(() => encoder.add({ n: 10n as unknown as number }), { instanceOf: TypeError });
  encoder.add({ n: 2 });
  t.deepEqual(JSON.parse(encoder.seal().body.toString()), { blockNumber: 0, records: [{ n: 1 }, { n: 2 }] });
});
