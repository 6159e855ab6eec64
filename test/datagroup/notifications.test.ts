import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import test, { type ExecutionContext } from 'ava';
import { DataGroupBatchStream, ValidationError } from '../../lib/index.js';
import { contacts, dataGroupEmulator, JOB_ID } from './helpers.js';

interface Received {
  readonly method: string | undefined;
  readonly url: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** A local http server that records every request it receives. */
async function listener(t: ExecutionContext): Promise<{ url: string; received: Received[]; next: () => Promise<Received> }> {
  const received: Received[] = [];
  const waiting: Array<(request: Received) => void> = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const entry = { method: request.method, url: request.url ?? '', contentType: request.headers['content-type'], body };
      received.push(entry);
      waiting.shift()?.(entry);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/batch-listener`,
    received,
    next: () => new Promise((resolve) => (received.length > 0 ? resolve(received.shift() as Received) : waiting.push(resolve))),
  };
}

test('a finished batch is announced by POST with a JSON body', async (t) => {
  const hook = await listener(t);
  const { client, emulator } = await dataGroupEmulator(t, { dataGroup: { allowHttpNotifications: true } }, { allowHttpLoopbackNotifications: true });
  const batchId = await client.createBatch(JOB_ID, contacts(2), { notificationUrl: hook.url, notificationMethod: 'POST' });
  const call = await hook.next();
  t.is(call.method, 'POST');
  t.is(call.url, '/batch-listener');
  t.regex(call.contentType ?? '', /^application\/json/);
  const payload = JSON.parse(call.body) as Record<string, string>;
  t.like(payload, { job_id: JOB_ID, batch_id: batchId, state: 'COMPLETED' });
  t.is(payload.created_date, String((await client.getBatch(JOB_ID, batchId)).createdDate.getTime()));
  while (!emulator.dataGroup.events().some((event) => event.type === 'datagroup.notification')) await new Promise((resolve) => setTimeout(resolve, 5));
  t.like(emulator.dataGroup.events().find((event) => event.type === 'datagroup.notification'), { method: 'POST', status: 200, target: hook.url });
});

test('a GET notification carries the batch in its query, keeping the query the URL already had', async (t) => {
  const hook = await listener(t);
  const { client } = await dataGroupEmulator(t, { dataGroup: { allowHttpNotifications: true, failBatch: () => true } }, { allowHttpLoopbackNotifications: true });
  const batchId = await client.createBatch(JOB_ID, contacts(1), { notificationUrl: `${hook.url}?source=etl`, notificationMethod: 'GET' });
  const call = await hook.next();
  t.is(call.method, 'GET');
  const query = new URL(call.url, 'http://x').searchParams;
  t.is(query.get('source'), 'etl');
  t.is(query.get('job_id'), JOB_ID);
  t.is(query.get('batch_id'), batchId);
  t.is(query.get('state'), 'FAILED');
  t.is(call.body, '');
});

test('every batch of a stream is announced once', async (t) => {
  const hook = await listener(t);
  const { client } = await dataGroupEmulator(t, { dataGroup: { allowHttpNotifications: true } }, { allowHttpLoopbackNotifications: true });
  const stream = new DataGroupBatchStream({ client, jobId: JOB_ID, maxBatchBytes: 2000, pollInterval: 2, notificationUrl: hook.url, notificationMethod: 'POST' });
  await pipeline(Readable.from(contacts(200)), stream, new Writable({ objectMode: true, write: (_record, _encoding, callback) => callback() }));
  const batches = stream.stats().batches;
  while (hook.received.length < batches) await new Promise((resolve) => setTimeout(resolve, 5));
  const ids = hook.received.map((call) => (JSON.parse(call.body) as { batch_id: string }).batch_id);
  t.is(new Set(ids).size, batches);
});

test('without allowHttpNotifications the emulator refuses an http notification URL, even to loopback', async (t) => {
  const hook = await listener(t);
  const { client } = await dataGroupEmulator(t, {}, { allowHttpLoopbackNotifications: true });
  const error = await t.throwsAsync(client.createBatch(JOB_ID, contacts(1), { notificationUrl: hook.url, notificationMethod: 'POST' }), { instanceOf: ValidationError });
  t.deepEqual(error.fieldErrors, { notification_URL: ['must use https'] });
});

test('with allowHttpNotifications an http URL to a host that is not loopback is still refused', async (t) => {
  const { client } = await dataGroupEmulator(t, { dataGroup: { allowHttpNotifications: true } }, { allowHttpLoopbackNotifications: true });
  const clientSide = await t.throwsAsync(client.createBatch(JOB_ID, contacts(1), { notificationUrl: 'http://example.com/hook', notificationMethod: 'POST' }));
  t.regex(clientSide.message, /http is accepted for loopback hosts only/);
});
