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

test('without credentials, cleanse runs against an embedded emulator and says so (how npm start works)', async (t) => {
  const directory = await useTempDir(t);
  const output = path.join(directory, 'sample.cleansed.csv');
  const result = await runCli(['cleanse', 'examples/sample-contacts.csv', '--workflow', 'CleanseContacts', '--output', output]);
  t.is(result.code, 0, explain(result));
  t.regex(result.stderr, /No credentials set .+ using an embedded emulator at http:\/\/127\.0\.0\.1:\d+/);
  t.regex(result.stdout, /^Cleansed 10,000 records with CleanseContacts/);
  t.regex(result.stdout, /^Statistics\n {2}first_name +valid [\d,]+ · invalid [\d,]+ · empty [\d,]+$/m);
  const lines = (await readFile(output, 'utf8')).trimEnd().split('\n');
  t.is(lines.length, 10_001);
  t.true(lines[0]!.startsWith('Customer ID,First Name,Last Name,Email,Phone,'), 'the input headers come back');
  t.true(lines[0]!.endsWith('phone_status,postcode_status'));
  t.false(existsSync(path.join(directory, '.data8-batch-sample.cleansed.csv')), 'the checkpoint is removed after success');
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
