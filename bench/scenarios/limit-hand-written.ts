/**
 * The no-network limit, hand-written: read + parse + batch + serialise every block, send none.
 */
import { handEncodedBlocks } from '../hand-written/record-path.js';
import { scenarioMain } from '../scenario-process.js';

scenarioMain(async (input, meter) => {
  let bodyBytes = 0;
  await meter.phase('limit', async () => {
    for await (const block of handEncodedBlocks(input.file, 1000)) {
      bodyBytes += block.body.length;
      meter.records += block.recordCount;
    }
    return meter.records;
  });
  return { recordPath: 'csv-parse arrays + hand-written JSON', bodyBytes };
});
