import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { startEmulator } from '../../lib/emulator/index.js';
import { runCli, startCli } from '../cli/helpers/cli.js';

const API_KEY = 'canary-ApiKey-3b1d-do-not-print';
const TOKEN = 'canary-Token-77aa-do-not-print';

async function workspace(t: ExecutionContext, csv: string): Promise<{ dir: string; input: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'datagroup-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const input = path.join(dir, 'people.csv');
  await writeFile(input, csv);
  return { dir, input };
}

async function canaryEmulator(t: ExecutionContext, dataGroup: Record<string, unknown> = {}) {
  const emulator = await startEmulator({ dataGroup: { apiKey: API_KEY, token: TOKEN, ...dataGroup } });
  t.teardown(() => emulator.close());
  return { emulator, env: { DATAGROUP_URL: emulator.url, DATAGROUP_API_KEY: API_KEY, DATAGROUP_TOKEN: TOKEN } };
}

const PEOPLE = 'External ID,First Name,Last Name\n1,John,Smith\n2,Jane,Doe\n3,Ann,\n';

test('datagroup append writes every record with its email, under the original headers, and prints no secret', async (t) => {
  const { dir, input } = await workspace(t, PEOPLE);
  const { env } = await canaryEmulator(t);
  const output = path.join(dir, 'out.csv');
  const result = await runCli(['datagroup', 'append', input, '--job-id', 'job42', '--output', output, '--progress', 'lines'], { env });
  t.is(result.code, 0, result.stderr);
  t.is(await readFile(output, 'utf8'), 'External ID,First Name,Last Name,email\n1,John,Smith,john.smith@example.com\n2,Jane,Doe,jane.doe@example.com\n3,Ann,,ann@example.com\n');
  t.is(result.stdout, `Appended emails to 3 records in 1 batch: ${output}\n`);
  t.regex(result.stderr, /^Uploading: 3 records/m);
  for (const secret of [API_KEY, TOKEN]) t.false((result.stdout + result.stderr).includes(secret));
});

test('with no DATAGROUP_* variables it refuses (exit 78) naming --emulator; with --emulator it says so even with --quiet; stdout by default', async (t) => {
  const { dir, input } = await workspace(t, PEOPLE);
  const refused = await runCli(['datagroup', 'append', input, '--job-id', 'job42', '--quiet']);
  t.is(refused.code, 78, refused.stderr);
  t.regex(refused.stderr, /^data8-batch: no credentials: set DATAGROUP_API_KEY and DATAGROUP_TOKEN .+pass --emulator \(or set DATA8_EMULATOR=1\)\n$/);
  const quiet = await runCli(['datagroup', 'append', input, '--job-id', 'job42', '--quiet', '--emulator']);
  t.is(quiet.code, 0, quiet.stderr);
  t.regex(quiet.stderr, /^data8-batch: --emulator: running against an embedded emulator at http:\S+; nothing is sent to The Data Group and its results are made up\n$/);
  t.is(quiet.stdout.split('\n')[0], 'External ID,First Name,Last Name,email', "stdout by default, in the input's format (CSV), as cleanse");
  t.deepEqual((await readdir(dir)).sort(), ['people.csv'], 'nothing left beside the input');

  const result = await runCli(['datagroup', 'append', input, '--job-id', 'job42', '--output', '-', '--output-format', 'ndjson', '--max-batch-bytes', '100', '--emulator']);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stderr, /--emulator: running against an embedded emulator/);
  const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  t.deepEqual(lines.map((line) => line.email), ['john.smith@example.com', 'jane.doe@example.com', 'ann@example.com']);
  t.regex(result.stderr, /Appended emails to 3 records in [23] batches/);
});

test('credentials set in part fail with exit code 78, refused ones with 77, naming the variables', async (t) => {
  const { dir, input } = await workspace(t, PEOPLE);
  const partial = await runCli(['datagroup', 'append', input, '--job-id', 'j1', '--output', path.join(dir, 'o.csv')], { env: { DATAGROUP_API_KEY: API_KEY } });
  t.is(partial.code, 78);
  t.regex(partial.stderr, /DATAGROUP_TOKEN must be set too \(DATAGROUP_API_KEY is set\)/);

  const { emulator } = await canaryEmulator(t);
  const env = { DATAGROUP_URL: emulator.url, DATAGROUP_API_KEY: API_KEY, DATAGROUP_TOKEN: 'canary-Wrong-0000' };
  const refused = await runCli(['datagroup', 'append', input, '--job-id', 'j1', '--output', path.join(dir, 'o.csv'), '--progress', 'none'], { env });
  t.is(refused.code, 77);
  t.regex(refused.stderr, /refused the AuthorizationToken \(401\)\nCheck DATAGROUP_URL, DATAGROUP_API_KEY, DATAGROUP_TOKEN\./);
  t.false(refused.stderr.includes('canary-Wrong-0000') || refused.stderr.includes(API_KEY));
  t.false(existsSync(path.join(dir, 'o.csv')), 'no output file is left behind');
});

test('a usage mistake exits 2 and a malformed input exits 65 naming the line', async (t) => {
  const { dir, input } = await workspace(t, 'a,b\n1,2\n3,"4\n');
  const usage = await runCli(['datagroup', 'append', input, '--output', path.join(dir, 'o.csv')]);
  t.is(usage.code, 2);
  t.regex(usage.stderr, /required option '--job-id <id>' not specified/);
  const { env } = await canaryEmulator(t);
  const malformed = await runCli(['datagroup', 'append', input, '--job-id', 'j1', '--output', path.join(dir, 'o.csv'), '--progress', 'none'], { env });
  t.is(malformed.code, 65);
  t.regex(malformed.stderr, /people\.csv:3/);
});

test('Ctrl-C stops the run with exit code 130 and leaves no output file', async (t) => {
  const { dir, input } = await workspace(t, PEOPLE);
  const { env } = await canaryEmulator(t, { queuedMs: 60_000 });
  const output = path.join(dir, 'out.csv');
  const { child, result } = startCli(['datagroup', 'append', input, '--job-id', 'j1', '--output', output, '--progress', 'json'], { env });
  await new Promise<void>((resolve) => {
    let seen = '';
    child.stderr?.on('data', (chunk: Buffer | string) => {
      seen += String(chunk);
      if (seen.includes('"phase":"upload"')) resolve();
    });
  });
  child.kill('SIGINT');
  const { code, stderr } = await result;
  t.is(code, 130);
  t.regex(stderr, /interrupted by SIGINT/);
  t.false(existsSync(output));
});

test('--notification-method without --notification-url is a usage error (exit 2) before anything starts', async (t) => {
  const result = await runCli(['datagroup', 'append', 'people.csv', '--job-id', 'job42', '--output', '-', '--notification-method', 'POST']);
  t.is(result.code, 2, result.stderr);
  t.regex(result.stderr, /--notification-method needs --notification-url/);
  t.false(result.stderr.includes('embedded emulator'), 'no emulator was started');
});

test('values that were present and are replaced are counted in the summary and in --json', async (t) => {
  const { dir, input } = await workspace(t, 'External ID,First Name,Last Name,email\n1,John,Smith,old@example.org\n2,Jane,Doe,jane.doe@example.com\n3,Ann,,\n');
  const { env } = await canaryEmulator(t);
  const output = path.join(dir, 'out.csv');
  const result = await runCli(['datagroup', 'append', input, '--job-id', 'job42', '--output', output, '--progress', 'none'], { env });
  t.is(result.code, 0, result.stderr);
  t.is(result.stdout, `Appended emails to 3 records in 1 batch; 1 record had another email, now replaced: ${output}\n`, 'the same address is not counted, nor an empty one');
  const json = await runCli(['datagroup', 'append', input, '--job-id', 'job43', '--output', output, '--progress', 'none', '--json'], { env });
  t.is(json.code, 0, json.stderr);
  t.like(JSON.parse(json.stdout), { records: 3, replaced: 1 });
});
