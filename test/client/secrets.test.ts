/**
 * A canary secret, and every token the client holds, must be absent from every error it
 * throws (message, fields, cause chain, hidden properties) and from every log entry.
 */
import { inspect } from 'node:util';
import test from 'ava';
import { Data8Error, type Data8Client } from '../../lib/index.js';
import { withClientOptions } from './fixture.js';

const CANARY_ID = 'canary-client';
const CANARY = 'CANARY-s3cr3t-7f3a9c';
const WRONG_CANARY = 'WRONG-CANARY-s3cr3t-b81e';
const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
const FORBIDDEN = [
  CANARY,
  WRONG_CANARY,
  Buffer.from(`${CANARY_ID}:${formEncode(CANARY)}`).toString('base64'),
  Buffer.from(`${CANARY_ID}:${formEncode(WRONG_CANARY)}`).toString('base64'),
  'd8e.', // every emulator access token starts so
];

/** Every string reachable from `value`: own properties (hidden ones too), prototypes' getters, causes, nested objects. */
function reachableText(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || seen.has(value)) return typeof value === 'function' ? [] : [String(value)];
  seen.add(value);
  const texts: string[] = [];
  for (const key of Reflect.ownKeys(value)) {
    texts.push(String(key));
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor !== undefined && 'value' in descriptor) texts.push(...reachableText(descriptor.value, seen));
  }
  if (value instanceof Error) texts.push(value.message, value.stack ?? '', ...reachableText(value.cause, seen));
  if (value instanceof Data8Error && 'fieldErrors' in value) texts.push(...reachableText((value as { fieldErrors: unknown }).fieldErrors, seen));
  return texts;
}

function leaks(value: unknown): string[] {
  const text = [
    inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true }),
    JSON.stringify(value),
    ...reachableText(value),
  ].join('\n');
  return FORBIDDEN.filter((secret) => text.includes(secret));
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

test('no secret or token in any error or log line', withClientOptions(
  { clientId: CANARY_ID, clientSecret: CANARY, timeouts: { responseMs: 200 }, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } },
  { accounts: [{ name: 'canary', clientId: CANARY_ID, clientSecret: CANARY }] },
), async (t, { client, emu, logs, makeClient }) => {
  const plan = emu.emulator.faults.plan.bind(emu.emulator.faults);
  const errors: unknown[] = [];
  const collect = async (call: Promise<unknown>): Promise<void> => {
    errors.push(await failure(call));
  };
  await client.datasets.create({ name: 'people', columns: { a: 0 } });
  await collect(client.datasets.create({ name: 'Bad Name', columns: { a: 0 } }));
  await collect(client.datasets.create({ name: 'people', columns: { a: 0 } }));
  await collect(client.datasets.get('missing'));
  await collect(client.datasets.uploadBlock('people', 0, [{ a: 1 }]));
  plan({ method: 'GET', path: '/Job/*', times: 2, fault: { status: 401 } });
  await collect(client.jobs.get('x'));
  plan({ method: 'GET', path: '/Job/*', times: 2, fault: { status: 429, retryAfterSeconds: 0 } });
  await collect(client.jobs.get('x'));
  plan({ method: 'GET', path: '/Job/*', times: 2, fault: { status: 500 } });
  await collect(client.jobs.get('x'));
  plan({ method: 'GET', path: '/Job/*', times: 2, fault: { drop: 'before' } });
  await collect(client.jobs.get('x'));
  plan({ method: 'GET', path: '/Job/*', times: 2, fault: { latencyMs: 1000 } });
  await collect(client.jobs.get('x'));
  await collect(client.jobs.get('x', { signal: AbortSignal.abort() }));
  await emu.emulator.reset(); // the client's token is now refused: 401, re-authentication
  await collect(client.jobs.get('x'));
  const wrong: Data8Client = makeClient({ clientId: CANARY_ID, clientSecret: WRONG_CANARY });
  await collect(wrong.datasets.get('x'));
  const closed = makeClient();
  await closed.close();
  await collect(closed.datasets.get('x'));
  const unreachable = makeClient({ apiUrl: 'http://127.0.0.1:1', authUrl: 'http://127.0.0.1:1' });
  await collect(unreachable.datasets.get('x'));

  t.deepEqual(
    errors.map((error) => (error as Error).name),
    ['ValidationError', 'ConflictError', 'NotFoundError', 'ValidationError', 'AuthenticationError', 'RateLimitError', 'ApiError',
      'NetworkError', 'TimeoutError', 'AbortError', 'NotFoundError', 'AuthenticationError', 'Data8Error', 'NetworkError'],
  );
  for (const [index, error] of errors.entries()) t.deepEqual(leaks(error), [], `error #${index} (${(error as Error).name}) leaks`);
  t.true(logs.length > 20);
  for (const entry of logs) t.deepEqual(leaks(entry), [], `log entry ${JSON.stringify(entry)}`);
  t.is(FORBIDDEN.length, leaks({ text: FORBIDDEN.join(' ') }).length, 'the check finds a planted secret');
});
