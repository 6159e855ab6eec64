import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { startEmulator, type EmulatorOptions } from '../../lib/emulator/index.js';
import { fixtureFor, type EmulatorFixture } from '../helpers/emulator.js';
import { completeDataset, createDataset, inputDataset, readAll, startJob, uploadRecords, waitForJob, type JobView } from './data-fixtures.js';

const COLUMNS = { id: 1, name: 0 };
const records = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ({ id: from + i, name: `n${from + i}` }));

/** Runs `body` against an emulator on `dataDir`, closing it afterwards. */
async function withDataDir(dataDir: string, options: EmulatorOptions, body: (emu: EmulatorFixture) => Promise<void>): Promise<void> {
  const emulator = await startEmulator({ ...options, dataDir });
  try {
    await body(fixtureFor(emulator));
  } finally {
    await emulator.close();
  }
}

test('datasets, blocks, outputs, jobs and taken names survive a restart on the same data directory', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'data8-restart-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  await withDataDir(dataDir, {}, async (emu) => {
    await createDataset(t, emu, 'people', COLUMNS);
    await uploadRecords(t, emu, 'people', records(2000));
    await inputDataset(t, emu, 'done', COLUMNS, records(1500, 10_000));
    await startJob(t, emu, { name: 'copy', workflowName: 'Identity', inputDatasets: { Input: 'done' } });
    await waitForJob(emu, 'copy');
    await createDataset(t, emu, 'gone', COLUMNS);
    await emu.api('DELETE', '/Dataset/gone');
  });

  // A crash in the middle of a block write leaves only a temporary file beside the blocks.
  const [account] = await readdir(join(dataDir, 'datasets'));
  const blocks = join(dataDir, 'datasets', account ?? '', 'people', 'blocks');
  await writeFile(join(blocks, '.7.block.3f2a.tmp'), '1000\n{"blockNumber":7,"records":[{"id":');

  await withDataDir(dataDir, {}, async (emu) => {
    t.like((await emu.api('GET', '/Dataset/people')).json, { recordCount: 2000, completed: false });
    t.false((await readdir(blocks)).some((file) => file.endsWith('.tmp')), 'the torn write was removed');
    await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 0, records: records(500) });
    t.like((await emu.api('GET', '/Dataset/people')).json, { recordCount: 1500 }, 'block 0 was replaced, block 1 kept');
    await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 2, records: records(500, 2000) });
    await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 0, records: records(1000) });
    await completeDataset(t, emu, 'people', 2500);

    t.deepEqual(await readAll(emu, 'copy_output'), records(1500, 10_000));
    t.like(((await emu.api('GET', '/Job')).json as JobView[])[0], { name: 'copy', status: 2 });
    t.is((await emu.api('POST', '/Dataset', { name: 'gone', columns: COLUMNS })).status, 409);
    t.is((await emu.api('GET', '/Dataset/gone')).status, 404);

    await startJob(t, emu, { name: 'people copy', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
    t.is((await waitForJob(emu, 'people copy')).status, 2);
    t.deepEqual(await readAll(emu, 'people_copy_output'), records(2500));
  });
});

test('a job stopped by close resumes on the next start and completes every record once', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'data8-resume-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  await withDataDir(dataDir, { jobRecordsPerSecond: 2000 }, async (emu) => {
    await inputDataset(t, emu, 'people', COLUMNS, records(6000));
    await startJob(t, emu, { name: 'long', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
    let job: JobView;
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await emu.api('GET', '/Job/long')).json as JobView;
    } while (job.percentComplete === 0);
    t.is(job.status, 1, 'closed while running');
  });
  await withDataDir(dataDir, {}, async (emu) => {
    const job = await waitForJob(emu, 'long');
    t.is(job.status, 2);
    t.like(job.statistics, { inputRecords: 6000, outputRecords: { Output: 6000 } });
    t.deepEqual(await readAll(emu, 'long_output'), records(6000));
  });
});
