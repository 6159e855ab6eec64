import test from 'ava';
import { BatchTooLargeError, DATAGROUP_MAX_BATCH_BYTES, PayloadTooLargeError } from '../../lib/index.js';
import { dataGroupEmulator, JOB_ID, waitForBatch } from './helpers.js';

const LIMIT = DATAGROUP_MAX_BATCH_BYTES;
// `{"data":[{"pad":"` + pad + `"}]}`
const ENVELOPE = Buffer.byteLength('{"data":[{"pad":""}]}');

/** One record whose batch body is exactly `bytes` long. */
function recordsOfBodySize(bytes: number): Array<{ pad: string }> {
  return [{ pad: 'x'.repeat(bytes - ENVELOPE) }];
}

function rawPost(url: string, body: Buffer) {
  return fetch(`${url}/v3/async/append/email/job/${JOB_ID}/batch`, {
    method: 'POST',
    headers: { 'x-api-key': 'local-api-key', AuthorizationToken: 'local-token', 'content-type': 'application/json' },
    body,
  });
}

test('the limit is 10,000,000 bytes', (t) => {
  t.is(LIMIT, 10_000_000);
});

test('client side: a body of exactly the limit is sent and accepted; one byte more is refused before sending, saying by how much', async (t) => {
  const { client, emulator } = await dataGroupEmulator(t);
  const batchId = await client.createBatch(JOB_ID, recordsOfBodySize(LIMIT));
  const created = emulator.dataGroup.events().find((event) => event.type === 'datagroup.batch.created');
  t.is(created?.type === 'datagroup.batch.created' ? created.bytes : undefined, LIMIT, 'the server received exactly the limit');
  t.is(await waitForBatch(client, JOB_ID, batchId), 'COMPLETED');

  const requestsBefore = emulator.journal().length;
  const error = await t.throwsAsync(client.createBatch(JOB_ID, recordsOfBodySize(LIMIT + 1)), { instanceOf: BatchTooLargeError });
  t.is(error.code, 'DATA8_BATCH_TOO_LARGE');
  t.is(error.bodyBytes, LIMIT + 1);
  t.is(error.excessBytes, 1);
  t.is(
    error.message,
    'A Data Group batch of 1 record would have a request body of 10,000,001 bytes, 1 byte over the limit of 10,000,000 bytes; it was not sent (send fewer records per batch)',
  );
  t.is(emulator.journal().length, requestsBefore, 'nothing was sent');
});

test('server side: the emulator accepts a body of exactly the limit and answers 413 to one byte more, saying by how much', async (t) => {
  const { emulator } = await dataGroupEmulator(t);
  const exact = Buffer.from(JSON.stringify({ data: recordsOfBodySize(LIMIT) }));
  t.is(exact.length, LIMIT);
  const accepted = await rawPost(emulator.url, exact);
  t.is(accepted.status, 200);
  t.truthy(((await accepted.json()) as { batch_id?: string }).batch_id);

  const over = Buffer.from(JSON.stringify({ data: recordsOfBodySize(LIMIT + 1) }));
  const refused = await rawPost(emulator.url, over);
  t.is(refused.status, 413);
  const problem = (await refused.json()) as { detail: string };
  t.is(problem.detail, 'The request body is 10,000,001 bytes, 1 byte over the limit of 10,000,000 bytes for one batch; send fewer records per batch.');
});

test('a client allowed a larger body than the server meets the server\'s 413 as a PayloadTooLargeError', async (t) => {
  const { client } = await dataGroupEmulator(t, { dataGroup: { maxBodyBytes: 1000 } }, { maxBatchBytes: 2000 });
  const error = await t.throwsAsync(client.createBatch(JOB_ID, recordsOfBodySize(1001)), { instanceOf: PayloadTooLargeError });
  t.regex(error.message, /1,001 bytes, 1 byte over the limit of 1,000 bytes/);
  t.is(error.status, 413);
  t.truthy(await client.createBatch(JOB_ID, recordsOfBodySize(1000)));
});
