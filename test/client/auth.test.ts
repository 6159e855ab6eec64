import { setTimeout as delay } from 'node:timers/promises';
import test from 'ava';
import { AuthenticationError, ForbiddenError } from '../../lib/index.js';
import type { EmulatorFixture } from '../helpers/emulator.js';
import { withClient, withClientOptions } from './fixture.js';

const tokenRequests = (emu: EmulatorFixture): number =>
  emu.emulator.journal().filter((entry) => entry.method === 'POST' && entry.path === '/connect/token').length;

test('fifty concurrent calls share one token request', withClient, async (t, { client, emu }) => {
  await Promise.all(Array.from({ length: 50 }, (_, index) => t.throwsAsync(client.datasets.get(`missing_${index}`))));
  t.is(tokenRequests(emu), 1);
  t.is(client.stats().tokenRequests, 1);
  t.is(client.stats().byStatus[404], 50);
});

test('an expired token is renewed once for fifty waiting calls', withClientOptions({}, { tokenTtlSeconds: 1 }), async (t, { client, emu }) => {
  await client.datasets.create({ name: 'people', columns: { a: 0 } });
  t.is(tokenRequests(emu), 1);
  // The token came before the create was answered: one lifetime (1 s) after that, it has expired.
  const expiredAfter = Date.now() + 1000;
  while (Date.now() <= expiredAfter) await delay(expiredAfter - Date.now() + 1);
  const since = emu.emulator.journal().at(-1)?.seq ?? 0;
  const datasets = await Promise.all(Array.from({ length: 50 }, () => client.datasets.get('people')));
  t.is(datasets.length, 50);
  // Asserted on the order of requests, not on time: how many more renewals the fifty calls need
  // depends on how long they take against a one-second token.
  const after = emu.emulator.journal(since).map((entry) => (entry.path === '/connect/token' ? 'token' : `${entry.method} ${String(entry.status)}`));
  t.is(after[0], 'token', 'renewed before the stale token was sent: never refused for it');
  t.is(after.indexOf('GET 200'), 1, 'one renewal, and all fifty calls waited for it');
});

test('a token the API refuses is replaced once, however many calls met the refusal', withClient, async (t, { client, emu }) => {
  await client.datasets.create({ name: 'people', columns: { a: 0 } });
  await emu.emulator.reset(); // every token issued so far is refused from now on
  const results = await Promise.allSettled(Array.from({ length: 20 }, (_, index) => client.datasets.get(`missing_${index}`)));
  t.true(results.every((result) => result.status === 'rejected' && (result.reason as Error).name === 'NotFoundError'));
  t.is(tokenRequests(emu), 1, 'one token request since the reset (which empties the journal)');
  t.is(client.stats().tokenRequests, 2);
  const { reauthentications, byStatus } = client.stats();
  t.is(byStatus[401], reauthentications, 'each refusal was followed by one try with the new token');
  t.true(reauthentications >= 1 && reauthentications <= 16, 'only calls already in flight (maxConcurrent, 16, at most) met the refusal');
});

test('a 401 after re-authentication is final: AuthenticationError, no retry', withClient, async (t, { client, emu }) => {
  emu.emulator.faults.plan({ method: 'GET', path: '/Dataset/*', times: 2, fault: { status: 401 } });
  const error = await t.throwsAsync(client.datasets.get('people'), { instanceOf: AuthenticationError });
  t.is(error.error, 'invalid_token');
  t.is(error.status, 401);
  t.regex(error.message, /^GET \/Dataset\/people failed: 401 .*the API refused a freshly issued token/);
  t.is(client.stats().requests, 2);
  t.is(client.stats().retries, 0);
  t.is(tokenRequests(emu), 2);
});

test('wrong credentials are an AuthenticationError with the server\'s error code, never retried', withClient, async (t, { makeClient, emu }) => {
  const client = makeClient({ clientSecret: 'not-the-secret' });
  const error = await t.throwsAsync(client.datasets.get('people'), { instanceOf: AuthenticationError });
  t.is(error.error, 'invalid_client');
  t.is(error.status, 401);
  t.is(tokenRequests(emu), 1);
  t.is(client.stats().requests, 0, 'the API was never called');
});

test('client_secret_post authenticates too', withClient, async (t, { makeClient }) => {
  const client = makeClient({ tokenEndpointAuthMethod: 'client_secret_post' });
  t.true((await client.clientCredentials.list()).length > 0);
});

test('scopes: one not granted is invalid_scope; a token without BatchApi gets 403', withClientOptions({}, {
  accounts: [{ name: 'narrow', clientId: 'narrow-client', clientSecret: 'narrow-secret', scopes: ['Other'] }],
}), async (t, { makeClient }) => {
  const refused = await t.throwsAsync(makeClient({ clientId: 'narrow-client', clientSecret: 'narrow-secret' }).datasets.get('x'), { instanceOf: AuthenticationError });
  t.is(refused.error, 'invalid_scope');
  const forbidden = await t.throwsAsync(makeClient({ clientId: 'narrow-client', clientSecret: 'narrow-secret', scope: 'Other' }).datasets.get('x'), { instanceOf: ForbiddenError });
  t.is(forbidden.status, 403);
});
