/**
 * A dataset or job name already taken, by a half-finished earlier run or by something else, is
 * handled as the user chose (`onExisting`): `fail` stops with a ConflictError naming it,
 * `rename` takes fresh names and leaves the earlier data alone, `resume` continues the earlier
 * run only when its checkpoint proves the data is this input's. Never two runs in one dataset.
 */
import { access, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { startEmulator } from '../../lib/emulator/index.js';
import { cleanse, ConfigError, ConflictError, Data8Client, type CleanseOptions, type Dataset } from '../../lib/index.js';
import { compareCsv, writeAwkwardCsv } from '../helpers/record-files.js';

const RECORDS = 5_000;
const UPLOAD = { blockSize: 100, concurrency: 2 } as const;

interface Setup {
  readonly dir: string;
  readonly input: string;
  readonly client: Data8Client;
  /** `cleanse` on `input` with the test's tuning, into `output` (default `<dir>/out.csv`). */
  run(options: Partial<CleanseOptions> & { readonly output?: string }): ReturnType<typeof cleanse>;
  /** A run aborted after a quarter of its blocks were acknowledged: a dataset half uploaded, its checkpoint kept. */
  halfRun(jobName: string, checkpointDir: string): Promise<Dataset>;
}

async function setUp(t: ExecutionContext): Promise<Setup> {
  const dir = await mkdtemp(join(tmpdir(), 'data8-existing-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const input = join(dir, 'in.csv');
  await writeAwkwardCsv(input, RECORDS);
  const emulator = await startEmulator();
  t.teardown(() => emulator.close());
  const client = new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials });
  t.teardown(() => client.close());
  const run: Setup['run'] = ({ output = join(dir, 'out.csv'), ...options }) =>
    cleanse({ client, workflow: 'Identity', inputs: { Input: input }, outputs: { Output: output }, upload: UPLOAD, ...options });
  const halfRun: Setup['halfRun'] = async (jobName, checkpointDir) => {
    const controller = new AbortController();
    await t.throwsAsync(
      run({
        jobName,
        checkpointDir,
        signal: controller.signal,
        onProgress: (event) => {
          if (event.phase === 'upload' && event.records >= RECORDS / 4) controller.abort();
        },
      }),
      { name: 'AbortError' },
    );
    const [dataset] = await Promise.all([client.datasets.get(`${jobName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_input`), noOutput(t, dir)]);
    t.false(dataset.completed);
    t.true(dataset.recordCount > 0 && dataset.recordCount < RECORDS, `half uploaded: ${String(dataset.recordCount)}`);
    return dataset;
  };
  return { dir, input, client, run, halfRun };
}

async function noOutput(t: ExecutionContext, dir: string): Promise<void> {
  await t.throwsAsync(access(join(dir, 'out.csv')), { code: 'ENOENT' }, 'no output file');
  t.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.tmp')), [], 'no temporary file');
}

async function outputEqualsInput(t: ExecutionContext, setup: Setup): Promise<void> {
  const comparison = await compareCsv(setup.input, join(setup.dir, 'out.csv'));
  t.is(comparison.firstDifference, -1, comparison.detail);
  t.is(comparison.actualRows, RECORDS + 1);
}

test('after a half-finished run: fail names the dataset, rename leaves it alone, resume completes it with every record once', async (t) => {
  const setup = await setUp(t);
  const checkpoints = join(setup.dir, 'checkpoints');
  const half = await setup.halfRun('Nightly', checkpoints);

  const failed = await t.throwsAsync(setup.run({ jobName: 'Nightly', checkpointDir: checkpoints, onExisting: 'fail' }), { instanceOf: ConflictError });
  t.regex(failed.message, /dataset "nightly_input" exists/);
  await noOutput(t, setup.dir);
  t.deepEqual(await setup.client.datasets.get('nightly_input'), half, 'fail touched nothing');

  const renamed = await setup.run({ jobName: 'Nightly', checkpointDir: checkpoints, onExisting: 'rename' });
  t.is(renamed.inputs['Input']?.dataset, 'nightly_input_2');
  t.false(renamed.inputs['Input']?.resumed);
  await outputEqualsInput(t, setup);
  t.deepEqual(await setup.client.datasets.get('nightly_input'), half, 'rename left the earlier run\'s data alone');
  await rm(join(setup.dir, 'out.csv'));

  // The job name is taken now too (by the renamed run): resume takes the dataset, rename the job.
  const resumed = await setup.run({ jobName: 'Nightly', checkpointDir: checkpoints, onExisting: 'resume' }).catch((error: unknown) => error);
  t.true(resumed instanceof ConflictError, 'the job "Nightly" belongs to the renamed run, with other datasets');
  t.regex((resumed as Error).message, /job "Nightly" exists but runs workflow Identity on other datasets/);
  await noOutput(t, setup.dir);
  const resumedDataset = await setup.client.datasets.get('nightly_input');
  t.true(resumedDataset.completed, 'the dataset was completed from its checkpoint before the job conflict');
  t.is(resumedDataset.recordCount, RECORDS, 'each record once: the resumed upload skipped what the first run stored');
});

test('resume continues the half-finished run: the same dataset, each record once, output equal to the input', async (t) => {
  const setup = await setUp(t);
  const checkpoints = join(setup.dir, 'checkpoints');
  await setup.halfRun('Weekly', checkpoints);
  const result = await setup.run({ jobName: 'Weekly', checkpointDir: checkpoints, onExisting: 'resume' });
  t.is(result.inputs['Input']?.dataset, 'weekly_input');
  t.true(result.inputs['Input']?.resumed);
  t.is(result.inputs['Input']?.storedRecords, RECORDS);
  await outputEqualsInput(t, setup);
  t.deepEqual(await readdir(checkpoints), [], 'the checkpoint went with the datasets');
});

test('resume refuses what it cannot prove is this run: another input, no checkpoint, other columns', async (t) => {
  const setup = await setUp(t);
  const checkpoints = join(setup.dir, 'checkpoints');
  const half = await setup.halfRun('Monthly', checkpoints);

  // The same name, the checkpoint of another input file.
  await writeAwkwardCsv(setup.input, RECORDS, 99);
  const otherInput = await t.throwsAsync(setup.run({ jobName: 'Monthly', checkpointDir: checkpoints, onExisting: 'resume' }));
  t.regex(otherInput.message, /checkpoint .*(input|content)/);
  await noOutput(t, setup.dir);
  t.deepEqual(await setup.client.datasets.get('monthly_input'), half);

  // A dataset of that name no checkpoint accounts for.
  const noCheckpoint = await t.throwsAsync(setup.run({ jobName: 'Monthly', checkpointDir: join(setup.dir, 'elsewhere'), onExisting: 'resume' }), {
    instanceOf: ConflictError,
  });
  t.regex(noCheckpoint.message, /no checkpoint .* mixing two runs/);
  t.deepEqual(await setup.client.datasets.get('monthly_input'), half);

  // Someone else's dataset with other columns.
  await setup.client.datasets.create({ name: 'yearly_input', columns: { other: 0 } });
  const otherColumns = await t.throwsAsync(setup.run({ jobName: 'Yearly', checkpointDir: checkpoints, onExisting: 'resume' }), { instanceOf: ConflictError });
  t.regex(otherColumns.message, /other columns/);
  t.like(await setup.client.datasets.get('yearly_input'), { recordCount: 0, completed: false });
  await noOutput(t, setup.dir);
});

test('a job name taken by something else: fail and resume refuse it, rename takes the next', async (t) => {
  const setup = await setUp(t);
  await setup.client.datasets.create({ name: 'elsewhere', columns: { a: 0 } });
  await setup.client.datasets.uploadBlock('elsewhere', 0, [{ a: 'x' }]);
  await setup.client.datasets.complete('elsewhere', 1);
  await setup.client.jobs.start({ name: 'Quarterly', workflowName: 'Identity', inputDatasets: { Input: 'elsewhere' } });

  const checkpoints = join(setup.dir, 'checkpoints');
  const failed = await t.throwsAsync(setup.run({ jobName: 'Quarterly', checkpointDir: checkpoints, onExisting: 'fail' }), { instanceOf: ConflictError });
  t.regex(failed.message, /job "Quarterly" exists/);
  await noOutput(t, setup.dir);
  // Resuming that run finds its uploaded dataset, then the job that is not its own.
  const resumed = await t.throwsAsync(setup.run({ jobName: 'Quarterly', checkpointDir: checkpoints, onExisting: 'resume' }), { instanceOf: ConflictError });
  t.regex(resumed.message, /job "Quarterly" exists but runs workflow Identity on other datasets: it belongs to another run/);
  await noOutput(t, setup.dir);
  const renamed = await setup.run({ jobName: 'Quarterly', onExisting: 'rename' });
  t.is(renamed.job.name, 'Quarterly (2)');
  t.is(renamed.inputs['Input']?.dataset, 'quarterly_input_2', 'the dataset the failed run left is not reused either');
  await outputEqualsInput(t, setup);
  const theirs = await setup.client.jobs.get('Quarterly');
  t.deepEqual(theirs.inputDatasets, { Input: 'elsewhere' }, 'their job is untouched');
});

// The fingerprint hashes only the first MiB; the edit beyond it is caught by the modification
// time, which any write sets. Resumed, the output would hold the old record beside the new ones.
test('resume refuses an input changed beyond its first MiB in the part already uploaded', async (t) => {
  const setup = await setUp(t);
  await writeAwkwardCsv(setup.input, 30_000);
  const checkpoints = join(setup.dir, 'checkpoints');
  const controller = new AbortController();
  await t.throwsAsync(
    setup.run({
      jobName: 'Edited',
      checkpointDir: checkpoints,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.phase === 'upload' && event.records >= 25_000) controller.abort();
      },
    }),
    { name: 'AbortError' },
  );
  const text = await readFile(setup.input, 'utf8');
  t.true(Buffer.byteLength(text.slice(0, text.indexOf('user15000@'))) > 1_048_576, 'the edit lies beyond the first MiB');
  await writeFile(setup.input, text.replace('user15000@', 'USER15000@'));
  const refused = await t.throwsAsync(setup.run({ jobName: 'Edited', checkpointDir: checkpoints, onExisting: 'resume' }), { instanceOf: ConfigError });
  t.regex(refused.message, /checkpoint .* does not fit this upload: the input was modified since \(modification time .+ then, .+ now\)/);
  await noOutput(t, setup.dir);
  t.false((await setup.client.datasets.get('edited_input')).completed, 'the dataset was left as the first run left it');
});

test('two runs started at once over files of the same name, with default job names, take different names and both finish', async (t) => {
  const setup = await setUp(t);
  const runs = ['a', 'b'].map(async (folder) => {
    const dir = join(setup.dir, folder);
    await mkdir(dir);
    await copyFile(setup.input, join(dir, 'in.csv'));
    return cleanse({ client: setup.client, workflow: 'Identity', inputs: { Input: join(dir, 'in.csv') }, outputs: { Output: join(dir, 'out.csv') }, upload: UPLOAD });
  });
  const [first, second] = await Promise.all(runs);
  t.not(first?.job.name, second?.job.name);
  t.regex(first?.job.name ?? '', /^Identity in\.csv \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\dZ [0-9a-f]{4}$/);
  for (const folder of ['a', 'b']) t.is((await compareCsv(setup.input, join(setup.dir, folder, 'out.csv'))).firstDifference, -1);
});
