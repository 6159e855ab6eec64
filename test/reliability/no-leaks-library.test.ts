/**
 * A canary secret, and every access token the token server issued during the run (captured by
 * a proxy), appear in no error the library throws (message, fields, hidden properties, cause
 * chains), no log entry, no progress event, no result, and no file it writes: across cleanse
 * runs that succeed, fail in each way, or are aborted, and the three streams used alone,
 * under faults and 2-second tokens. (test/client/secrets.test.ts does the same for the
 * client's own calls.)
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import test from 'ava';
import { startEmulator } from '../../lib/emulator/index.js';
import { BlockUploader, cleanse, Data8Client, DatasetReader, JobWaiter, type LogEntry, type ProgressEvent } from '../../lib/index.js';
import { writeAwkwardCsv } from '../helpers/record-files.js';
import { secretsIn, secretsInFiles, startTokenProxy } from '../helpers/secret-scan.js';

const CANARY_ID = 'canary-client';
const CANARY = `canary-secret-${randomBytes(8).toString('hex')}`;
const WRONG = `canary-wrong-${randomBytes(8).toString('hex')}`;
const basic = (secret: string) => Buffer.from(`${CANARY_ID}:${encodeURIComponent(secret)}`).toString('base64');

async function failure(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

test('no secret or issued token in any error, log entry, progress event, result or file of cleanse and the streams', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'data8-leaks-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const emulator = await startEmulator({
    credentials: { clientId: CANARY_ID, clientSecret: CANARY },
    tokenTtlSeconds: 2,
    faults: { rate429: 0.05, rate503: 0.05, dropRate: 0.02, retryAfterSeconds: 1, seed: 11 },
  });
  t.teardown(() => emulator.close());
  const proxy = await startTokenProxy(emulator.url);
  t.teardown(() => proxy.close());
  const logs: LogEntry[] = [];
  const events: ProgressEvent[] = [];
  const makeClient = (clientSecret: string) =>
    new Data8Client({ apiUrl: proxy.url, authUrl: proxy.url, clientId: CANARY_ID, clientSecret, logger: (entry) => logs.push(entry), retry: { baseDelayMs: 5, maxDelayMs: 50 } });
  const client = makeClient(CANARY);
  t.teardown(() => client.close());
  const onProgress = (event: ProgressEvent) => events.push(event);
  const checkpointDir = join(dir, 'checkpoints');
  const run = (jobName: string, input: string, extra: Partial<Parameters<typeof cleanse>[0]> = {}) =>
    cleanse({ client, workflow: 'Identity', jobName, inputs: { Input: input }, outputs: { Output: join(dir, `${jobName}.out.csv`) }, checkpointDir, onProgress, ...extra });

  const good = join(dir, 'good.csv');
  await writeAwkwardCsv(good, 3_000);
  const result = await run('good', good);
  const refused = join(dir, 'refused.csv');
  await writeFile(refused, 'Name,Joined\nAnn,2024-01-01\nBob,2024-03-31T14:05:00+0100\n');
  const ragged = join(dir, 'ragged.csv');
  await writeFile(ragged, 'a,b\n1,2\n3\n');
  emulator.jobs.script({ job: 'failing', error: `Address file unavailable (${CANARY_ID})` });
  const aborter = new AbortController();

  const errors: Error[] = [
    await failure(run('failing', good)),
    await failure(run('refused', refused, { inputs: { Input: { source: refused, read: { columns: { Joined: 'DateTime' } } } } })),
    await failure(run('ragged', ragged)),
    await failure(run('aborted', good, { signal: aborter.signal, onProgress: (event) => event.phase === 'upload' && aborter.abort() })),
    await failure(pipeline(Readable.from([{ a: 'x' }]), new BlockUploader({ client, dataset: 'missing' }))),
    await failure((async () => {
      for await (const _record of new DatasetReader({ client, dataset: 'missing' })) break;
    })()),
    await failure(new JobWaiter({ client, job: 'missing' }).wait()),
    await failure(makeClient(WRONG).datasets.get('any')),
  ];
  t.deepEqual(errors.map((error) => error.name), [
    'JobFailedError', 'RecordRejectedError', 'InputError', 'AbortError', 'NotFoundError', 'NotFoundError', 'NotFoundError', 'AuthenticationError',
  ]);

  const forbidden = [CANARY, WRONG, basic(CANARY), basic(WRONG), encodeURIComponent(CANARY), ...proxy.tokens];
  t.true(proxy.tokens.size >= 2, `tokens were issued and renewed (${String(proxy.tokens.size)})`);
  t.true(client.stats().retries > 0, 'the faults made the client retry and log it');
  t.deepEqual(secretsIn({ planted: [...proxy.tokens][0] }, forbidden).length, 1, 'the search finds a token where there is one');

  for (const [index, error] of errors.entries()) t.deepEqual(secretsIn(error, forbidden), [], `error #${String(index)} ${error.name}: ${error.message}`);
  t.log(`${String(logs.length)} log entries, ${String(events.length)} progress events, ${String(proxy.tokens.size)} tokens, ${String(client.stats().retries)} retries`);
  t.true(logs.some((entry) => entry.event === 'retry') && logs.some((entry) => entry.event === 'token'));
  for (const entry of logs) t.deepEqual(secretsIn(entry, forbidden), [], JSON.stringify(entry));
  t.true(events.length > 10);
  t.deepEqual(secretsIn(events, forbidden), []);
  t.deepEqual(secretsIn(result, forbidden), []);
  t.deepEqual(await secretsInFiles(dir, forbidden), [], 'outputs and checkpoints');
});
