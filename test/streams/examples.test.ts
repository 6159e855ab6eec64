import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test, { type ExecutionContext } from 'ava';
import { readRecords, type DataRecord } from '../../lib/index.js';
import { startEmulator } from '../../lib/emulator/index.js';
import { childEnv } from '../cli/helpers/cli.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

const CONTACTS = ['Ref,First Name,Email,Postcode', 'A1,  mary ,MARY@EXAMPLE.COM, sw1a 1aa ', 'A2,Peter,not-an-email,', 'A3,"Zoë, Jr",zoe@example.co.uk,M1 1AE'];

async function recordsOf(path: string): Promise<DataRecord[]> {
  const records: DataRecord[] = [];
  for await (const record of readRecords(path)) records.push(record);
  return records;
}

async function runExample(t: ExecutionContext, name: string): Promise<{ stdout: string; output: string; records: DataRecord[] }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'd8-example-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const input = path.join(directory, 'in.csv');
  const output = path.join(directory, 'out.csv');
  await writeFile(input, `${CONTACTS.join('\n')}\n`);
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', `examples/${name}`, input, output], { cwd: REPO, env: childEnv() });
  return { stdout, output: await readFile(output, 'utf8'), records: await recordsOf(output) };
}

test('examples/pipeline-streams.ts runs as documented: the cleansed file keeps the input headers and order', async (t) => {
  const { stdout, output, records } = await runExample(t, 'pipeline-streams.ts');
  t.regex(stdout, /uploaded 3 records in 1 blocks/);
  t.regex(stdout, /job Completed, 100%/);
  t.regex(stdout, /downloaded 3 records/);
  t.true(output.startsWith('Ref,First Name,Email,Postcode,'));
  t.deepEqual(records.map((record) => record.ref), ['A1', 'A2', 'A3']);
  t.like(records[0], { first_name: 'Mary', email_status: 'valid', postcode_status: 'valid' });
  t.like(records[1], { email_status: 'invalid' });
});

test('examples/pipeline-stream-chain.ts runs as documented: tidied, numbered, in order', async (t) => {
  const { stdout, output, records } = await runExample(t, 'pipeline-stream-chain.ts');
  t.regex(stdout, /uploaded 3 records/);
  t.regex(stdout, /downloaded 3 records/);
  t.true(output.startsWith('row,Ref,First Name,Email,Postcode,'));
  t.deepEqual(records.map((record) => [record.row, record.ref]), [['1', 'A1'], ['2', 'A2'], ['3', 'A3']]);
});

test('examples/pipeline-cleanse.ts runs as documented: every phase reported, input lines kept', async (t) => {
  const { stdout, records } = await runExample(t, 'pipeline-cleanse.ts');
  for (const phase of ['read', 'upload', 'job', 'download']) t.regex(stdout, new RegExp(`${phase}: 3 records in \\d+ ms`));
  t.regex(stdout, /statistics: \{.*"records":3/);
  t.deepEqual(records.map((record) => [record.ref, record.input_line]), [['A1', '2'], ['A2', '3'], ['A3', '4']]);
});

// The documented chain pattern must turn a failure inside the chain into a rejection the
// example's own code sees (its `finally` runs, its message is printed), not an unhandled
// 'error' event that kills the process. The first block upload is refused with a 400, which
// the client never retries.
test('examples/pipeline-stream-chain.ts: a refused upload rejects cleanly instead of crashing the process', async (t) => {
  const emulator = await startEmulator();
  t.teardown(() => emulator.close());
  emulator.faults.plan({ method: 'PATCH', path: '/Dataset/*/data', fault: { status: 400 } });
  const directory = await mkdtemp(path.join(tmpdir(), 'd8-example-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const input = path.join(directory, 'in.csv');
  await writeFile(input, `${CONTACTS.join('\n')}\n`);
  const env = childEnv({
    DATA8_API_URL: emulator.url,
    DATA8_AUTH_URL: emulator.url,
    DATA8_CLIENT_ID: emulator.credentials.clientId,
    DATA8_CLIENT_SECRET: emulator.credentials.clientSecret,
  });
  const error = await t.throwsAsync(
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/pipeline-stream-chain.ts', input, path.join(directory, 'out.csv')], { cwd: REPO, env }),
  );
  const { code, stderr } = error as Error & { code?: number; stderr?: string };
  t.is(code, 1);
  t.notRegex(stderr ?? '', /Unhandled 'error' event|uncaught/i);
  t.regex(stderr ?? '', /^pipeline-stream-chain: PATCH \/Dataset\/contacts_\d+\/data failed: 400/m);
  t.is(emulator.faults.plans()[0]?.fired, 1);
});
