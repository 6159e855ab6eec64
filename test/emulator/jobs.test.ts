import test from 'ava';
import { withEmulator, withEmulatorOptions } from '../helpers/emulator.js';
import {
  completeDataset,
  createDataset,
  fieldErrors,
  inputDataset,
  readAll,
  startJob,
  waitForJob,
  type JobView,
} from './data-fixtures.js';

const COLUMNS = { id: 1, name: 0 };
const records = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ({ id: from + i, name: `n${from + i}` }));

test('POST /Job starts a job whose output dataset is created at once and completed at the end', withEmulator, async (t, emu) => {
  await inputDataset(t, emu, 'people', COLUMNS, records(1500));
  const response = await emu.api('POST', '/Job', { name: 'Contact Deceased Check 3124', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
  t.is(response.status, 201, response.text);
  t.is(response.headers.get('location'), '/Job/Contact%20Deceased%20Check%203124');
  const job = response.json as JobView & { workflowName: string; submittedAt: string; inputFilename: unknown; outputFilenames: unknown };
  t.like(job, {
    name: 'Contact Deceased Check 3124',
    workflowName: 'Identity',
    inputDatasets: { Input: 'people' },
    outputDatasets: { Output: 'contact_deceased_check_3124_output' },
    parameters: {},
    inputFilename: null,
    outputFilenames: {},
  });
  t.true([0, 1, 2].includes(job.status));
  t.false(Number.isNaN(Date.parse(job.submittedAt)));
  const output = (await emu.api('GET', '/Dataset/contact_deceased_check_3124_output')).json as { input: boolean; columns: unknown };
  t.false(output.input);
  t.deepEqual(output.columns, COLUMNS);

  const done = await waitForJob(emu, job.name);
  t.is(done.status, 2);
  t.is(done.percentComplete, 100);
  t.truthy(done.completedAt);
  t.like(done.statistics, { inputRecords: 1500, outputRecords: { Output: 1500 } });
  t.like((await emu.api('GET', '/Dataset/contact_deceased_check_3124_output')).json, { completed: true, recordCount: 1500 });
  t.deepEqual(await readAll(emu, 'contact_deceased_check_3124_output'), records(1500));
  t.is((await emu.api('GET', '/Job/Contact%20Deceased%20Check%203124')).status, 200);
  t.is((await emu.api('GET', '/Job/nobody')).status, 404);
});

test('a job reads blocks in ascending block number, records in upload order', withEmulator, async (t, emu) => {
  await createDataset(t, emu, 'people', COLUMNS);
  const blocks: Array<[number, number]> = [[10, 400], [2, 200], [0, 0], [1, 100], [2, 300]];
  for (const [blockNumber, from] of blocks) {
    const response = await emu.api('PATCH', '/Dataset/people/data', { blockNumber, records: records(3, from) });
    t.is(response.status, 204);
  }
  await completeDataset(t, emu, 'people', 12);
  const job = await startJob(t, emu, { name: 'order', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
  await waitForJob(emu, job.name);
  const ids = (await readAll(emu, 'order_output')).map((record) => record['id']);
  t.deepEqual(ids, [0, 1, 2, 100, 101, 102, 300, 301, 302, 400, 401, 402]);
});

test('output names: lower-cased, runs to _, j_ prefix, _2 when taken (even by a deleted dataset)', withEmulator, async (t, emu) => {
  await inputDataset(t, emu, 'people', COLUMNS, records(2));
  await createDataset(t, emu, 'copy_output', COLUMNS);
  await createDataset(t, emu, 'copy_output_2', COLUMNS);
  await emu.api('DELETE', '/Dataset/copy_output_2');
  const start = async (name: string) =>
    (await startJob(t, emu, { name, workflowName: 'Identity', inputDatasets: { Input: 'people' } })).outputDatasets['Output'];
  t.is(await start('Copy'), 'copy_output_3');
  t.is(await start('COPY'), 'copy_output_4');
  t.is(await start('2024 Run!'), 'j_2024_run__output');
  t.is(await start('Über-Job №7'), 'j__ber_job_7_output');
  const long = await start(`L${'o'.repeat(199)}`);
  t.is(long?.length, 128);
  t.true(long?.endsWith('_output'));
});

test('POST /Job refuses bad requests, naming the field', withEmulator, async (t, emu) => {
  await inputDataset(t, emu, 'people', COLUMNS, records(2));
  await createDataset(t, emu, 'open', COLUMNS);
  const base = { name: 'job', workflowName: 'Identity', inputDatasets: { Input: 'people' } };
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ ...base, name: '' }, 'name'],
    [{ ...base, name: 'x'.repeat(201) }, 'name'],
    [{ ...base, name: 'a/b' }, 'name'],
    [{ ...base, name: 'a:b' }, 'name'],
    [{ ...base, name: 'tab\there' }, 'name'],
    [{ ...base, workflowName: 'Nope' }, 'workflowName'],
    [{ ...base, inputDatasets: {} }, 'inputDatasets.Input'],
    [{ ...base, inputDatasets: { Input: 'people', Extra: 'people' } }, 'inputDatasets.Extra'],
    [{ ...base, inputDatasets: { Input: 'missing' } }, 'inputDatasets.Input'],
    [{ ...base, inputDatasets: { Input: 'open' } }, 'inputDatasets.Input'],
    [{ ...base, parameters: { Speed: 'fast' } }, 'parameters.Speed'],
    [{ ...base, workflowName: 'CleanseContacts', inputDatasets: { Contacts: 'people' }, parameters: { DefaultCountry: 'XX' } }, 'parameters.DefaultCountry'],
    [{ ...base, workflowName: 'CleanseContacts', inputDatasets: { Contacts: 'people' }, parameters: { DefaultCountry: 44 } }, 'parameters.DefaultCountry'],
  ];
  for (const [body, field] of cases) {
    const response = await emu.api('POST', '/Job', body);
    t.is(response.status, 400, JSON.stringify(body));
    t.true(field in fieldErrors(response.json), `${field}: ${response.text}`);
  }
  t.is(((await emu.api('GET', '/Job')).json as unknown[]).length, 0, 'no refused job was recorded');

  // An output dataset cannot be a job's input.
  await startJob(t, emu, base);
  await waitForJob(emu, 'job');
  const fromOutput = await emu.api('POST', '/Job', { ...base, name: 'again', inputDatasets: { Input: 'job_output' } });
  t.regex(fieldErrors(fromOutput.json)['inputDatasets.Input']?.[0] ?? '', /output dataset/);
  const taken = await emu.api('POST', '/Job', base);
  t.is(taken.status, 409);
});

test('GET /Job lists most recent first, 100 a page, filtered by workflow and dates', withEmulator, async (t, emu) => {
  await inputDataset(t, emu, 'people', COLUMNS, records(1));
  const before = new Date(Date.now() - 1000).toISOString();
  for (let i = 0; i < 101; i++) {
    const workflowName = i % 2 === 0 ? 'Identity' : 'CleanseContacts';
    const role = i % 2 === 0 ? 'Input' : 'Contacts';
    await startJob(t, emu, { name: `job ${i}`, workflowName, inputDatasets: { [role]: 'people' } });
  }
  const page1 = (await emu.api('GET', '/Job')).json as Array<{ name: string; workflowName: string; location: string; status: number; submittedAt: string }>;
  const page2 = (await emu.api('GET', '/Job?page=2')).json as Array<{ name: string }>;
  t.is(page1.length, 100);
  t.deepEqual(page2.map((job) => job.name), ['job 0']);
  t.deepEqual(page1.slice(0, 2).map((job) => job.name), ['job 100', 'job 99']);
  t.is(page1[0]?.location, '/Job/job%20100');
  t.deepEqual(Object.keys(page1[0] ?? {}).sort(), ['location', 'name', 'status', 'submittedAt', 'workflowName']);
  const cleanse = (await emu.api('GET', '/Job?workflow=CleanseContacts')).json as Array<{ workflowName: string }>;
  t.is(cleanse.length, 50);
  t.true(cleanse.every((job) => job.workflowName === 'CleanseContacts'));
  t.is(((await emu.api('GET', `/Job?startDate=${encodeURIComponent(before)}&page=2`)).json as unknown[]).length, 1);
  t.deepEqual((await emu.api('GET', '/Job?endDate=2000-01-01')).json, []);
  t.deepEqual((await emu.api('GET', '/Job?startDate=2999-01-01T00:00:00Z')).json, []);
  const today = new Date().toISOString().slice(0, 10);
  t.is(((await emu.api('GET', `/Job?startDate=${today}&endDate=${today}`)).json as unknown[]).length, 100, 'a date alone spans its day');
  for (const [query, field] of [['page=0', 'page'], ['page=x', 'page'], ['startDate=yesterday', 'startDate'], ['endDate=2024-13-01', 'endDate']] as const) {
    const response = await emu.api('GET', `/Job?${query}`);
    t.is(response.status, 400, query);
    t.true(field in fieldErrors(response.json), response.text);
  }
});

test('a running job reports progress and an estimated finish', withEmulatorOptions({ jobRecordsPerSecond: 2000 }), async (t, emu) => {
  await inputDataset(t, emu, 'people', COLUMNS, records(4000));
  await startJob(t, emu, { name: 'slow', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
  const seen: JobView[] = [];
  for (;;) {
    const job = (await emu.api('GET', '/Job/slow')).json as JobView;
    seen.push(job);
    if (job.status === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const running = seen.filter((job) => job.status === 1);
  t.true(running.length > 0, 'seen running');
  t.true(running.every((job) => job.percentComplete >= 0 && job.percentComplete < 100 && job.completedAt === null));
  t.true(running.some((job) => job.percentComplete > 0), 'progress moved');
  t.true(running.every((job) => job.estimatedFinishTime !== null && !Number.isNaN(Date.parse(job.estimatedFinishTime))));
  const percents = running.map((job) => job.percentComplete);
  t.deepEqual(percents, [...percents].sort((a, b) => a - b), 'never goes back');
  t.is(seen.at(-1)?.percentComplete, 100);
});

test('a job whose input is deleted while it runs fails with a message', withEmulatorOptions({ jobRecordsPerSecond: 2000 }), async (t, emu) => {
  await inputDataset(t, emu, 'people', COLUMNS, records(5000));
  await startJob(t, emu, { name: 'doomed', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
  // Deleted once the job is reading it, not before it starts.
  for (let poll = 0; poll < 500; poll++) {
    const running = (await emu.api('GET', '/Job/doomed')).json as { percentComplete: number };
    if (running.percentComplete > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  t.is((await emu.api('DELETE', '/Dataset/people')).status, 204);
  const job = await waitForJob(emu, 'doomed');
  t.is(job.status, 3);
  t.is(job.statistics['error'], 'The dataset "people" of role Input was deleted while the job ran.', 'the reason, not the file error it causes');
  t.like((await emu.api('GET', '/Dataset/doomed_output')).json, { completed: false });
});

test(
  'jobs belong to one account',
  withEmulatorOptions({ accounts: [{ name: 'other', clientId: 'other-client', clientSecret: 'other-secret' }] }),
  async (t, emu) => {
    await inputDataset(t, emu, 'people', COLUMNS, records(1));
    await startJob(t, emu, { name: 'mine', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
    const token = await emu.getToken({ clientId: 'other-client', clientSecret: 'other-secret' });
    t.is((await emu.api('GET', '/Job/mine', undefined, { token })).status, 404);
    t.deepEqual((await emu.api('GET', '/Job', undefined, { token })).json, []);
    const theirs = await emu.api('POST', '/Job', { name: 'mine', workflowName: 'Identity', inputDatasets: { Input: 'people' } }, { token });
    t.is(theirs.status, 400, 'my dataset does not exist for them');
  },
);
