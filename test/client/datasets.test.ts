import test from 'ava';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/index.js';
import { collect, withClient } from './fixture.js';

const columns = { first_name: 0, age: 1 };

test('a dataset is created, filled by blocks, completed, listed and deleted', withClient, async (t, { client, emu }) => {
  const created = await client.datasets.create({ name: 'people', columns });
  t.deepEqual(created, { name: 'people', columns, input: true, recordCount: 0, completed: false });
  await client.datasets.uploadBlock('people', 0, [{ first_name: 'Ada', age: 36 }, { first_name: 'Alan', age: null }]);
  const body = Buffer.from('{"blockNumber":1,"records":[{"first_name":"Grace","age":85}]}');
  await client.datasets.uploadEncodedBlock('people', { blockNumber: 1, recordCount: 1, body });
  t.is((await client.datasets.get('people')).recordCount, 3);
  const completed = await client.datasets.complete('people', 3);
  t.true(completed.completed);
  t.deepEqual(await collect(client.datasets.list()), [{ name: 'people', input: true, completed: true, recordCount: 3, location: '/Dataset/people' }]);
  t.deepEqual(await collect(client.datasets.list({ input: false })), []);
  await client.datasets.delete('people');
  await t.throwsAsync(client.datasets.get('people'), { instanceOf: NotFoundError });
  const patch = emu.emulator.journal().find((entry) => entry.method === 'PATCH' && entry.body !== undefined && (entry.body as { blockNumber: number }).blockNumber === 1);
  t.is(patch?.status, 204, 'the encoded block went as it was');
});

test('the list follows every page', withClient, async (t, { client }) => {
  const names = Array.from({ length: 205 }, (_, index) => `set_${String(index).padStart(3, '0')}`);
  for (const name of names) await client.datasets.create({ name, columns });
  const listed = await collect(client.datasets.list());
  t.deepEqual(listed.map((dataset) => dataset.name), names);
  t.is(client.stats().byStatus[200], 3, 'three pages: 100, 100 and 5');
});

test('refusals come out typed, naming the field and the dataset', withClient, async (t, { client }) => {
  const badName = await t.throwsAsync(client.datasets.create({ name: 'Bad Name', columns }), { instanceOf: ValidationError });
  t.is(badName.status, 400);
  t.truthy(badName.fieldErrors['name'], 'the field error names "name"');
  t.regex(badName.message, /^POST \/Dataset failed: 400 /);

  await client.datasets.create({ name: 'people', columns });
  const taken = await t.throwsAsync(client.datasets.create({ name: 'people', columns }), { instanceOf: ConflictError });
  t.is(taken.status, 409);

  const badRecord = await t.throwsAsync(client.datasets.uploadBlock('people', 0, [{ first_name: 'A', age: 1 }, { first_name: 'B', age: 'old' }]), { instanceOf: ValidationError });
  t.deepEqual(Object.keys(badRecord.fieldErrors), ['records[1].age']);
  t.regex(badRecord.message, /records\[1\]\.age: /);

  await t.throwsAsync(client.datasets.uploadBlock('missing', 0, [{ a: 1 }]), { instanceOf: NotFoundError });
  await client.datasets.uploadBlock('people', 0, [{ first_name: 'A', age: 1 }]);
  const wrongCount = await t.throwsAsync(client.datasets.complete('people', 2), { instanceOf: ValidationError });
  t.is(wrongCount.method, 'PUT');
  await t.throwsAsync(client.datasets.readRecords('people', { start: 1, count: 10 }), { instanceOf: ValidationError, message: /400/ });
  await t.throwsAsync(client.datasets.delete('missing'), { instanceOf: NotFoundError });
  await t.throwsAsync(client.datasets.complete('missing', 0), { instanceOf: NotFoundError });
  await t.throwsAsync(client.datasets.readRecords('missing', { start: 1, count: 1 }), { instanceOf: NotFoundError });
  t.is(client.stats().retries, 0, 'refusals are never retried');
});
