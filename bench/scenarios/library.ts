/**
 * The library's three streams on their bulk paths (the ones `cleanse` takes): `readRecords` in
 * batches piped into a `BlockUploader`, a `JobWaiter`, and a `DatasetReader` read a page at a
 * time, as the minimal client reads it. Default client settings; the uploader's concurrency and
 * the reader's prefetch are the bench's concurrency.
 */
import { pipeline } from 'node:stream/promises';
import { BlockUploader, Data8Client, DatasetReader, JobWaiter, readRecords, type DataRecord } from '../../lib/index.js';
import { scenarioMain } from '../scenario-process.js';
import { inputRole } from '../workflow.js';

scenarioMain(async (input, meter) => {
  const client = new Data8Client({ apiUrl: input.apiUrl!, authUrl: input.apiUrl!, clientId: input.clientId, clientSecret: input.clientSecret });
  const dataset = `${input.runName}_library`;
  const jobName = `${input.runName} library`;

  await meter.phase('upload', async () => {
    const records = readRecords(input.file, { output: 'batches' });
    const schema = await records.whenSchema();
    await client.datasets.create({
      name: dataset,
      columns: Object.fromEntries(schema.columns.map((column) => [column.name, client.assumedValues.columnTypes[column.type]])),
    });
    const uploader = new BlockUploader({
      client,
      dataset,
      concurrency: input.concurrency,
      onProgress: (event) => (meter.records = event.records),
    });
    await pipeline(records, uploader);
    return uploader.stats.records;
  });

  let output = '';
  await meter.phase('job', async () => {
    const job = await client.jobs.start({ name: jobName, workflowName: input.workflow, inputDatasets: { [inputRole(input.workflow)]: dataset }, parameters: {} });
    const done = await new JobWaiter({ client, job, totalRecords: input.records }).wait();
    output = Object.values(done.outputDatasets)[0]!;
    return input.records;
  });

  const uploaded = meter.records;
  await meter.phase('download', async () => {
    const reader = new DatasetReader({ client, dataset: output, prefetch: input.concurrency, output: 'pages' });
    let received = 0;
    for await (const page of reader as AsyncIterable<DataRecord[]>) {
      received += page.length;
      meter.records = uploaded + received;
    }
    return received;
  });
  const stats = client.stats();
  await client.close();
  return { requests: stats.requests, retries: stats.retries };
});
