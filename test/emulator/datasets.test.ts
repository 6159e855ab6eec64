import test from 'ava';
import { withEmulator, withEmulatorOptions } from '../helpers/emulator.js';
import { completeDataset, createDataset, fieldErrors, inputDataset, readAll, startJob, uploadRecords, waitForJob } from './data-fixtures.js';

const COLUMNS = { name: 0, age: 1, score: 2, member: 3, joined: 4 };

test('POST /Dataset creates an incomplete input dataset that GET answers', withEmulator, async (t, emu) => {
  const created = await emu.api('POST', '/Dataset', { name: 'people', columns: COLUMNS });
  t.is(created.status, 201);
  t.is(created.headers.get('location'), '/Dataset/people');
  const expected = { name: 'people', columns: COLUMNS, input: true, recordCount: 0, completed: false };
  t.deepEqual(created.json, expected);
  const read = await emu.api('GET', '/Dataset/people');
  t.is(read.status, 200);
  t.deepEqual(read.json, expected);
  t.is((await emu.api('GET', '/Dataset/nobody')).status, 404);
});

test('POST /Dataset refuses bad names, columns and types, naming the field', withEmulator, async (t, emu) => {
  const cases: Array<[unknown, string]> = [
    [{ name: 'People', columns: COLUMNS }, 'name'],
    [{ name: '1people', columns: COLUMNS }, 'name'],
    [{ name: `p${'x'.repeat(128)}`, columns: COLUMNS }, 'name'],
    [{ columns: COLUMNS }, 'name'],
    [{ name: 'people', columns: {} }, 'columns'],
    [{ name: 'people' }, 'columns'],
    [{ name: 'people', columns: { 'first name': 0 } }, 'columns.first name'],
    [{ name: 'people', columns: { age: 5 } }, 'columns.age'],
    [{ name: 'people', columns: { age: '1' } }, 'columns.age'],
    [{ name: 'people', columns: { age: 1.5 } }, 'columns.age'],
  ];
  for (const [body, field] of cases) {
    const response = await emu.api('POST', '/Dataset', body);
    t.is(response.status, 400, JSON.stringify(body));
    t.is(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    t.true(field in fieldErrors(response.json), `${JSON.stringify(body)} → ${response.text}`);
  }
  t.is((await emu.api('POST', '/Dataset', [1, 2])).status, 400);
  t.is((await emu.api('GET', '/Dataset/people')).status, 404, 'nothing was created');
  // 128 characters is the longest name allowed.
  await createDataset(t, emu, `p${'x'.repeat(127)}`, { a: 0 });
});

test('a dataset name is taken for good: 409 while it exists and after it is deleted', withEmulator, async (t, emu) => {
  await createDataset(t, emu, 'people', COLUMNS);
  t.is((await emu.api('POST', '/Dataset', { name: 'people', columns: COLUMNS })).status, 409);
  const deleted = await emu.api('DELETE', '/Dataset/people');
  t.is(deleted.status, 204);
  t.is((await emu.api('GET', '/Dataset/people')).status, 404);
  t.is((await emu.api('DELETE', '/Dataset/people')).status, 404);
  const again = await emu.api('POST', '/Dataset', { name: 'people', columns: COLUMNS });
  t.is(again.status, 409);
  t.regex((again.json as { detail: string }).detail, /never reused/);
});

test('GET /Dataset lists 100 a page sorted by name, filtered by input/output', withEmulator, async (t, emu) => {
  const names = Array.from({ length: 105 }, (_, i) => `set_${String(104 - i).padStart(3, '0')}`);
  for (const name of names) await createDataset(t, emu, name, { a: 0 });
  await emu.api('DELETE', '/Dataset/set_050');
  const page1 = (await emu.api('GET', '/Dataset?page=1')).json as Array<{ name: string; location: string; input: boolean }>;
  const page2 = (await emu.api('GET', '/Dataset?page=2')).json as Array<{ name: string }>;
  t.is(page1.length, 100);
  t.is(page2.length, 4);
  const listed = [...page1, ...page2].map((entry) => entry.name);
  t.deepEqual(listed, names.filter((name) => name !== 'set_050').sort());
  t.deepEqual(page1[0], { name: 'set_000', input: true, completed: false, recordCount: 0, location: '/Dataset/set_000' });
  t.deepEqual((await emu.api('GET', '/Dataset?page=3')).json, []);
  t.deepEqual((await emu.api('GET', '/Dataset?input=false')).json, []);

  await emu.api('PATCH', '/Dataset/set_001/data', { blockNumber: 0, records: [{ a: 'x' }] });
  await completeDataset(t, emu, 'set_001', 1);
  const job = await startJob(t, emu, { name: 'Copy', workflowName: 'Identity', inputDatasets: { Input: 'set_001' } });
  await waitForJob(emu, job.name);
  const outputs = (await emu.api('GET', '/Dataset?input=false&output=true')).json as Array<{ name: string; input: boolean }>;
  t.deepEqual(outputs.map((entry) => [entry.name, entry.input]), [['copy_output', false]]);
  const inputs = (await emu.api('GET', '/Dataset?output=false&page=2')).json as Array<{ name: string }>;
  t.is(inputs.length, 4);

  for (const query of ['page=0', 'page=-1', 'page=x', 'page=1.5']) {
    const response = await emu.api('GET', `/Dataset?${query}`);
    t.is(response.status, 400, query);
    t.true('page' in fieldErrors(response.json));
  }
  t.true('input' in fieldErrors((await emu.api('GET', '/Dataset?input=yes')).json));
});

test('PATCH stores blocks; a repeated block number replaces the block; missing and null are empty', withEmulator, async (t, emu) => {
  await createDataset(t, emu, 'people', COLUMNS);
  const full = { name: 'Ann', age: 42, score: 1.5, member: true, joined: '2024-02-29T13:45:00Z' };
  await uploadRecords(t, emu, 'people', [full, { name: 'Bob', age: null }, {}]);
  t.is(((await emu.api('GET', '/Dataset/people')).json as { recordCount: number }).recordCount, 3);
  const replace = await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 0, records: [full] });
  t.is(replace.status, 204);
  const other = await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 7, records: [{ name: 'Bob', age: null }, {}] });
  t.is(other.status, 204);
  t.is(((await emu.api('GET', '/Dataset/people')).json as { recordCount: number }).recordCount, 3);
  await completeDataset(t, emu, 'people', 3);
  const job = await startJob(t, emu, { name: 'copy', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
  await waitForJob(emu, job.name);
  t.deepEqual(await readAll(emu, 'copy_output'), [full, { name: 'Bob', age: null }, {}]);
});

test('PATCH refuses invalid records, naming record and column', withEmulator, async (t, emu) => {
  await createDataset(t, emu, 'people', COLUMNS);
  const good = Array.from({ length: 20 }, (_, i) => ({ name: `n${i}`, age: i }));
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ age: '42' }, 'records[12].age'],
    [{ age: 4.5 }, 'records[12].age'],
    [{ score: 'high' }, 'records[12].score'],
    [{ member: 'true' }, 'records[12].member'],
    [{ joined: '2024-02-30' }, 'records[12].joined'],
    [{ joined: 'yesterday' }, 'records[12].joined'],
    [{ name: 7 }, 'records[12].name'],
    [{ nickname: 'x' }, 'records[12].nickname'],
  ];
  for (const [bad, field] of cases) {
    const records = good.map((record, i) => (i === 12 ? { ...record, ...bad } : record));
    const response = await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 0, records });
    t.is(response.status, 400, field);
    t.deepEqual(Object.keys(fieldErrors(response.json)), [field], response.text);
  }
  const notObject = await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 0, records: [{}, 'x'] });
  t.deepEqual(Object.keys(fieldErrors(notObject.json)), ['records[1]']);
  t.is(((await emu.api('GET', '/Dataset/people')).json as { recordCount: number }).recordCount, 0, 'no refused block was stored');
});

test('PATCH refuses bad block numbers, empty and oversized blocks', withEmulator, async (t, emu) => {
  await createDataset(t, emu, 'people', COLUMNS);
  const one = [{ name: 'a' }];
  for (const blockNumber of [-1, 1.5, '3', null]) {
    const response = await emu.api('PATCH', '/Dataset/people/data', { blockNumber, records: one });
    t.is(response.status, 400);
    t.true('blockNumber' in fieldErrors(response.json), String(blockNumber));
  }
  for (const records of [[], Array.from({ length: 1001 }, () => ({ name: 'a' })), 'x']) {
    const response = await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 0, records });
    t.is(response.status, 400);
    t.true('records' in fieldErrors(response.json));
  }
  const thousand = await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 0, records: Array.from({ length: 1000 }, () => ({ name: 'a' })) });
  t.is(thousand.status, 204);
  const malformed = await emu.api('PATCH', '/Dataset/people/data', undefined, { rawBody: '{"blockNumber":0,"records":[' });
  t.is(malformed.status, 400);
  t.is((await emu.api('PATCH', '/Dataset/nobody/data', { blockNumber: 0, records: one })).status, 404);
});

test('PUT completes with the stored record count only, once, input datasets only', withEmulator, async (t, emu) => {
  await createDataset(t, emu, 'people', COLUMNS);
  await uploadRecords(t, emu, 'people', [{ name: 'a' }, { name: 'b' }]);
  const wrong = await emu.api('PUT', '/Dataset/people', { recordCount: 3, completed: true });
  t.is(wrong.status, 400);
  t.regex(fieldErrors(wrong.json)['recordCount']?.[0] ?? '', /is 3 but the dataset holds 2/);
  t.true('completed' in fieldErrors((await emu.api('PUT', '/Dataset/people', { recordCount: 2, completed: false })).json));
  t.true('recordCount' in fieldErrors((await emu.api('PUT', '/Dataset/people', { recordCount: -1, completed: true })).json));
  const done = await emu.api('PUT', '/Dataset/people', { recordCount: 2, completed: true });
  t.is(done.status, 200);
  t.like(done.json, { name: 'people', recordCount: 2, completed: true, input: true });
  t.is((await emu.api('PUT', '/Dataset/people', { recordCount: 2, completed: true })).status, 400, 'already complete');
  t.is((await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 1, records: [{ name: 'c' }] })).status, 400, 'complete takes no blocks');
  t.is((await emu.api('PUT', '/Dataset/nobody', { recordCount: 0, completed: true })).status, 404);

  const job = await startJob(t, emu, { name: 'copy', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
  const output = (await waitForJob(emu, job.name)).outputDatasets['Output'] ?? '';
  t.is((await emu.api('PUT', `/Dataset/${output}`, { recordCount: 2, completed: true })).status, 400, 'output dataset');
  t.is((await emu.api('PATCH', `/Dataset/${output}/data`, { blockNumber: 0, records: [{ name: 'x' }] })).status, 400, 'output dataset');
});

test('GET data pages a completed output dataset and refuses the rest', withEmulator, async (t, emu) => {
  const records = Array.from({ length: 2500 }, (_, i) => ({ name: `n${i}`, age: i }));
  await inputDataset(t, emu, 'people', COLUMNS, records);
  t.is((await emu.api('GET', '/Dataset/people/data')).status, 400, 'input dataset');
  const job = await startJob(t, emu, { name: 'copy', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
  const output = (await waitForJob(emu, job.name)).outputDatasets['Output'] ?? '';
  const page = await emu.api('GET', `/Dataset/${output}/data?start=999&count=3`);
  t.is(page.status, 200);
  t.deepEqual(page.json, records.slice(998, 1001));
  t.deepEqual((await emu.api('GET', `/Dataset/${output}/data?start=2000&count=1000`)).json, records.slice(1999));
  t.deepEqual((await emu.api('GET', `/Dataset/${output}/data`)).json, records.slice(0, 1000));
  t.deepEqual((await emu.api('GET', `/Dataset/${output}/data?start=2501`)).json, []);
  t.deepEqual((await emu.api('GET', `/Dataset/${output}/data?start=9000000`)).json, []);
  for (const [query, field] of [['start=0', 'start'], ['count=0', 'count'], ['count=1001', 'count'], ['start=abc', 'start']] as const) {
    const response = await emu.api('GET', `/Dataset/${output}/data?${query}`);
    t.is(response.status, 400, query);
    t.true(field in fieldErrors(response.json));
  }
  t.is((await emu.api('GET', '/Dataset/nobody/data')).status, 404);
});

test('GET data refuses an output dataset whose job has not completed', withEmulator, async (t, emu) => {
  await inputDataset(t, emu, 'people', COLUMNS, [{ name: 'a' }]);
  emu.emulator.jobs.script({ job: 'broken', outcome: 'fail', error: 'disk on fire' });
  const job = await startJob(t, emu, { name: 'broken', workflowName: 'Identity', inputDatasets: { Input: 'people' } });
  const output = job.outputDatasets['Output'] ?? '';
  t.like((await emu.api('GET', `/Dataset/${output}`)).json, { input: false, completed: false });
  const response = await emu.api('GET', `/Dataset/${output}/data`);
  t.is(response.status, 400);
  t.regex((response.json as { detail: string }).detail, /not complete/);
});

test(
  'datasets belong to one account',
  withEmulatorOptions({ accounts: [{ name: 'other', clientId: 'other-client', clientSecret: 'other-secret' }] }),
  async (t, emu) => {
    await createDataset(t, emu, 'people', COLUMNS);
    const token = await emu.getToken({ clientId: 'other-client', clientSecret: 'other-secret' });
    t.is((await emu.api('GET', '/Dataset/people', undefined, { token })).status, 404);
    t.deepEqual((await emu.api('GET', '/Dataset', undefined, { token })).json, []);
    t.is((await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 0, records: [{ name: 'a' }] }, { token })).status, 404);
    t.is((await emu.api('POST', '/Dataset', { name: 'people', columns: COLUMNS }, { token })).status, 201, 'names are per account');
  },
);

test('seeding creates datasets with their records; a bad seed is a 400 naming the record', withEmulator, async (t, emu) => {
  const records = Array.from({ length: 1001 }, (_, i) => ({ name: `n${i}`, age: i }));
  await emu.emulator.seed({
    accounts: [{ name: 'default', datasets: [{ name: 'seeded', columns: COLUMNS, records }, { name: 'draft', columns: COLUMNS, completed: false }] }],
  });
  t.like((await emu.api('GET', '/Dataset/seeded')).json, { recordCount: 1001, completed: true, input: true });
  t.like((await emu.api('GET', '/Dataset/draft')).json, { recordCount: 0, completed: false });
  const job = await startJob(t, emu, { name: 'copy', workflowName: 'Identity', inputDatasets: { Input: 'seeded' } });
  await waitForJob(emu, job.name);
  t.deepEqual(await readAll(emu, 'copy_output'), records);

  const bad = await emu.api('POST', '/_emulator/seed', { accounts: [{ name: 'default', datasets: [{ name: 'worse', columns: COLUMNS, records: [{}, { age: 'old' }] }] }] }, { token: null });
  t.is(bad.status, 400);
  t.regex((bad.json as { detail: string }).detail, /datasets\[0\]\.records\[1\]\.age/);
  t.is((await emu.api('GET', '/Dataset/worse')).status, 404, 'nothing half-made');
});
