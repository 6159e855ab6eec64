import test from 'ava';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareCsv, writeAwkwardCsv } from '../helpers/record-files.js';
import { assertNoSecret, explain, runCli, useEmulator, useTempDir } from './helpers/cli.js';

test('Identity end to end: the output equals the input, record for record; a summary; no secret printed', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = path.join(directory, 'people.csv');
  const output = path.join(directory, 'people.out.csv');
  await writeAwkwardCsv(input, 2_500);
  const result = await runCli(['cleanse', input, '--workflow', 'Identity', '--output', output], { env });
  t.is(result.code, 0, explain(result));
  t.deepEqual(await compareCsv(input, output), { expectedRows: 2_501, actualRows: 2_501, firstDifference: -1, detail: '' });
  t.regex(result.stdout, /^Cleansed 2,500 records with Identity in .+\n {2}input {5}.+people\.csv: 2,500 records \(Input\)\n {2}output {4}.+people\.out\.csv: 2,500 records \(Output\)/);
  // Not a terminal: one line per phase.
  t.regex(result.stderr, /^Reading: 2,500 records/m);
  t.regex(result.stderr, /^Uploading: 2,500 records · 3 blocks/m);
  t.regex(result.stderr, /^Job: .+ · Completed/m);
  t.regex(result.stderr, /^Downloading: 2,500 records/m);
  t.false(result.stderr.includes('embedded emulator'));
  t.false(result.stdout.includes('emulator'));
  t.deepEqual((await readdir(directory)).sort(), ['people.csv', 'people.out.csv'], 'no checkpoint or temporary file is left');
  assertNoSecret(t, result);
});

test('--output - streams the records to stdout and, with --json --quiet, the summary to stderr as one JSON object', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = path.join(directory, 'in.csv');
  await writeAwkwardCsv(input, 300);
  const result = await runCli(['cleanse', input, '-w', 'Identity', '-o', '-', '--json', '--quiet'], { env });
  t.is(result.code, 0, explain(result));
  await writeFile(path.join(directory, 'stdout.csv'), result.stdout);
  t.is((await compareCsv(input, path.join(directory, 'stdout.csv'))).firstDifference, -1);
  const summary = JSON.parse(result.stderr) as { job: { status: string }; inputs: { Input: { records: number } }; outputs: { Output: { records: number } } };
  t.is(summary.job.status, 'Completed');
  t.is(summary.inputs.Input.records, 300);
  t.is(summary.outputs.Output.records, 300);
  assertNoSecret(t, result);
});

test('--progress json writes every phase as JSON lines on stderr', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = path.join(directory, 'in.csv');
  await writeAwkwardCsv(input, 1_200);
  const result = await runCli(['cleanse', input, '-w', 'Identity', '-o', path.join(directory, 'out.csv'), '--progress', 'json'], { env });
  t.is(result.code, 0, explain(result));
  const events = result.stderr
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { phase: string; done: boolean; records: number });
  const finished = events.filter((event) => event.done).map((event) => [event.phase, event.records]);
  t.deepEqual(finished, [['read', 1_200], ['upload', 1_200], ['job', 1_200], ['download', 1_200]]);
});

test('without credentials cleanse refuses to run (exit 78, nothing left behind) and names --emulator; DATA8_EMULATOR=1 asks as --emulator does', async (t) => {
  const directory = await useTempDir(t);
  const output = path.join(directory, 'sample.cleansed.csv');
  const args = ['cleanse', 'examples/sample-contacts.csv', '--workflow', 'CleanseContacts', '--output', output, '--quiet'];
  const refused = await runCli(args);
  t.is(refused.code, 78, explain(refused));
  t.regex(refused.stderr, /^data8-batch: no credentials: set DATA8_CLIENT_ID, DATA8_CLIENT_SECRET and DATA8_API_URL .+ pass --emulator \(or set DATA8_EMULATOR=1\)\n$/);
  t.is(refused.stdout, '');
  t.deepEqual(await readdir(directory), [], 'no output, no checkpoint');

  const json = await runCli([...args, '--json']);
  t.is(json.code, 78, explain(json));
  t.like(JSON.parse(json.stderr), { error: { code: 'DATA8_CONFIG_ERROR', exitCode: 78 } });

  // --quiet silences notes, not the one line saying nothing reached Data8.
  const quiet = await runCli(args, { env: { DATA8_EMULATOR: '1' } });
  t.is(quiet.code, 0, explain(quiet));
  t.regex(quiet.stderr, /^data8-batch: --emulator: running against an embedded emulator at http:\/\/127\.0\.0\.1:\d+; nothing is sent to Data8 and its results are made up\n$/);
  t.regex(quiet.stdout, /^ {2}service {3}the embedded emulator at http:\/\/127\.0\.0\.1:\d+ \(--emulator\): nothing was sent to Data8/m);
  t.deepEqual(await readdir(directory), ['sample.cleansed.csv'], 'the checkpoint and the emulator state are removed after success');
});

test('--emulator (how npm start works): the run, its summary and its --json say the emulator served it', async (t) => {
  const directory = await useTempDir(t);
  const output = path.join(directory, 'sample.cleansed.csv');
  const result = await runCli(['cleanse', 'examples/sample-contacts.csv', '--workflow', 'CleanseContacts', '--output', output, '--emulator']);
  t.is(result.code, 0, explain(result));
  t.regex(result.stderr, /^data8-batch: --emulator: running against an embedded emulator at http:\/\/127\.0\.0\.1:\d+/m);
  t.regex(result.stdout, /^Cleansed 10,000 records with CleanseContacts/);
  t.regex(result.stdout, /^Statistics\n {2}first_name +valid [\d,]+ · invalid [\d,]+ · empty [\d,]+$/m);
  const lines = (await readFile(output, 'utf8')).trimEnd().split('\n');
  t.is(lines.length, 10_001);
  t.true(lines[0]!.startsWith('Customer ID,First Name,Last Name,Email,Phone,'), 'the input headers come back');
  t.true(lines[0]!.endsWith('phone_status,postcode_status'));
  t.false(existsSync(path.join(directory, '.data8-batch-sample.cleansed.csv')), 'the checkpoint is removed after success');

  const json = await runCli(['cleanse', 'examples/sample-contacts.csv', '-w', 'Identity', '--output', output, '--emulator', '--json']);
  t.is(json.code, 0, explain(json));
  t.like(JSON.parse(json.stdout), { embeddedEmulator: true });
  t.regex((JSON.parse(json.stdout) as { emulatorUrl: string }).emulatorUrl, /^http:\/\/127\.0\.0\.1:\d+/);
});

test('--progress bars draws one bar per phase (frames and the final state, even where stderr is no terminal)', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = path.join(directory, 'in.csv');
  await writeAwkwardCsv(input, 1_500);
  const result = await runCli(['cleanse', input, '-w', 'Identity', '-o', path.join(directory, 'out.csv'), '--progress', 'bars'], { env });
  t.is(result.code, 0, explain(result));
  const last = (phase: string): string | undefined => result.stderr.split('\n').filter((line) => line.startsWith(phase)).at(-1);
  t.regex(last('Reading') ?? '', /^Reading {5}█{24} 100% {2}1,500 records · [\d.]+ kB · [\d,]+ records\/s · done in [\d.]+s$/);
  t.regex(last('Uploading') ?? '', /^Uploading {3}█{24} 100% {2}1,500 records · 2 blocks · /);
  t.regex(last('Job') ?? '', /^Job {9}█{24} 100% {2}.+ · Completed · 1,500 records · done in/);
  t.regex(last('Downloading') ?? '', /^Downloading █{24} 100% {2}1,500 records · /);
});

test('--keep-datasets leaves the input and output datasets on the service; without it they are deleted', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = path.join(directory, 'in.csv');
  await writeAwkwardCsv(input, 50);
  const run = async (...extra: string[]) => {
    const result = await runCli(['cleanse', input, '-w', 'Identity', '-o', path.join(directory, 'out.csv'), '--json', ...extra], { env });
    t.is(result.code, 0, explain(result));
    return JSON.parse(result.stdout) as { deletedDatasets: string[]; inputs: { Input: { dataset: string } }; outputs: { Output: { dataset: string } } };
  };
  const listed = async () => (JSON.parse((await runCli(['datasets', 'list', '--json'], { env })).stdout) as { name: string }[]).map((dataset) => dataset.name);

  const deleted = await run('--job-name', 'first');
  t.deepEqual(deleted.deletedDatasets, [deleted.inputs.Input.dataset, deleted.outputs.Output.dataset]);
  t.deepEqual(await listed(), []);
  const kept = await run('--job-name', 'second', '--keep-datasets');
  t.deepEqual(kept.deletedDatasets, []);
  t.deepEqual((await listed()).sort(), ['second_input', 'second_output']);
});
