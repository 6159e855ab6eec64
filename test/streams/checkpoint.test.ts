import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import {
  AbortError,
  BlockUploader,
  ConfigError,
  readRecords,
  type Data8Client,
  type UploadStats,
  type UploaderClient,
} from '../../lib/index.js';
import type { CheckpointDocument } from '../../lib/streams/checkpoint-state.js';
import { withClient, withClientOptions } from '../client/fixture.js';
import { COLUMNS, createDataset, identity, numberedRecords, numbers, range, readAll } from './support.js';

async function temporaryDirectory(t: ExecutionContext): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'd8-checkpoint-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/** The client, with every block request's fate recorded (the requests themselves go over HTTP). */
function watched(client: Data8Client) {
  const calls = { started: 0, settled: 0, aborted: 0 };
  const surface: UploaderClient = {
    assumedValues: client.assumedValues,
    datasets: {
      uploadEncodedBlock: async (name, block, options) => {
        calls.started++;
        try {
          await client.datasets.uploadEncodedBlock(name, block, options);
        } catch (error) {
          if (error instanceof AbortError) calls.aborted++;
          throw error;
        } finally {
          calls.settled++;
        }
      },
      complete: client.datasets.complete.bind(client.datasets),
      get: client.datasets.get.bind(client.datasets),
    },
  };
  return { calls, surface };
}

const SLOW = { faults: { latencyMs: [15, 30] as const } };

test('an abort aborts the requests in flight and leaves a checkpoint a second run completes from', withClientOptions({}, SLOW), async (t, { client }) => {
  const directory = await temporaryDirectory(t);
  const checkpoint = join(directory, 'people.checkpoint.json');
  await createDataset(client, 'people');
  const { calls, surface } = watched(client);
  const controller = new AbortController();
  const first = new BlockUploader({ client: surface, dataset: 'people', blockSize: 50, concurrency: 4, checkpoint, signal: controller.signal });
  let blocks = 0;
  first.on('block', () => {
    if (++blocks === 10) controller.abort(new Error('operator pressed Ctrl-C'));
  });
  const closed = new Promise((resolve) => first.once('close', resolve));
  await t.throwsAsync(pipeline(numberedRecords(5_000), first), { instanceOf: AbortError, message: 'the upload was aborted' });
  await closed;
  t.is(calls.settled, calls.started, 'no request is left running after the uploader closed');
  t.true(calls.aborted >= 1, 'requests in flight were aborted, not abandoned');
  const saved = await readJson<CheckpointDocument>(checkpoint);
  t.is(saved.state, 'uploading');
  t.is(saved.nextBlock + saved.acknowledgedBlocks.length, 10, 'every acknowledged block is recorded');
  t.is(saved.records, saved.nextBlock * 50);
  t.is(saved.storedRecords, saved.records);

  const second = new BlockUploader({ client, dataset: 'people', blockSize: 50, concurrency: 4, checkpoint });
  await pipeline(numberedRecords(5_000), second);
  t.true(second.stats.recordsSkipped >= saved.records);
  t.is(second.stats.recordsSkipped + second.stats.records, 5_000);
  t.is(second.stats.recordsStored, 5_000);
  t.is((await readJson<CheckpointDocument>(checkpoint)).state, 'completed');
  t.deepEqual(numbers(await readAll(client, await identity(client, 'people'))), range(5_000));
});

test('a checkpoint is refused for another input or another block size', withClient, async (t, { client }) => {
  const directory = await temporaryDirectory(t);
  const input = join(directory, 'people.csv');
  const checkpoint = join(directory, 'people.checkpoint.json');
  await writeFile(input, 'n,name,note\n1,Ann,ok\n2,Bob,ok\n');
  await createDataset(client, 'people', COLUMNS);
  await pipeline(readRecords(input), new BlockUploader({ client, dataset: 'people', blockSize: 1, complete: false, checkpoint: { path: checkpoint, inputFile: input } }));
  await writeFile(input, 'n,name,note\n1,Ann,ok\n2,Bob,ok\n3,Cy,ok\n');
  const changed = new BlockUploader({ client, dataset: 'people', blockSize: 1, checkpoint: { path: checkpoint, inputFile: input } });
  const error = await t.throwsAsync(pipeline(readRecords(input), changed), { instanceOf: ConfigError });
  t.regex(error.message, /checkpoint .*people\.checkpoint\.json does not fit this upload: the input changed size \(\d+ bytes then, \d+ now\); delete it to start over/);
  const resized = new BlockUploader({ client, dataset: 'people', blockSize: 2, checkpoint });
  await t.throwsAsync(pipeline(readRecords(input), resized), { instanceOf: ConfigError, message: /written with blockSize 1, not 2/ });
});

const CHILD = fileURLToPath(new URL('../fixtures/upload-with-checkpoint.ts', import.meta.url));

interface ChildRun {
  readonly blocks: number;
  readonly stats: UploadStats | undefined;
  readonly signal: NodeJS.Signals | null;
}

/** Runs the upload in a child process; kills it with SIGKILL after `killAfter` blocks when given. */
function runChild(environment: NodeJS.ProcessEnv, args: readonly string[], killAfter?: number): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  let blocks = 0;
  let stats: UploadStats | undefined;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('block ')) {
      if (++blocks === killAfter) child.kill('SIGKILL');
    } else if (line.startsWith('done ')) stats = JSON.parse(line.slice(5)) as UploadStats;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code !== 0 && signal === null) reject(new Error(`the upload process failed (${code}): ${stderr}`));
      else resolve({ blocks, stats, signal });
    });
  });
}

test('an upload killed with SIGKILL and started again uploads only what is missing, every record once', withClientOptions({}, SLOW), async (t, { client, emu }) => {
  const directory = await temporaryDirectory(t);
  const input = join(directory, 'contacts.csv');
  const checkpoint = join(directory, 'contacts.checkpoint.json');
  const lines = ['id,name'];
  for (let id = 1; id <= 20_000; id++) lines.push(`${id},Name ${id}`);
  await writeFile(input, `${lines.join('\n')}\n`);
  await client.datasets.create({ name: 'contacts', columns: { id: 1, name: 0 } });
  const environment = {
    ...process.env,
    DATA8_API_URL: emu.url,
    DATA8_AUTH_URL: emu.url,
    DATA8_CLIENT_ID: emu.emulator.credentials.clientId,
    DATA8_CLIENT_SECRET: emu.emulator.credentials.clientSecret,
  };
  const args = [input, 'contacts', checkpoint];

  const killed = await runChild(environment, args, 20);
  t.is(killed.signal, 'SIGKILL');
  t.is(killed.stats, undefined, 'the first run was killed before it finished');
  const saved = await readJson<CheckpointDocument>(checkpoint);
  t.is(saved.state, 'uploading');

  const resumed = await runChild(environment, args);
  const stats = resumed.stats;
  if (stats === undefined) throw new Error('the second run did not finish');
  t.true(stats.recordsSkipped >= saved.records, 'what the checkpoint recorded is not sent again');
  t.true(stats.recordsSkipped > 0 && stats.records > 0);
  t.is(stats.recordsSkipped + stats.records, 20_000);
  t.true(stats.completed);
  const dataset = await client.datasets.get('contacts');
  t.is(dataset.recordCount, 20_000);
  const ids = (await readAll(client, await identity(client, 'contacts'))).map((record) => record.id);
  t.deepEqual(ids, range(20_000, 1));
});
