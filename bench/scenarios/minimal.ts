/**
 * The minimal hand-written client: node's own http, the same concurrency as the library, no
 * retries, no rate limit, against the same emulator. Upload, job wait and download.
 */
import { InFlight } from '../hand-written/pool.js';
import { MinimalHttp } from '../hand-written/http.js';
import { handEncodedBlocks } from '../hand-written/record-path.js';
import { scenarioMain } from '../scenario-process.js';
import { inputRole } from '../workflow.js';

const POLL_MS = 250;
const PAGE = 1000;

interface JobBody {
  status: number;
  outputDatasets: Record<string, string>;
  statistics: Record<string, unknown>;
}

scenarioMain(async (input, meter) => {
  const http = new MinimalHttp(input.apiUrl!, input.concurrency);
  const dataset = `${input.runName}_minimal`;
  const jobName = `${input.runName} minimal`;
  await http.authenticate(input.clientId, input.clientSecret);

  await meter.phase('upload', async () => {
    const inFlight = new InFlight(input.concurrency);
    let created: Promise<unknown> | undefined;
    for await (const block of handEncodedBlocks(input.file, PAGE, (header) => {
      created = http.call('POST', '/Dataset', { name: dataset, columns: Object.fromEntries(header.map((c) => [c, 0])) });
    })) {
      await created;
      await inFlight.add(async () => {
        await http.call('PATCH', `/Dataset/${dataset}/data`, block.body);
        meter.records += block.recordCount;
      });
    }
    await inFlight.drain();
    await http.call('PUT', `/Dataset/${dataset}`, { recordCount: meter.records, completed: true });
    return meter.records;
  });

  let output = '';
  await meter.phase('job', async () => {
    await http.call('POST', '/Job', { name: jobName, workflowName: input.workflow, inputDatasets: { [inputRole(input.workflow)]: dataset }, parameters: {} });
    for (;;) {
      const job = await http.json<JobBody>('GET', `/Job/${encodeURIComponent(jobName)}`);
      if (job.status === 2) {
        output = Object.values(job.outputDatasets)[0]!;
        return input.records;
      }
      if (job.status > 2) throw new Error(`job ended with status ${job.status}: ${JSON.stringify(job.statistics)}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });

  await meter.phase('download', async () => {
    const { recordCount } = await http.json<{ recordCount: number }>('GET', `/Dataset/${output}`);
    const pages: Promise<unknown[]>[] = [];
    let next = 1;
    const fetchAhead = (): void => {
      while (pages.length < input.concurrency && next <= recordCount) {
        pages.push(http.json<unknown[]>('GET', `/Dataset/${output}/data?start=${next}&count=${PAGE}`));
        next += PAGE;
      }
    };
    let received = 0;
    fetchAhead();
    while (pages.length > 0) {
      const page = await pages.shift()!;
      fetchAhead();
      received += page.length;
      meter.records += page.length;
    }
    if (received !== recordCount) throw new Error(`downloaded ${received} of ${recordCount} records`);
    return received;
  });
  http.close();
  return { client: 'node:http keep-alive agent', pollMs: POLL_MS };
});

