/**
 * Resumes that heal and never loop: a rerun after a failed job start reuses the complete
 * datasets (no second upload); a resume that finds the service has lost what its checkpoint
 * names starts over in fresh datasets; every piece of printed advice, followed, finishes the run.
 */
import test, { type ExecutionContext } from 'ava';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startEmulator } from '../../lib/emulator/index.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
import { compareCsv, writeAwkwardCsv } from '../helpers/record-files.js';
import { CANARY_CLIENT, CANARY_SECRET, assertNoSecret, explain, jsonNotes, runCli, startCli, useTempDir, waitForProgress, type CliResult } from './helpers/cli.js';

const RECORDS = 3_500;

/** An emulator that a test can replace with an empty one on the same address (the service losing its data). */
async function useReplaceableEmulator(t: ExecutionContext) {
  const options = { credentials: { clientId: CANARY_CLIENT, clientSecret: CANARY_SECRET } };
  const state: { emulator: Emulator } = { emulator: await startEmulator(options) };
  t.teardown(() => state.emulator.close());
  const url = state.emulator.url;
  const env = { DATA8_API_URL: url, DATA8_AUTH_URL: url, DATA8_CLIENT_ID: CANARY_CLIENT, DATA8_CLIENT_SECRET: CANARY_SECRET };
  const loseEverything = async () => {
    await state.emulator.close();
    state.emulator = await startEmulator({ ...options, port: Number(new URL(url).port) });
  };
  const patches = () => state.emulator.journal().filter((entry) => entry.method === 'PATCH' && entry.status === 204).length;
  return { env, state, loseEverything, patches };
}

/** A fresh directory with the input file; the output goes beside it. */
async function inputFiles(t: ExecutionContext) {
  const directory = await useTempDir(t);
  const input = path.join(directory, 'contacts.csv');
  await writeAwkwardCsv(input, RECORDS);
  return { directory, input, output: path.join(directory, 'contacts.out.csv') };
}

async function setUp(t: ExecutionContext) {
  const service = await useReplaceableEmulator(t);
  const { directory, input, output } = await inputFiles(t);
  const args = (workflow: string, ...more: string[]) => ['cleanse', input, '-w', workflow, '--input-role', 'Input', '-o', output, ...more];
  // A typo in the workflow: every record is uploaded, then the job cannot start.
  const typo = await runCli(args('Identiy'), { env: service.env });
  t.not(typo.code, 0, explain(typo));
  t.regex(typo.stderr, /unknown workflow "Identiy"/);
  t.regex(typo.stderr, /Every input is uploaded and kept \(checkpoint in .+\): correct the workflow \(-w\), --param or the credentials and rerun/);
  return { ...service, directory, input, output, args };
}

async function assertFinished(t: ExecutionContext, result: CliResult, directory: string, input: string, output: string): Promise<void> {
  t.is(result.code, 0, explain(result));
  t.deepEqual(await compareCsv(input, output), { expectedRows: RECORDS + 1, actualRows: RECORDS + 1, firstDifference: -1, detail: '' });
  t.deepEqual((await readdir(directory)).sort(), ['contacts.csv', 'contacts.out.csv'], 'no checkpoint left');
  assertNoSecret(t, result);
}

for (const how of ['a plain rerun', '--resume'] as const) {
  test(`a mistyped workflow: ${how} with the right one reuses the complete datasets, nothing uploaded twice`, async (t) => {
    const { env, patches, directory, input, output, args } = await setUp(t);
    const before = patches();
    t.true(before >= 4, 'the first run uploaded every block');
    const rerun = await runCli(args('Identity', ...(how === '--resume' ? ['--resume'] : [])), { env });
    t.regex(rerun.stderr, /Job ".+" was never started, and its datasets \(.+, 3,500 records\) are complete on the service: reusing them, nothing is uploaded again \(now workflow Identiy → Identity\)/);
    t.is(patches(), before, 'no block sent again');
    await assertFinished(t, rerun, directory, input, output);
  });
}

for (const loss of ['lost (restarted without its data)', 'deleted'] as const) {
  test(`the service ${loss} the datasets: a plain rerun names --resume and --restart; --resume starts over in fresh datasets and finishes`, async (t) => {
    const { env, loseEverything, patches, directory, input, output, args } = await setUp(t);
    if (loss === 'deleted') {
      const names = (await readdir(path.join(directory, '.data8-batch-contacts.out.csv'))).filter((name) => name.endsWith('.checkpoint.json'));
      for (const name of names) {
        const deleted = await runCli(['datasets', 'delete', name.replace(/\.checkpoint\.json$/, '')], { env });
        t.is(deleted.code, 0, explain(deleted));
      }
    } else {
      await loseEverything();
    }
    const plain = await runCli(args('Identity'), { env });
    t.not(plain.code, 0, explain(plain));
    t.regex(plain.stderr, /an interrupted run \(job ".+"\) left its checkpoint in .+: rerun with --resume to continue it, or with --restart to discard it and start over/);
    t.false(existsSync(output));

    const resumed = await runCli(args('Identity', '--resume'), { env });
    t.regex(resumed.stderr, /The run the checkpoint in .+ names cannot be continued: dataset ".+" is no longer on the service \(the checkpoint says 3,500 records were stored\)\. Starting over as job ".+", uploading every input again\./);
    t.true(patches() >= 4, 'every block uploaded again');
    await assertFinished(t, resumed, directory, input, output);

    const again = await runCli(args('Identity', '--resume'), { env });
    t.is(again.code, 0, explain(again));
    t.regex(again.stderr, /Nothing to resume in .+: starting from the beginning\./);
  });
}

test('--restart discards the checkpoint, deletes the datasets the service still has, and finishes', async (t) => {
  const { env, state, directory, input, output, args } = await setUp(t);
  const restarted = await runCli(args('Identity', '--restart'), { env });
  t.regex(restarted.stderr, /--restart: the checkpoint of job ".+" in .+ is discarded \(deleted: j?[a-z0-9_]+_input\)\. Starting over as job ".+"/);
  const deletes = state.emulator.journal().filter((entry) => entry.method === 'DELETE' && entry.status === 204);
  t.is(deletes.length, 3, 'the old input dataset, then the new input and output datasets');
  await assertFinished(t, restarted, directory, input, output);
});

test('--resume and --restart together are a usage error', async (t) => {
  const { env, args } = await setUp(t);
  const both = await runCli(args('Identity', '--resume', '--restart'), { env });
  t.not(both.code, 0, explain(both));
  t.regex(both.stderr, /--resume and --restart exclude each other/);
});

test('killed while downloading, then the output dataset deleted: --resume starts over instead of failing on it again', async (t) => {
  const service = await useReplaceableEmulator(t);
  const { directory, input, output } = await inputFiles(t);
  service.state.emulator.faults.plan({ method: 'GET', path: '/Dataset/*/data', times: 10_000, fault: { latencyMs: 300 } });
  const args = ['cleanse', input, '-w', 'Identity', '-o', output, '--progress', 'json'];
  const first = startCli(args, { env: service.env });
  await waitForProgress(first, (event) => event.phase === 'download' && !event.done);
  first.child.kill('SIGKILL');
  await first.result;
  const outputs = JSON.parse((await runCli(['datasets', 'list', '--output', '--json'], { env: service.env })).stdout) as { name: string }[];
  t.is(outputs.length, 1);
  for (const { name } of outputs) t.is((await runCli(['datasets', 'delete', name], { env: service.env })).code, 0);
  service.state.emulator.faults.clear();

  const resumed = await runCli([...args, '--resume'], { env: service.env });
  t.regex(jsonNotes(resumed.stderr).join('\n'), /cannot be continued: the output dataset ".+" of job ".+" is no longer on the service \(deleted: .+_input\)\. Starting over as job/);
  await assertFinished(t, resumed, directory, input, output);
});

test('a run record that cannot be read: the refusal names --restart, and --restart finishes the run', async (t) => {
  const { env, directory, input, output, args } = await setUp(t);
  await writeFile(path.join(directory, '.data8-batch-contacts.out.csv', 'run.json'), '{ "half": ');
  const refused = await runCli(args('Identity', '--resume'), { env });
  t.not(refused.code, 0, explain(refused));
  t.regex(refused.stderr, /run\.json is not a data8-batch run record: rerun with --restart to discard it and start over/);
  const restarted = await runCli(args('Identity', '--restart'), { env });
  t.regex(restarted.stderr, /Nothing recorded to restart in .+ \(deleted: .+_input\): starting a new run\./);
  await assertFinished(t, restarted, directory, input, output);
});

test('stopped after the service completed a dataset but before its checkpoint said so: the rerun reuses it', async (t) => {
  const { env, patches, directory, input, output, args } = await setUp(t);
  const dir = path.join(directory, '.data8-batch-contacts.out.csv');
  for (const name of (await readdir(dir)).filter((file) => file.endsWith('.checkpoint.json'))) {
    const document = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as { state: string };
    t.is(document.state, 'completed');
    await writeFile(path.join(dir, name), JSON.stringify({ ...document, state: 'uploaded' }));
  }
  const before = patches();
  const rerun = await runCli(args('Identity', '--resume'), { env });
  t.regex(rerun.stderr, /are complete on the service: reusing them, nothing is uploaded again/);
  t.is(patches(), before);
  await assertFinished(t, rerun, directory, input, output);
});

test('--restart of a run named with --job-name: the name stays taken by the discarded run, so the new job gets a suffix, and says so', async (t) => {
  const { env } = await useReplaceableEmulator(t);
  const { directory, input, output } = await inputFiles(t);
  const args = (...more: string[]) => ['cleanse', input, '--input-role', 'Input', '-o', output, '--job-name', 'Nightly', ...more];
  t.not((await runCli(args('-w', 'Identiy'), { env })).code, 0);
  const restarted = await runCli(args('-w', 'Identity', '--restart'), { env });
  t.regex(restarted.stderr, /Starting over as job "Nightly [0-9a-f]{4}" \(--job-name "Nightly" stays taken by the discarded run\)/);
  await assertFinished(t, restarted, directory, input, output);
});
