import test from 'ava';
import { ConflictError, type Data8Client, type Job, NotFoundError, ValidationError } from '../../lib/index.js';
import { collect, withClient } from './fixture.js';

async function inputDataset(client: Data8Client, name: string, records: number): Promise<void> {
  await client.datasets.create({ name, columns: { first_name: 0, n: 1 } });
  for (let block = 0; block * 1000 < records; block++) {
    const count = Math.min(1000, records - block * 1000);
    await client.datasets.uploadBlock(name, block, Array.from({ length: count }, (_, index) => ({ first_name: `p${block * 1000 + index}`, n: block * 1000 + index })));
  }
  await client.datasets.complete(name, records);
}

async function finished(client: Data8Client, name: string): Promise<Job> {
  for (;;) {
    const job = await client.jobs.get(name);
    if (job.status !== client.assumedValues.jobStatus.Queued && job.status !== client.assumedValues.jobStatus.Running) return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a job named with spaces starts, completes and its output reads back page by page', withClient, async (t, { client, emu }) => {
  await inputDataset(client, 'people', 2500);
  const started = await client.jobs.start({ name: 'Contact Check 3124', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
  t.is(started.name, 'Contact Check 3124');
  t.deepEqual(started.outputDatasets, { Output: 'contact_check_3124_output' });
  const job = await finished(client, 'Contact Check 3124');
  t.is(job.status, client.assumedValues.jobStatus.Completed);
  t.true(emu.emulator.journal().some((entry) => entry.path === '/Job/Contact%20Check%203124'), 'the name travelled URL-encoded');
  const records = [
    ...(await client.datasets.readRecords('contact_check_3124_output', { start: 1, count: 1000 })),
    ...(await client.datasets.readRecords('contact_check_3124_output', { start: 1001, count: 1000 })),
    ...(await client.datasets.readRecords('contact_check_3124_output', { start: 2001, count: 1000 })),
  ];
  t.is(records.length, 2500);
  t.deepEqual(records.map((record) => record['n']), Array.from({ length: 2500 }, (_, index) => index));
  t.deepEqual(await client.datasets.readRecords('contact_check_3124_output', { start: 2501, count: 10 }), []);
});

test('jobs list every page, most recent first, and filter by workflow and dates', withClient, async (t, { client }) => {
  await inputDataset(client, 'people', 1);
  const before = new Date(Date.now() - 1000);
  const names = Array.from({ length: 103 }, (_, index) => `Job ${index}`);
  for (const name of names) await client.jobs.start({ name, workflowName: 'Identity', inputDatasets: { Input: 'people' } });
  await client.jobs.start({ name: 'Cleanse 1', workflowName: 'CleanseContacts', inputDatasets: { Contacts: 'people' } });
  const all = await collect(client.jobs.list());
  t.is(all.length, 104);
  t.is(all[0]?.name, 'Cleanse 1');
  t.deepEqual(all.map((job) => job.name).sort(), [...names, 'Cleanse 1'].sort());
  t.deepEqual((await collect(client.jobs.list({ workflow: 'CleanseContacts' }))).map((job) => job.name), ['Cleanse 1']);
  t.is((await collect(client.jobs.list({ startDate: before, endDate: new Date(Date.now() + 60_000) }))).length, 104);
  t.deepEqual(await collect(client.jobs.list({ endDate: before })), []);
  await t.throwsAsync(collect(client.jobs.list({ startDate: 'yesterday' })), { instanceOf: ValidationError });
});

test('job refusals come out typed', withClient, async (t, { client }) => {
  await inputDataset(client, 'people', 1);
  await client.jobs.start({ name: 'Once', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
  const taken = await t.throwsAsync(client.jobs.start({ name: 'Once', workflowName: 'Identity', inputDatasets: { Input: 'people' } }), { instanceOf: ConflictError });
  t.is(taken.status, 409);
  const unknown = await t.throwsAsync(client.jobs.start({ name: 'Other', workflowName: 'NoSuchWorkflow', inputDatasets: { Input: 'people' } }), { instanceOf: ValidationError });
  t.truthy(unknown.fieldErrors['workflowName'], JSON.stringify(unknown.problem));
  const badName = await t.throwsAsync(client.jobs.start({ name: 'a/b', workflowName: 'Identity', inputDatasets: { Input: 'people' } }), { instanceOf: ValidationError });
  t.truthy(badName.fieldErrors['name'], JSON.stringify(badName.problem));
  await t.throwsAsync(client.jobs.get('Never Started'), { instanceOf: NotFoundError, message: /^GET \/Job\/Never%20Started failed: 404/ });
});
