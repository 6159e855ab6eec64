/**
 * `npm run bench:faults [-- --records N] [--seed N]`: the fault run. `cleanse` with the
 * `Identity` workflow over the contacts file while the emulator (its own process) answers 10%
 * of requests with 429 and `Retry-After`, 5% with 503, drops 2% of connections (before or after
 * handling them), adds 20-40 ms to each, and issues 5-second tokens. The output must equal the
 * input record for record, in order. Writes `bench/results/faults.json` and prints the retries.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanse, Data8Client } from '../lib/index.js';
import { startEmulatorProcess } from './emulator-process.js';
import { compareCsvFiles } from './faults/compare.js';
import { contactsFile } from './generate.js';
import { DATA_DIR, RESULTS_DIR } from './paths.js';

const FAULTS = '429=0.1,503=0.05,drop=0.02,drop-mode=either';
const LATENCY: readonly [number, number] = [20, 40];
const TOKEN_TTL_SECONDS = 5;

const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '9' } } });
const records = Number(values.records);
const seed = Number(values.seed);
if (!Number.isSafeInteger(records) || records < 1) throw new TypeError(`--records expects a positive whole number, got "${values.records}"`);
if (!Number.isSafeInteger(seed) || seed < 1) throw new TypeError(`--seed expects a positive whole number, got "${values.seed}"`);

process.stderr.write(`Generating ${records.toLocaleString('en-GB')} contacts (not timed) ...\n`);
const input = await contactsFile(records, 1);
const outputDir = join(DATA_DIR, `faults-${process.pid}`);
mkdirSync(outputDir, { recursive: true });
const output = join(outputDir, 'identity.csv');
const emulator = await startEmulatorProcess({ faults: FAULTS, latencyMs: LATENCY, tokenTtlSeconds: TOKEN_TTL_SECONDS, seed });
const client = new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret });
try {
  process.stderr.write(`cleanse Identity under faults ${FAULTS}, latency ${LATENCY.join('-')} ms, ${TOKEN_TTL_SECONDS}-second tokens ...\n`);
  const started = performance.now();
  const result = await cleanse({ client, workflow: 'Identity', jobName: `faults ${Date.now().toString(36)}`, inputs: { Input: input.path }, outputs: () => output });
  const seconds = (performance.now() - started) / 1000;
  const comparison = await compareCsvFiles(input.path, output);
  const stats = client.stats();
  const report = {
    records,
    faults: FAULTS,
    latencyMs: LATENCY,
    tokenTtlSeconds: TOKEN_TTL_SECONDS,
    seed,
    seconds,
    outputEqualsInput: comparison.difference === undefined && comparison.records === records,
    comparedRecords: comparison.records,
    difference: comparison.difference ?? null,
    timings: result.timings,
    client: {
      requests: stats.requests,
      retries: stats.retries,
      byStatus: stats.byStatus,
      networkErrors: stats.networkErrors,
      rateLimited: stats.rateLimited,
      tokenRequests: stats.tokenRequests,
      reauthentications: stats.reauthentications,
    },
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'faults.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `${report.outputEqualsInput ? 'PASS' : 'FAIL'}: ${comparison.records.toLocaleString('en-GB')} records compared` +
      `${comparison.difference === undefined ? ', output equals input record for record' : `: ${comparison.difference}`}\n` +
      `${seconds.toFixed(1)} s; ${stats.requests} requests, ${stats.retries} retries (${JSON.stringify(stats.byStatus)} by status, ` +
      `${stats.networkErrors} network errors), ${stats.tokenRequests} token requests, ${stats.reauthentications} re-authentications\n` +
      `Results: ${join(RESULTS_DIR, 'faults.json')}\n`,
  );
  if (!report.outputEqualsInput) process.exitCode = 1;
} finally {
  await client.close();
  await emulator.stop();
  rmSync(outputDir, { recursive: true, force: true });
}
