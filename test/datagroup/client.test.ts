import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import {
  AbortError,
  AuthenticationError,
  ConfigError,
  ConflictError,
  DataGroupClient,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type LogEntry,
} from '../../lib/index.js';
import { contacts, dataGroupEmulator, JOB_ID, waitForBatch } from './helpers.js';

test('a batch is created, moves to COMPLETED and its result is every record with an appended email, in order', async (t) => {
  const { client } = await dataGroupEmulator(t, { dataGroup: { recordsPerSecond: 2000 } });
  const records = [
    { external_id: '1', first_name: 'John', last_name: 'Smith', zipcode: '90701' },
    { external_id: '2', first_name: 'Jane', last_name: "O'Hara-Smith", zipcode: '90701' },
    { external_id: '3', first_name: 'Zoë', last_name: null, zipcode: '90701' },
    { external_id: '4', zipcode: '90701' },
  ];
  const before = Date.now();
  const batchId = await client.createBatch(JOB_ID, records);
  t.regex(batchId, /^[a-z0-9]+$/);

  // How far a 4-record batch got by the first look depends on the machine; a batch held QUEUED is the next test's.
  const first = await client.getBatch(JOB_ID, batchId);
  t.true(['QUEUED', 'PROCESSING', 'COMPLETED'].includes(first.state), `got ${first.state}`);
  t.true(first.createdDate.getTime() >= before - 1000 && first.createdDate.getTime() <= Date.now());

  t.is(await waitForBatch(client, JOB_ID, batchId), 'COMPLETED');
  t.deepEqual(await client.getBatchResult(JOB_ID, batchId), [
    { external_id: '1', first_name: 'John', last_name: 'Smith', zipcode: '90701', email: 'john.smith@example.com' },
    { external_id: '2', first_name: 'Jane', last_name: "O'Hara-Smith", zipcode: '90701', email: 'jane.oharasmith@example.com' },
    { external_id: '3', first_name: 'Zoë', last_name: null, zipcode: '90701', email: 'zoe@example.com' },
    { external_id: '4', zipcode: '90701', email: null },
  ]);
});

test('a fresh batch is QUEUED; the result of a batch that has not completed is refused with the state it is in', async (t) => {
  const { client } = await dataGroupEmulator(t, { dataGroup: { queuedMs: 60_000 } });
  const batchId = await client.createBatch(JOB_ID, contacts(3));
  t.is((await client.getBatch(JOB_ID, batchId)).state, 'QUEUED');
  const error = await t.throwsAsync(client.getBatchResult(JOB_ID, batchId), { instanceOf: ConflictError });
  t.regex(error.message, /is QUEUED; its result is available once it is COMPLETED/);
});

test('a batch the emulator fails reports FAILED and has no result', async (t) => {
  const { client } = await dataGroupEmulator(t, { dataGroup: { failBatch: ({ recordCount }) => recordCount === 2 } });
  const batchId = await client.createBatch(JOB_ID, contacts(2));
  t.is(await waitForBatch(client, JOB_ID, batchId), 'FAILED');
  const error = await t.throwsAsync(client.getBatchResult(JOB_ID, batchId), { instanceOf: ConflictError });
  t.regex(error.message, /FAILED; it has no result/);
});

test('unknown batches, batches of another job and malformed job ids are refused', async (t) => {
  const { client } = await dataGroupEmulator(t);
  const batchId = await client.createBatch(JOB_ID, contacts(1));
  await t.throwsAsync(client.getBatch(JOB_ID, 'nosuchbatch'), { instanceOf: NotFoundError, message: /has no batch "nosuchbatch"/ });
  await t.throwsAsync(client.getBatch('otherjob', batchId), { instanceOf: NotFoundError });
  const error = await t.throwsAsync(client.createBatch('job-with-dashes', contacts(1)), { instanceOf: ValidationError });
  t.deepEqual(error.fieldErrors, { job_id: ['must be 1 to 64 letters and digits'] });
  await t.throwsAsync(client.createBatch('a'.repeat(65), contacts(1)), { instanceOf: ValidationError });
});

test('a wrong API key is a ForbiddenError and a wrong token an AuthenticationError; neither secret is in the error or the log', async (t) => {
  const { emulator } = await dataGroupEmulator(t);
  const log: LogEntry[] = [];
  const wrongKey = new DataGroupClient({ baseUrl: emulator.url, apiKey: 'wrong-api-key-1234', authorizationToken: 'local-token', logger: (entry) => log.push(entry) });
  const wrongToken = new DataGroupClient({ baseUrl: emulator.url, apiKey: 'local-api-key', authorizationToken: 'wrong-token-5678', logger: (entry) => log.push(entry) });
  t.teardown(async () => {
    await wrongKey.close();
    await wrongToken.close();
  });
  const forbidden = await t.throwsAsync(wrongKey.createBatch(JOB_ID, contacts(1)), { instanceOf: ForbiddenError });
  t.regex(forbidden.message, /refused the x-api-key \(403\)/);
  const refused = await t.throwsAsync(wrongToken.getBatch(JOB_ID, 'x1'), { instanceOf: AuthenticationError });
  t.regex(refused.message, /refused the AuthorizationToken \(401\)/);
  const everything = JSON.stringify([forbidden, refused, String(forbidden.cause), String(refused.cause), log]);
  for (const secret of ['wrong-api-key-1234', 'wrong-token-5678', 'local-token', 'local-api-key']) {
    t.false(everything.includes(secret), `${secret} leaked`);
  }
  t.true(log.length > 0, 'the calls were logged');
});

test('a token function is asked once, and again after the API refuses its token', async (t) => {
  const tokens = ['stale-token', 'local-token'];
  let calls = 0;
  const { client } = await dataGroupEmulator(t, {}, {
    authorizationToken: () => {
      calls += 1;
      return Promise.resolve(tokens.shift() ?? 'local-token');
    },
  });
  const batchId = await client.createBatch(JOB_ID, contacts(1));
  await client.getBatch(JOB_ID, batchId);
  await client.getBatch(JOB_ID, batchId);
  t.is(calls, 2, 'the stale token was replaced once and the fresh one cached');
  t.is(client.stats().reauthentications, 1);
});

test('credentials come from DATAGROUP_* variables, and a missing one is named', async (t) => {
  const { emulator } = await dataGroupEmulator(t);
  const env = { DATAGROUP_URL: emulator.url, DATAGROUP_API_KEY: 'local-api-key', DATAGROUP_TOKEN: 'local-token' };
  const client = DataGroupClient.fromEnv({}, env);
  t.teardown(() => client.close());
  t.is(client.baseUrl, emulator.url);
  t.truthy(await client.createBatch(JOB_ID, contacts(1)));
  t.throws(() => DataGroupClient.fromEnv({}, { DATAGROUP_API_KEY: 'k' }), { instanceOf: ConfigError, message: /Missing DATAGROUP_TOKEN/ });
});

test('a notification URL that is not https, or has no method, is refused before anything is sent', async (t) => {
  const { client, emulator } = await dataGroupEmulator(t);
  await t.throwsAsync(client.createBatch(JOB_ID, contacts(1), { notificationUrl: 'http://example.com/hook', notificationMethod: 'POST' }), {
    instanceOf: ConfigError,
    message: /notificationUrl": the vendor requires https, got a http URL/,
  });
  await t.throwsAsync(client.createBatch(JOB_ID, contacts(1), { notificationUrl: 'https://example.com/hook' }), {
    instanceOf: ConfigError,
    message: /notificationMethod": a notificationUrl needs "GET" or "POST", got none/,
  });
  await t.throwsAsync(client.createBatch(JOB_ID, contacts(1), { notificationMethod: 'GET' }), { instanceOf: ConfigError, message: /needs a notificationUrl/ });
  t.is(emulator.journal().length, 0, 'no request reached the server');
});

test('the emulator refuses the same notification fields itself, naming the field', async (t) => {
  const { emulator } = await dataGroupEmulator(t);
  const post = (body: unknown) =>
    fetch(`${emulator.url}/v3/async/append/email/job/${JOB_ID}/batch`, {
      method: 'POST',
      headers: { 'x-api-key': 'local-api-key', AuthorizationToken: 'local-token', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const http = await post({ data: [{}], notification_URL: 'http://127.0.0.1:9/hook', notification_method: 'GET' });
  t.is(http.status, 400);
  t.deepEqual(((await http.json()) as { errors: unknown }).errors, { notification_URL: ['must use https'] });
  const noMethod = await post({ data: [{}], notification_URL: 'https://example.com/hook' });
  t.is(noMethod.status, 400);
  t.deepEqual(((await noMethod.json()) as { errors: unknown }).errors, { notification_method: ['is required with a notification_URL (GET or POST)'] });
  const noData = await post({ records: [] });
  t.is(noData.status, 400);
  t.deepEqual(((await noData.json()) as { errors: unknown }).errors, { data: ['is required and must be an array of records'] });
});

test('options are checked when the client is built', (t) => {
  t.throws(() => new DataGroupClient({ apiKey: '', authorizationToken: 't' }), { instanceOf: ConfigError, message: /"apiKey": expected a non-empty string, got an empty string/ });
  t.throws(() => new DataGroupClient({ apiKey: 'k', authorizationToken: 't', baseUrl: 'ftp://x' }), { instanceOf: ConfigError, message: /"baseUrl"/ });
  t.throws(() => new DataGroupClient({ apiKey: 'k', authorizationToken: 't', solution: '../x' }), { instanceOf: ConfigError, message: /"solution"/ });
  t.throws(() => new DataGroupClient({ apiKey: 'k', authorizationToken: 't', retry: { maxAttempts: 0 } }), { instanceOf: ConfigError, message: /"retry.maxAttempts"/ });
});

test('a batch left unfinished when the emulator stops completes after a restart on the same data directory', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'datagroup-restart-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  // Two records at 4 records a second: still PROCESSING when the first emulator stops.
  const first = await dataGroupEmulator(t, { dataDir, dataGroup: { recordsPerSecond: 4 } });
  const batchId = await first.client.createBatch(JOB_ID, contacts(2));
  t.not((await first.client.getBatch(JOB_ID, batchId)).state, 'COMPLETED');
  await first.emulator.close();

  const second = await dataGroupEmulator(t, { dataDir });
  t.is(await waitForBatch(second.client, JOB_ID, batchId), 'COMPLETED');
  t.deepEqual((await second.client.getBatchResult(JOB_ID, batchId)).map((record) => record.email), ['first1.last1@example.com', 'first2.last2@example.com']);
});

test('reset() forgets every batch', async (t) => {
  const { client, emulator } = await dataGroupEmulator(t);
  const batchId = await client.createBatch(JOB_ID, contacts(1));
  await emulator.reset();
  await t.throwsAsync(client.getBatch(JOB_ID, batchId), { instanceOf: NotFoundError });
  t.deepEqual(emulator.dataGroup.events(), []);
});

test('a call given an aborted signal fails with an AbortError and sends nothing', async (t) => {
  const { client, emulator } = await dataGroupEmulator(t);
  const controller = new AbortController();
  controller.abort();
  await t.throwsAsync(client.createBatch(JOB_ID, contacts(1), { signal: controller.signal }), { instanceOf: AbortError });
  await t.throwsAsync(client.getBatch(JOB_ID, 'x1', { signal: controller.signal }), { instanceOf: AbortError });
  t.is(emulator.journal().length, 0);
});
