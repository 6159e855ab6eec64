/**
 * The same streams with stream-chain: plain functions between them, backpressure end to end.
 * Upload: file → tidy each record → BlockUploader. Download: DatasetReader → number each record
 * → file. The functions form a chain and `pipeline()` runs source, chain and destination, so a
 * failure anywhere (a refused block, a bad input line) rejects the `await` and destroys every
 * stream; a chain left to itself would emit an 'error' nobody listens to and end the process.
 *
 * Run: `node --import tsx examples/pipeline-stream-chain.ts [input.csv] [output.csv]`
 * (default: examples/sample-contacts.csv → examples/output/sample-contacts.chain.csv).
 * With DATA8_CLIENT_ID, DATA8_CLIENT_SECRET and DATA8_API_URL set it calls that service;
 * otherwise it starts a local emulator.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import chain from 'stream-chain';
import { BlockUploader, Data8Client, DatasetReader, JobWaiter, readRecords, toColumnMap, writeRecords, type DataRecord } from '../lib/index.js';
import { startEmulator } from '../lib/emulator/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const input = process.argv[2] ?? path.join(here, 'sample-contacts.csv');
const output = process.argv[3] ?? path.join(here, 'output', 'sample-contacts.chain.csv');

const emulator = process.env.DATA8_API_URL === undefined ? await startEmulator() : undefined;
const client = emulator ? new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials }) : Data8Client.fromEnv();

/** Collapses runs of spaces in every text value. */
function tidy(record: DataRecord): DataRecord {
  const tidied: DataRecord = {};
  for (const [column, value] of Object.entries(record)) tidied[column] = typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value;
  return tidied;
}

try {
  const reader = readRecords(input);
  const schema = await reader.whenSchema();
  const dataset = `contacts_${Date.now()}`;
  await client.datasets.create({ name: dataset, columns: toColumnMap(schema, client.assumedValues) });
  const uploader = new BlockUploader({ client, dataset, source: reader });
  // tidy builds a new record: carryLine keeps the input line of the one it came from, so a
  // record the service refuses is still reported at its line. Typed as a plain Duplex:
  // pipeline()'s overloads expect a byte stream's read() signature.
  const tidying: Duplex = chain([(record: DataRecord) => reader.carryLine(record, tidy(record))]);
  await pipeline(reader, tidying, uploader);
  console.log(`uploaded ${uploader.stats.records} records`);

  const job = await client.jobs.start({ name: `Chain ${dataset}`, workflowName: 'CleanseContacts', inputDatasets: { Contacts: dataset } });
  const finishedJob = await new JobWaiter({ client, job }).wait();
  const results = finishedJob.outputDatasets.Results;
  if (results === undefined) throw new Error('the job produced no Results dataset');

  await mkdir(path.dirname(output), { recursive: true });
  let row = 0;
  const writer = writeRecords(output, { headerMap: schema.headerMap });
  const numbering: Duplex = chain([(record: DataRecord) => ({ row: ++row, ...record })]);
  await pipeline(new DatasetReader({ client, dataset: results }), numbering, writer);
  console.log(`downloaded ${row} records → ${output}`);

  await client.datasets.delete(dataset);
  await client.datasets.delete(results);
} catch (error) {
  console.error(`pipeline-stream-chain: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await client.close();
  await emulator?.close();
}
