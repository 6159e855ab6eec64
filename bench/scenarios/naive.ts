/**
 * The naive script a user writes without the library: read the whole file, parse it into an
 * array, get a token, `await` one block at a time with got, poll the job, download the pages
 * one at a time into an array, write the output file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import got from 'got';
import { scenarioMain } from '../scenario-process.js';
import { inputRole } from '../workflow.js';

const POLL_MS = 1000;

scenarioMain(async (input, meter) => {
  const dataset = `${input.runName}_naive`;
  const jobName = `${input.runName} naive`;
  const output = join(input.outputDir, 'naive-output.csv');
  let results: Record<string, string>[] = [];

  await meter.phase('endToEnd', async () => {
    const { access_token: token } = await got
      .post(`${input.apiUrl!}/connect/token`, {
        form: { grant_type: 'client_credentials', scope: 'BatchApi' },
        username: input.clientId,
        password: input.clientSecret,
      })
      .json<{ access_token: string }>();
    const api = got.extend({ prefixUrl: input.apiUrl!, headers: { authorization: `Bearer ${token}` } });

    await meter.phase('upload', async () => {
      const records = parse<Record<string, string>>(readFileSync(input.file, 'utf8'), { columns: true, bom: true });
      const columns = Object.fromEntries(Object.keys(records[0]!).map((column) => [column, 0]));
      await api.post('Dataset', { json: { name: dataset, columns } });
      for (let start = 0; start < records.length; start += 1000) {
        const block = records.slice(start, start + 1000);
        await api.patch(`Dataset/${dataset}/data`, { json: { blockNumber: start / 1000, records: block } });
        meter.records += block.length;
      }
      await api.put(`Dataset/${dataset}`, { json: { recordCount: records.length, completed: true } });
      return records.length;
    });

    let outputDataset = '';
    await meter.phase('job', async () => {
      await api.post('Job', { json: { name: jobName, workflowName: input.workflow, inputDatasets: { [inputRole(input.workflow)]: dataset }, parameters: {} } });
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const job = await api.get(`Job/${encodeURIComponent(jobName)}`).json<{ status: number; outputDatasets: Record<string, string> }>();
        if (job.status === 2) {
          outputDataset = Object.values(job.outputDatasets)[0]!;
          return input.records;
        }
        if (job.status > 2) throw new Error(`job ended with status ${job.status}`);
      }
    });

    await meter.phase('download', async () => {
      for (let start = 1; ; start += 1000) {
        const page = await api.get(`Dataset/${outputDataset}/data`, { searchParams: { start, count: 1000 } }).json<Record<string, string>[]>();
        results.push(...page);
        meter.records += page.length;
        if (page.length < 1000) break;
      }
      return results.length;
    });

    writeFileSync(output, stringify(results, { header: true }));
    return results.length;
  });
  const delivered = results.length;
  results = [];
  return { client: 'got, one request at a time', pollMs: POLL_MS, delivered };
});
