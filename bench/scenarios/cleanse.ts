/**
 * The library end to end: one `cleanse()` call from the contacts file to a cleansed CSV file
 * (upload, job, download, datasets deleted after), as the README shows it, at its default
 * options (the adaptive window).
 */
import { join } from 'node:path';
import { cleanse, Data8Client, type CleanseResult } from '../../lib/index.js';
import { scenarioMain } from '../scenario-process.js';
import { inputRole } from '../workflow.js';

scenarioMain(async (input, meter) => {
  const client = new Data8Client({ apiUrl: input.apiUrl!, authUrl: input.apiUrl!, clientId: input.clientId, clientSecret: input.clientSecret });
  const output = join(input.outputDir, 'cleanse-output.csv');
  let result: CleanseResult | undefined;
  await meter.phase('endToEnd', async () => {
    result = await cleanse({
      client,
      workflow: input.workflow,
      jobName: `${input.runName} cleanse`,
      inputs: { [inputRole(input.workflow)]: input.file },
      outputs: () => output,
      onProgress: (event) => {
        if (event.phase === 'upload') meter.records = event.records;
        else if (event.phase === 'download') meter.records = input.records + event.records;
      },
    });
    return Object.values(result.outputs).reduce((sum, written) => sum + written.records, 0);
  });
  await client.close();
  return { timings: result!.timings, retries: result!.retries };
});
