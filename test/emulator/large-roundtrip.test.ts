/**
 * A 1,000,000-record dataset through `Identity`, with the emulator in its own process so its
 * memory can be read from /proc: the peak must stay far below what holding the data would take.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const RECORDS = 1_000_000;
const BLOCK = 1000;
const CONCURRENCY = 4;
/** Peak RSS growth allowed over the warmed-up emulator: well under the ~180 MB of records. */
const MAX_GROWTH_BYTES = 100 * 1024 * 1024;

const entry = fileURLToPath(new URL('../../lib/emulator/index.ts', import.meta.url));
const childScript = `
  const { startEmulator } = await import(${JSON.stringify(entry)});
  const emulator = await startEmulator();
  console.log(emulator.url);
  process.on('SIGTERM', () => { void emulator.close().then(() => process.exit(0)); });
`;

/** A field of /proc/<pid>/status, in bytes. */
function procBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`no ${field} for ${pid}`);
  return Number(match[1]) * 1024;
}

function recordJson(id: number): string {
  return `{"id":${id},"first_name":"First${id}","last_name":"Last-Name ${id % 977}","email":"person.${id}@example.co.uk","address":"${id % 300} Acacia Avenue, Flat ${id % 7}","city":"Manchester","score":${id / 4}}`;
}

/** Runs `count` tasks, `CONCURRENCY` at a time. */
async function inParallel(count: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

test('a 1,000,000-record dataset goes through Identity in order, with the emulator memory flat', async (t) => {
  if (process.platform !== 'linux') {
    t.pass('memory is read from /proc: Linux only');
    return;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript], {
    env: { ...process.env, DATA8_CLIENT_ID: 'large-client', DATA8_CLIENT_SECRET: 'large-secret' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  t.teardown(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  const url = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const pid = child.pid ?? 0;

  const tokenResponse = await fetch(`${url}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=large-client&client_secret=large-secret',
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const api = async (method: string, path: string, body?: string): Promise<Response> => {
    const response = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  };

  const columns = { id: 1, first_name: 0, last_name: 0, email: 0, address: 0, city: 0, score: 2 };
  await api('POST', '/Dataset', JSON.stringify({ name: 'large', columns }));
  let uploadedBytes = 0;
  let baseline = 0;
  const blocks = RECORDS / BLOCK;
  await inParallel(blocks, async (blockNumber) => {
    const parts: string[] = [];
    for (let i = 0; i < BLOCK; i++) parts.push(recordJson(blockNumber * BLOCK + i));
    const body = `{"blockNumber":${blockNumber},"records":[${parts.join(',')}]}`;
    uploadedBytes += body.length;
    await api('PATCH', '/Dataset/large/data', body);
    // Warmed up: code compiled, buffers and caches at their working size.
    if (blockNumber === 50) baseline = procBytes(pid, 'VmRSS');
  });
  await api('PUT', '/Dataset/large', JSON.stringify({ recordCount: RECORDS, completed: true }));

  await api('POST', '/Job', JSON.stringify({ name: 'large copy', workflowName: 'Identity', inputDatasets: { Input: 'large' } }));
  let job: { status: number; statistics: Record<string, unknown> };
  do {
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = (await (await api('GET', '/Job/large%20copy')).json()) as typeof job;
  } while (job.status < 2);
  t.is(job.status, 2, JSON.stringify(job.statistics));
  const output = (await (await api('GET', '/Dataset/large_copy_output')).json()) as { recordCount: number; completed: boolean };
  t.deepEqual(output, { ...output, recordCount: RECORDS, completed: true });

  let wrong = 0;
  let read = 0;
  await inParallel(blocks, async (page) => {
    const start = page * BLOCK + 1;
    const text = await (await api('GET', `/Dataset/large_copy_output/data?start=${start}&count=${BLOCK}`)).text();
    const records = JSON.parse(text) as Array<{ id: number; email: string }>;
    read += records.length;
    records.forEach((record, i) => {
      const id = start - 1 + i;
      if (record.id !== id || record.email !== `person.${id}@example.co.uk`) wrong += 1;
    });
  });
  t.is(read, RECORDS);
  t.is(wrong, 0, 'every record in its place, once');

  const peak = procBytes(pid, 'VmHWM');
  const growth = peak - baseline;
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
  t.log(`records ${mb(uploadedBytes)}; emulator RSS after warm-up ${mb(baseline)}, peak ${mb(peak)}, growth ${mb(growth)}`);
  t.true(uploadedBytes > 1.5 * MAX_GROWTH_BYTES, 'the data is larger than the bound, so the bound means something');
  t.true(growth < MAX_GROWTH_BYTES, `peak RSS grew by ${mb(growth)}`);
});
