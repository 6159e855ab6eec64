/**
 * The three streams composed with `stream.pipeline`: a CSV file into a dataset (BlockUploader),
 * the job followed poll by poll (JobWaiter), the output dataset into a CSV file under the
 * input's own headers (DatasetReader). Every record once and in order, in constant memory.
 *
 * Run: `node --import tsx examples/pipeline-streams.ts [input.csv] [output.csv]`
 * (default: examples/sample-contacts.csv → examples/output/sample-contacts.pipeline.csv).
 * With DATA8_CLIENT_ID, DATA8_CLIENT_SECRET and DATA8_API_URL set it calls that service;
 * otherwise it starts a local emulator.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { BlockUploader, Data8Client, DatasetReader, JobWaiter, readRecords, toColumnMap, writeRecords, type JobSnapshot } from '../lib/index.js';
import { startEmulator } from '../lib/emulator/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const input = process.argv[2] ?? path.join(here, 'sample-contacts.csv');
const output = process.argv[3] ?? path.join(here, 'output', 'sample-contacts.pipeline.csv');

const emulator = process.env.DATA8_API_URL === undefined ? await startEmulator() : undefined;
const client = emulator ? new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials }) : Data8Client.fromEnv();

try {
  // 1. Upload. Batches of 1,000 records with their lines: one stream write per block, and a
  //    refused record is reported with its file, line and header.
  const reader = readRecords(input, { output: 'batches' });
  const schema = await reader.whenSchema();
  const dataset = `contacts_${Date.now()}`;
  await client.datasets.create({ name: dataset, columns: toColumnMap(schema, client.assumedValues) });
  const uploader = new BlockUploader({ client, dataset, concurrency: 4, source: reader });
  await pipeline(reader, uploader);
  const uploaded = uploader.stats;
  console.log(`uploaded ${uploaded.records} records in ${uploaded.blocks} blocks, at most ${uploaded.maxRecordsHeld} held at once`);

  // 2. The job, one snapshot per poll (polls thin out on long jobs).
  const job = await client.jobs.start({ name: `Cleanse ${dataset}`, workflowName: 'CleanseContacts', inputDatasets: { Contacts: dataset } });
  let last: JobSnapshot | undefined;
  for await (const snapshot of new JobWaiter({ client, job })) {
    last = snapshot;
    console.log(`job ${snapshot.status}, ${snapshot.percentComplete}%`);
  }
  const results = last?.job.outputDatasets.Results;
  if (results === undefined) throw new Error('the job produced no Results dataset');

  // 3. Download, pages fetched ahead in order, written under the input's headers (atomically).
  await mkdir(path.dirname(output), { recursive: true });
  const download = new DatasetReader({ client, dataset: results, prefetch: 2 });
  await pipeline(download, writeRecords(output, { headerMap: schema.headerMap }));
  console.log(`downloaded ${download.stats.records} records → ${output}`);

  await client.datasets.delete(dataset);
  await client.datasets.delete(results);
} finally {
  await client.close();
  await emulator?.close();
}
