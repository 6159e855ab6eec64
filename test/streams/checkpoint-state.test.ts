import test from 'ava';
import fc from 'fast-check';
import {
  AcknowledgementTracker,
  blockNumberOf,
  checkpointMismatch,
  firstRecordOf,
  invalidCheckpoint,
  type CheckpointDocument,
} from '../../lib/streams/checkpoint-state.js';
import { recordRejections } from '../../lib/streams/rejections.js';

test('records are numbered into blocks from firstBlock, the same way every run', (t) => {
  t.is(blockNumberOf(0, 10, 1000), 10);
  t.is(blockNumberOf(999, 10, 1000), 10);
  t.is(blockNumberOf(1000, 10, 1000), 11);
  t.is(firstRecordOf(12, 10, 1000), 2000);
});

test('the unbroken run is the highest block before the first gap, whatever the order of acknowledgements', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 30 }), fc.nat(100), fc.integer({ min: 1, max: 7 }), fc.infiniteStream(fc.nat()), (blocks, firstBlock, blockSize, randomness) => {
      const order = Array.from({ length: blocks }, (_, index) => firstBlock + index);
      const draws = randomness.take(blocks);
      for (let index = order.length - 1; index > 0; index--) {
        const other = (draws.next().value as number) % (index + 1);
        [order[index], order[other]] = [order[other]!, order[index]!];
      }
      const tracker = new AcknowledgementTracker({ nextBlock: firstBlock, records: 0, storedRecords: 0 });
      const acknowledged = new Set<number>();
      for (const blockNumber of order) {
        tracker.acknowledge({ blockNumber, records: blockSize, storedRecords: blockSize - 1, inputBytes: (blockNumber + 1) * 100 });
        acknowledged.add(blockNumber);
        let next = firstBlock;
        while (acknowledged.has(next)) next++;
        const position = tracker.position;
        t.is(position.nextBlock, next);
        t.is(position.records, (next - firstBlock) * blockSize);
        t.is(position.storedRecords, (next - firstBlock) * (blockSize - 1));
        t.is(tracker.storedRecords, acknowledged.size * (blockSize - 1));
        t.deepEqual(tracker.acknowledgedBeyond.map((ack) => ack.blockNumber), [...acknowledged].filter((block) => block > next).sort((a, b) => a - b));
      }
      t.is(tracker.position.inputBytes, (firstBlock + blocks) * 100);
    }),
    { numRuns: 100 },
  );
});

test('a tracker restored from a checkpoint knows the blocks acknowledged beyond the gap', (t) => {
  const tracker = new AcknowledgementTracker({ nextBlock: 5, records: 50, storedRecords: 49 }, [{ blockNumber: 7, records: 10, storedRecords: 10 }]);
  t.true(tracker.isAcknowledged(4));
  t.false(tracker.isAcknowledged(5));
  t.true(tracker.isAcknowledged(7));
  t.false(tracker.acknowledge({ blockNumber: 7, records: 10, storedRecords: 10 }), 'a repeated acknowledgement changes nothing');
  tracker.acknowledge({ blockNumber: 6, records: 10, storedRecords: 10 });
  t.false(tracker.acknowledge({ blockNumber: 9, records: 10, storedRecords: 10 }));
  t.true(tracker.acknowledge({ blockNumber: 5, records: 10, storedRecords: 10 }));
  t.deepEqual(tracker.position, { nextBlock: 8, records: 80, storedRecords: 79, inputBytes: undefined });
});

const document: CheckpointDocument = {
  format: 'data8-batch/upload-checkpoint',
  version: 1,
  dataset: 'people',
  blockSize: 1000,
  firstBlock: 0,
  nextBlock: 3,
  records: 3000,
  storedRecords: 3000,
  acknowledgedBlocks: [],
  state: 'uploading',
  fingerprint: { size: 100, headSha256: 'abc', headBytes: 100 },
  updatedAt: '2024-01-01T00:00:00.000Z',
};

test('a checkpoint is refused for another dataset, block layout or input', (t) => {
  const fingerprint = { size: 100, headSha256: 'abc', headBytes: 100 };
  t.is(checkpointMismatch(document, { dataset: 'people', blockSize: 1000, firstBlock: 0, fingerprint }), undefined);
  t.regex(checkpointMismatch(document, { dataset: 'other', blockSize: 1000, firstBlock: 0 }) ?? '', /dataset "people"/);
  t.regex(checkpointMismatch(document, { dataset: 'people', blockSize: 500, firstBlock: 0 }) ?? '', /blockSize 1000/);
  t.regex(checkpointMismatch(document, { dataset: 'people', blockSize: 1000, firstBlock: 0, fingerprint: { ...fingerprint, size: 101 } }) ?? '', /changed size/);
  t.regex(checkpointMismatch(document, { dataset: 'people', blockSize: 1000, firstBlock: 0, fingerprint: { ...fingerprint, headSha256: 'abd' } }) ?? '', /different content/);
  const touched = { ...document, fingerprint: { ...fingerprint, mtimeMs: 1_704_067_200_000.25 } };
  t.is(checkpointMismatch(touched, { dataset: 'people', blockSize: 1000, firstBlock: 0, fingerprint: { ...fingerprint, mtimeMs: 1_704_067_200_000.25 } }), undefined);
  t.is(
    checkpointMismatch(touched, { dataset: 'people', blockSize: 1000, firstBlock: 0, fingerprint: { ...fingerprint, mtimeMs: 1_704_067_260_000 } }),
    'the input was modified since (modification time 2024-01-01T00:00:00.000Z then, 2024-01-01T00:01:00.000Z now)',
  );
  t.regex(checkpointMismatch(touched, { dataset: 'people', blockSize: 1000, firstBlock: 0, fingerprint: { ...fingerprint, mtimeMs: 1_704_067_200_000.5 } }) ?? '', /1704067200000\.25 then, 1704067200000\.5 now/);
  t.is(checkpointMismatch(touched, { dataset: 'people', blockSize: 1000, firstBlock: 0, fingerprint }), undefined, 'a fingerprint given without a time is not compared by it');
  t.is(invalidCheckpoint(document), undefined);
  t.regex(invalidCheckpoint({ ...document, nextBlock: -1 }) ?? '', /nextBlock/);
  t.regex(invalidCheckpoint([1]) ?? '', /not a data8-batch upload checkpoint/);
});

test('record rejections are read from the problem document, one per record, in order', (t) => {
  const rejections = recordRejections({
    'records[12].age': ['not an integer'],
    'records[3]': ['not an object'],
    'records[12].email': ['too long'],
    blockNumber: ['must be an integer'],
  });
  t.deepEqual(rejections, [
    { index: 3, column: undefined, reasons: ['not an object'] },
    { index: 12, column: 'age', reasons: ['not an integer'] },
  ]);
});
