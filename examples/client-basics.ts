/**
 * The client in a few calls: create an input dataset, upload it block by block, complete it,
 * start the Identity workflow, follow the job, read the output back, list what is there.
 *
 * Run: `node --import tsx examples/client-basics.ts`
 * With DATA8_CLIENT_ID, DATA8_CLIENT_SECRET and DATA8_API_URL set it calls that service (whose
 * workflows are your own: set DATA8_WORKFLOW to one with an `Input` role); otherwise it starts
 * a local emulator.
 */
import { Data8Client, type DataRecord } from '../lib/index.js';
import { startEmulator } from '../lib/emulator/index.js';

const emulator = process.env.DATA8_API_URL === undefined ? await startEmulator() : undefined;
const client = emulator ? new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials }) : Data8Client.fromEnv();

try {
  const { columnTypes, jobStatus } = client.assumedValues;
  const dataset = `people_${Date.now()}`;
  await client.datasets.create({ name: dataset, columns: { first_name: columnTypes.String, age: columnTypes.Integer } });

  // Blocks of up to 1,000 records; a block number sent again replaces that block.
  const people: DataRecord[] = Array.from({ length: 2500 }, (_, index) => ({ first_name: `Person ${index + 1}`, age: 20 + (index % 60) }));
  for (let block = 0; block * 1000 < people.length; block++) {
    await client.datasets.uploadBlock(dataset, block, people.slice(block * 1000, (block + 1) * 1000));
  }
  const completed = await client.datasets.complete(dataset, people.length); // the server checks the count
  console.log(`dataset ${completed.name}: ${completed.recordCount} records, complete`);

  // Job names may hold spaces: the client URL-encodes every path segment.
  const name = `Identity check ${Date.now()}`;
  let job = await client.jobs.start({ name, workflowName: process.env.DATA8_WORKFLOW ?? 'Identity', inputDatasets: { Input: dataset } });
  while (job.status === jobStatus.Queued || job.status === jobStatus.Running) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    job = await client.jobs.get(name);
  }
  if (job.status !== jobStatus.Completed) throw new Error(`job ${name} ended with status ${job.status}`);
  const output = Object.values(job.outputDatasets)[0];
  if (output === undefined) throw new Error(`job ${name} has no output dataset`);

  // Pages of up to 1,000 records, numbered from 1.
  const { recordCount } = await client.datasets.get(output);
  let read = 0;
  for (let start = 1; start <= recordCount; start += 1000) {
    read += (await client.datasets.readRecords(output, { start, count: 1000 })).length;
  }
  console.log(`job "${name}" completed: ${read} of ${recordCount} records read back from ${output}`);

  // Paged lists are async iterators over every page.
  for await (const entry of client.datasets.list({ output: false })) console.log(`input dataset ${entry.name} (${entry.recordCount} records)`);

  const stats = client.stats();
  console.log(`${stats.requests} requests, ${stats.retries} retries, ${stats.tokenRequests} token request(s)`);
} finally {
  await client.close();
  await emulator?.close();
}
