/**
 * How fast the emulator ingests blocks: uploads N blocks of 1,000 contact records with plain
 * fetch from this process to an emulator in a child process, and prints records/s (wall time)
 * and records per CPU-second of the emulator process (its one JavaScript thread plus libuv's
 * file-system threads).
 *
 *   node --import tsx bench/emulator-ingest.ts [--blocks 2000] [--concurrency 8] [--data DIR]
 *
 * `--data DIR` ingests into a kept data directory (each block flushed to disk before it is
 * acknowledged); without it, a temporary one (no flushes).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({
  options: {
    blocks: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    data: { type: 'string' },
  },
});
const blocks = Number(values.blocks);
const concurrency = Number(values.concurrency);
const RECORDS_PER_BLOCK = 1000;

const entry = fileURLToPath(new URL('../lib/emulator/index.ts', import.meta.url));
const script = `
  const { startEmulator } = await import(${JSON.stringify(entry)});
  const emulator = await startEmulator({ dataDir: process.env.INGEST_DATA_DIR || undefined });
  console.log(emulator.url);
  process.on('SIGTERM', () => { void emulator.close().then(() => process.exit(0)); });
`;
const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
  env: { ...process.env, INGEST_DATA_DIR: values.data ?? '', DATA8_CLIENT_ID: 'bench-client', DATA8_CLIENT_SECRET: 'bench-secret' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const baseUrl = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));

/** CPU seconds used so far by the emulator process (utime + stime from /proc). */
function cpuSeconds(): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const tokenResponse = await fetch(`${baseUrl}/connect/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('bench-client:bench-secret').toString('base64')}` },
  body: 'grant_type=client_credentials&scope=BatchApi',
});
const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

const columns = { first_name: 0, last_name: 0, email: 0, phone: 0, postcode: 0, age: 1, score: 2, member: 3, joined: 4 };
const name = `ingest_${Date.now()}`;
await fetch(`${baseUrl}/Dataset`, { method: 'POST', headers, body: JSON.stringify({ name, columns }) });

const records = Array.from({ length: RECORDS_PER_BLOCK }, (_, i) => ({
  first_name: `Jane${i}`,
  last_name: "O'Brien-Smith",
  email: `jane.obrien${i}@example.co.uk`,
  phone: `07911 ${String(100000 + i)}`,
  postcode: 'SW1A 1AA',
  age: 20 + (i % 60),
  score: i * 1.25,
  member: i % 2 === 0,
  joined: '2024-02-29T13:45:00Z',
}));
const recordsJson = JSON.stringify(records);
const blockBytes = Buffer.byteLength(recordsJson) + 30;

let next = 0;
async function worker(): Promise<void> {
  while (next < blocks) {
    const blockNumber = next++;
    const response = await fetch(`${baseUrl}/Dataset/${name}/data`, {
      method: 'PATCH',
      headers,
      body: `{"blockNumber":${blockNumber},"records":${recordsJson}}`,
    });
    if (response.status !== 204) throw new Error(`block ${blockNumber}: ${response.status} ${await response.text()}`);
  }
}

const cpuBefore = cpuSeconds();
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
const cpu = cpuSeconds() - cpuBefore;
const total = blocks * RECORDS_PER_BLOCK;
const check = (await (await fetch(`${baseUrl}/Dataset/${name}`, { headers })).json()) as { recordCount: number };
child.kill('SIGTERM');

console.log(`blocks ${blocks} × ${RECORDS_PER_BLOCK} records (${(blockBytes / 1024).toFixed(0)} KiB a block), concurrency ${concurrency}, ${values.data === undefined ? 'temporary data directory' : `data directory ${values.data} (flushed)`}`);
console.log(`stored ${check.recordCount} records in ${seconds.toFixed(2)} s: ${Math.round(total / seconds).toLocaleString('en')} records/s, ${((blocks * blockBytes) / 1048576 / seconds).toFixed(1)} MiB/s`);
console.log(`emulator CPU ${cpu.toFixed(2)} s: ${Math.round(total / cpu).toLocaleString('en')} records per CPU-second`);
