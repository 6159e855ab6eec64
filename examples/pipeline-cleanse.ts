/**
 * The whole run in one call: `cleanse()` reads the file, uploads it, runs the job, writes the
 * output under the input's headers and removes the datasets, reporting every phase with one
 * progress-event schema.
 *
 * Run: `node --import tsx examples/pipeline-cleanse.ts [input.csv] [output.csv]`
 * (default: examples/sample-contacts.csv → examples/output/sample-contacts.cleansed.csv).
 * With DATA8_CLIENT_ID, DATA8_CLIENT_SECRET and DATA8_API_URL set it calls that service;
 * otherwise it starts a local emulator.
 */
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { cleanse, Data8Client } from '../lib/index.js';
import { startEmulator } from '../lib/emulator/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const input = process.argv[2] ?? path.join(here, 'sample-contacts.csv');
const output = process.argv[3] ?? path.join(here, 'output', 'sample-contacts.cleansed.csv');

const emulator = process.env.DATA8_API_URL === undefined ? await startEmulator() : undefined;
const client = emulator ? new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials }) : Data8Client.fromEnv();

try {
  await mkdir(path.dirname(output), { recursive: true });
  const result = await cleanse({
    client,
    workflow: 'CleanseContacts',
    inputs: { Contacts: input },
    outputs: { Results: output },
    rowKey: true, // each output record keeps its input line in `input_line`...
    keepRowKey: true, // ...and it is written out too
    onProgress: (event) => {
      if (event.done) console.log(`${event.phase}: ${event.records} records in ${Math.round(event.elapsedMs)} ms`);
    },
  });
  const { records, dataset } = result.outputs.Results ?? { records: 0, dataset: '' };
  console.log(`${records} records from ${dataset} → ${output}`);
  console.log(`statistics: ${JSON.stringify(result.statistics)}`);
} finally {
  await client.close();
  await emulator?.close();
}
