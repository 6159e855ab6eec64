import assert from 'node:assert/strict';
import fc from 'fast-check';
import test from 'ava';
import { BatchEnvelope } from '../../lib/datagroup/batch-body.js';
import { BatchCutter, type CutBatch } from '../../lib/datagroup/batch-cutter.js';
import { BatchTooLargeError, type DataRecord } from '../../lib/index.js';

const value = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer(), fc.boolean(), fc.constant(null));
const record = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), value, { maxKeys: 5 });
const envelope = fc.record(
  {
    output_format: fc.constantFrom('json', 'csv'),
    notification_URL: fc.webUrl().map((url) => url.replace(/^http:/, 'https:')),
    notification_method: fc.constantFrom('GET' as const, 'POST' as const),
  },
  { requiredKeys: [] },
);

function cutAll(records: readonly DataRecord[], cutter: BatchCutter): CutBatch[] {
  const batches: CutBatch[] = [];
  for (const item of records) {
    const batch = cutter.push(item);
    if (batch) batches.push(batch);
  }
  const last = cutter.flush();
  if (last) batches.push(last);
  return batches;
}

test('batches hold every record once, in order, each body within the limit and too full for the next record', (t) => {
  fc.assert(
    fc.property(fc.array(record, { maxLength: 60 }), envelope, fc.integer({ min: 300, max: 3000 }), (records, fields, maxBatchBytes) => {
      const body = new BatchEnvelope(fields);
      const fits = records.every((item) => body.bodyBytes(Buffer.byteLength(JSON.stringify(item)), 1) <= maxBatchBytes);
      fc.pre(fits);
      const batches = cutAll(records, new BatchCutter({ maxBatchBytes, envelope: body }));
      const decoded = batches.map((batch) => JSON.parse(batch.body.toString('utf8')) as { data: DataRecord[] });
      assert.deepEqual(decoded.flatMap((batch) => batch.data), records.map((item) => JSON.parse(JSON.stringify(item)) as DataRecord));
      let next = 0;
      for (const [index, batch] of batches.entries()) {
        assert.ok(batch.body.length <= maxBatchBytes, `batch ${index} is ${batch.body.length} bytes`);
        assert.equal(batch.index, index);
        assert.equal(batch.firstRecord, next + 1);
        const { data, ...rest } = decoded[index] ?? { data: [] };
        assert.equal(data.length, batch.recordCount);
        assert.deepEqual(rest, { ...fields });
        next += batch.recordCount;
        const following = records[next];
        if (following !== undefined) assert.ok(batch.body.length + 1 + Buffer.byteLength(JSON.stringify(following)) > maxBatchBytes, `batch ${index} had room`);
      }
    }),
  );
  t.pass();
});

test('a body is cut at exactly the limit, not one byte earlier or later', (t) => {
  // {"data":[{"v":"…"},{"v":"…"}]}: 9 + 2 × (8 + 10) + 1 + 2
  const limit = 12 + 2 * (8 + 10);
  const cutter = new BatchCutter({ maxBatchBytes: limit, envelope: new BatchEnvelope() });
  const batches = cutAll([{ v: 'a'.repeat(10) }, { v: 'b'.repeat(10) }, { v: 'c'.repeat(10) }], cutter);
  t.deepEqual(batches.map((batch) => [batch.recordCount, batch.body.length]), [[2, limit], [1, limit - 19]]);
});

test('a record that cannot fit even alone is refused with its number and the excess', (t) => {
  const cutter = new BatchCutter({ maxBatchBytes: 100, envelope: new BatchEnvelope() });
  t.is(cutter.push({ a: 'x' }), undefined);
  const error = t.throws(() => cutter.push({ a: 'y'.repeat(100) }), { instanceOf: BatchTooLargeError });
  t.is(error.record, 2);
  // {"data":[ + {"a":"…100…"} + ]}
  t.is(error.bodyBytes, 9 + 108 + 2);
  t.is(error.excessBytes, 19);
  t.is(cutter.pendingRecords, 1, 'the refused record was not taken');
});
