/**
 * The no-network limit with the library's own record path: `readRecords` in batches (what
 * `cleanse` reads), serialised by the uploader's `BlockEncoder` into block bodies, none sent.
 */
import { BufferPool } from '../../lib/core/buffer-pool.js';
import { readRecords } from '../../lib/index.js';
import { BlockEncoder } from '../../lib/streams/block-encoder.js';
import { scenarioMain } from '../scenario-process.js';

const BLOCK = 1000;

scenarioMain(async (input, meter) => {
  let bodyBytes = 0;
  await meter.phase('limit', async () => {
    const reader = readRecords(input.file, { output: 'batches' });
    const pool = new BufferPool(4);
    const encoder = new BlockEncoder({ columns: (await reader.whenSchema()).columns.map((column) => column.name), pool });
    let blockNumber = 0;
    const seal = (): void => {
      const block = encoder.seal();
      bodyBytes += block.body.length;
      meter.records += block.recordCount;
      pool.release(block.buffer);
    };
    for await (const batch of reader) {
      for (const record of batch.records) {
        if (!encoder.open) encoder.begin(blockNumber++);
        encoder.add(record);
        if (encoder.recordCount === BLOCK) seal();
      }
    }
    if (encoder.open) seal();
    return meter.records;
  });
  return { recordPath: 'readRecords + BlockEncoder', bodyBytes };
});
