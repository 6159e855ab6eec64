/**
 * Appends an email address to every contact of a file through The Data Group's asynchronous
 * batch API, in input order, and writes the result under the file's own headers.
 *
 * Run: `node --import tsx examples/datagroup-append.ts [input] [output]`
 * (default: examples/sample-contacts.csv → examples/output/sample-contacts.datagroup.csv).
 * With DATAGROUP_API_KEY and DATAGROUP_TOKEN set (and DATAGROUP_URL, DATAGROUP_JOB_ID) it
 * calls that service; otherwise a local emulator.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { DataGroupBatchStream, DataGroupClient, readRecords, writeRecords } from '../lib/index.js';
import { startEmulator } from '../lib/emulator/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const input = process.argv[2] ?? path.join(here, 'sample-contacts.csv');
const output = process.argv[3] ?? path.join(here, 'output', 'sample-contacts.datagroup.csv');
const jobId = process.env.DATAGROUP_JOB_ID ?? 'example1';

const emulator = process.env.DATAGROUP_API_KEY === undefined ? await startEmulator() : undefined;
const client = emulator
  ? new DataGroupClient({ baseUrl: emulator.url, apiKey: 'local-api-key', authorizationToken: 'local-token' })
  : DataGroupClient.fromEnv();

try {
  const reader = readRecords(input);
  const { headerMap } = await reader.whenSchema();
  const batches = new DataGroupBatchStream({
    client,
    jobId,
    concurrency: 4, // batches in flight; each body is at most 10,000,000 bytes
    onProgress: (event) => {
      if (event.done) console.log(`${event.phase}: ${event.records} records in ${Math.round(event.elapsedMs)} ms`);
    },
  });
  await mkdir(path.dirname(output), { recursive: true });
  await pipeline(reader, batches, writeRecords(output, { headerMap }));
  const { recordsOut, batches: count, retries } = batches.stats();
  console.log(`${recordsOut} records, ${count} batch${count === 1 ? '' : 'es'}, ${retries} retries → ${output}`);
} finally {
  await client.close();
  await emulator?.close();
}
