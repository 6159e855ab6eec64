import test, { type ExecutionContext } from 'ava';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FaultPlan } from '../../lib/emulator/index.js';
import type { ProgressEvent } from '../../lib/streams/progress.js';
import { compareCsv, writeAwkwardCsv } from '../helpers/record-files.js';
import { assertNoSecret, explain, jsonFailure, jsonNotes, runCli, startCli, useEmulator, useTempDir, waitForProgress, type RunningCli } from './helpers/cli.js';

const RECORDS = 12_000;
const BLOCKS = 12;

interface Interruption {
  readonly title: string;
  /** Slows the phase down so the command is caught in the middle of it. */
  readonly slow: { readonly plan?: FaultPlan; readonly jobRecordsPerSecond?: number };
  readonly during: (event: ProgressEvent) => boolean;
  /**
   * Kill only once the upload checkpoint records acknowledged blocks: it is written at most
   * every 250 ms, so the progress alone may come before any block a resume could skip is on disk.
   */
  readonly checkpointed?: boolean;
}

const SLOW_UPLOAD: FaultPlan = { method: 'PATCH', path: '/Dataset/*/data', times: 10_000, fault: { latencyMs: 150 } };
const SLOW_DOWNLOAD: FaultPlan = { method: 'GET', path: '/Dataset/*/data', times: 10_000, fault: { latencyMs: 150 } };

const INTERRUPTIONS: readonly Interruption[] = [
  { title: 'upload', slow: { plan: SLOW_UPLOAD }, during: (event) => event.phase === 'upload' && event.records >= 4_000 && !event.done, checkpointed: true },
  { title: 'job wait', slow: { jobRecordsPerSecond: 4_000 }, during: (event) => event.phase === 'job' && event.status === 'Running' },
  { title: 'download', slow: { plan: SLOW_DOWNLOAD }, during: (event) => event.phase === 'download' && event.records >= 2_000 && !event.done },
];

async function setUp(t: ExecutionContext, slow: Interruption['slow']) {
  const { emulator, env } = await useEmulator(t, slow.jobRecordsPerSecond === undefined ? {} : { jobRecordsPerSecond: slow.jobRecordsPerSecond });
  if (slow.plan !== undefined) emulator.faults.plan(slow.plan);
  const directory = await useTempDir(t);
  const input = path.join(directory, 'contacts.csv');
  const output = path.join(directory, 'contacts.out.csv');
  await writeAwkwardCsv(input, RECORDS);
  const args = ['cleanse', input, '--workflow', 'Identity', '--output', output, '--progress', 'json'];
  return { emulator, env, directory, input, output, args };
}

/** Waits until an upload checkpoint in the run's checkpoint directory says some blocks are stored (or the run has ended). */
async function waitForStoredBlocks(directory: string, running: RunningCli): Promise<void> {
  const checkpoints = path.join(directory, '.data8-batch-contacts.out.csv');
  while (running.child.exitCode === null && running.child.signalCode === null) {
    const names = existsSync(checkpoints) ? (await readdir(checkpoints)).filter((name) => name.endsWith('.checkpoint.json')) : [];
    for (const name of names) {
      const text = await readFile(path.join(checkpoints, name), 'utf8').catch(() => '{}');
      if (((JSON.parse(text) as { nextBlock?: number }).nextBlock ?? 0) > 0) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** After the interrupted run: nothing but the input, the output and (until success) the checkpoint. */
async function assertFinished(t: ExecutionContext, directory: string, input: string, output: string): Promise<void> {
  t.deepEqual(await compareCsv(input, output), { expectedRows: RECORDS + 1, actualRows: RECORDS + 1, firstDifference: -1, detail: '' });
  t.deepEqual((await readdir(directory)).sort(), ['contacts.csv', 'contacts.out.csv'], 'no checkpoint, temporary or stray output file');
}

for (const interruption of INTERRUPTIONS) {
  test(`killed (SIGKILL) during ${interruption.title}, then --resume: exactly the input's records, nothing stray`, async (t) => {
    const { emulator, env, directory, input, output, args } = await setUp(t, interruption.slow);
    const first = startCli(args, { env });
    await waitForProgress(first, interruption.during);
    if (interruption.checkpointed === true) await waitForStoredBlocks(directory, first);
    first.child.kill('SIGKILL');
    t.is((await first.result).signal, 'SIGKILL');
    t.false(existsSync(output), 'a killed run leaves no output');

    const refused = await runCli(args, { env });
    t.is(refused.code, 78, explain(refused));
    const failure = jsonFailure(refused.stderr);
    t.like(failure, { code: 'DATA8_CONFIG_ERROR', exitCode: 78 });
    t.regex(failure.message, /an interrupted run \(job ".+"\) left its checkpoint in .+: rerun with --resume to continue it/);
    // Counted now: blocks in flight when the run was killed are answered (and journalled) later.
    const patchesBefore = emulator.journal().filter((entry) => entry.method === 'PATCH' && entry.status === 204).length;

    const resumed = await runCli([...args, '--resume', '--json'], { env });
    t.is(resumed.code, 0, explain(resumed));
    t.true(jsonNotes(resumed.stderr).some((note) => /^Resuming job ".+" from .+\.data8-batch-contacts\.out\.csv$/.test(note)), resumed.stderr);
    const summary = JSON.parse(resumed.stdout) as { inputs: { Input: { records: number; resumed: boolean } } };
    t.is(summary.inputs.Input.records, RECORDS);
    t.true(summary.inputs.Input.resumed);
    const patchesAfter = emulator.journal().filter((entry) => entry.method === 'PATCH' && entry.status === 204).length;
    t.true(patchesAfter - patchesBefore < BLOCKS, `the resumed run uploaded only what was missing (${patchesAfter - patchesBefore} blocks)`);
    if (interruption.title === 'upload') {
      const upload = resumed.stderr.split('\n').filter((line) => line.startsWith('{"phase":"upload"')).map((line) => JSON.parse(line) as ProgressEvent);
      const stored = upload.at(-1)?.resumedRecords ?? 0;
      t.true(stored >= 1_000 && stored % 1_000 === 0, `the resumed upload says how many records were stored already (${stored})`);
    }
    await assertFinished(t, directory, input, output);
    assertNoSecret(t, resumed);
  });
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`${signal} during upload (Ctrl-C, or a supervisor stopping the job): exit ${code}, the checkpoint kept and named; --resume finishes the run`, async (t) => {
    const { env, directory, input, output, args } = await setUp(t, { plan: SLOW_UPLOAD });
    const first = startCli(args, { env });
    await waitForProgress(first, (event) => event.phase === 'upload' && event.records >= 3_000 && !event.done);
    first.child.kill(signal);
    const interrupted = await first.result;
    t.is(interrupted.code, code, explain(interrupted));
    // With --progress json, stderr is JSON lines to the end: the stop is one {"error": ...} line.
    const failure = jsonFailure(interrupted.stderr);
    t.like(failure, { code: 'DATA8_ABORTED', message: `interrupted by ${signal}`, exitCode: code });
    t.regex(failure.hint ?? '', /^The checkpoint is kept in .+\.data8-batch-contacts\.out\.csv: rerun with --resume/);
    t.true(existsSync(path.join(directory, '.data8-batch-contacts.out.csv')));
    t.false(existsSync(output));

    const resumed = await runCli([...args, '--resume'], { env });
    t.is(resumed.code, 0, explain(resumed));
    await assertFinished(t, directory, input, output);
  });
}

test('--resume refuses an input that changed since the interrupted run; the advice (--restart) finishes it', async (t) => {
  const { env, directory, input, output, args } = await setUp(t, { jobRecordsPerSecond: 4_000 });
  const first = startCli(args, { env });
  await waitForProgress(first, (event) => event.phase === 'job' && event.status === 'Running');
  first.child.kill('SIGKILL');
  await first.result;
  await writeAwkwardCsv(input, RECORDS, 8);
  const resumed = await runCli([...args, '--resume'], { env });
  t.is(resumed.code, 78, explain(resumed));
  t.regex(jsonFailure(resumed.stderr).message, /the checkpoint in .+ is for another run \(.+contacts\.csv has changed since\): rerun with --restart to discard it and start over/);
  t.false(existsSync(output));

  const restarted = await runCli([...args, '--restart'], { env });
  t.is(restarted.code, 0, explain(restarted));
  t.regex(jsonNotes(restarted.stderr).join('\n'), /--restart: the checkpoint of job ".+" in .+ is discarded/);
  await assertFinished(t, directory, input, output);
});

test('--resume with other parameters once the job has started is refused, naming the options it was started with, which finish the run', async (t) => {
  const { env, directory, input, output, args } = await setUp(t, { jobRecordsPerSecond: 4_000 });
  const first = startCli(args, { env });
  await waitForProgress(first, (event) => event.phase === 'job' && event.status === 'Running');
  first.child.kill('SIGKILL');
  await first.result;
  const changed = await runCli([...args, '--resume', '-p', 'Mode=fast'], { env });
  t.is(changed.code, 78, explain(changed));
  t.regex(jsonFailure(changed.stderr).message, /job ".+" was started already, with other options \(parameters none, not Mode=fast\): rerun with the options it was started with to continue it, or with --restart/);
  const resumed = await runCli([...args, '--resume'], { env });
  t.is(resumed.code, 0, explain(resumed));
  t.regex(jsonNotes(resumed.stderr).join('\n'), /Resuming job ".+"/);
  await assertFinished(t, directory, input, output);
});
