import { setTimeout as delay } from 'node:timers/promises';
import test from 'ava';
import { startEmulator } from '../../lib/emulator/index.js';
import { fixtureFor, withEmulator, withEmulatorOptions, type EmulatorFixture } from '../helpers/emulator.js';

const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

const grant = { grant_type: 'client_credentials' };

function oauthError(response: { json: unknown }): string | undefined {
  return (response.json as { error?: string } | undefined)?.error;
}

/** A credential with a fresh secret, made through the API. */
async function newCredential(emu: EmulatorFixture, expires = '2099-01-01T00:00:00Z') {
  const credential = (await emu.api('POST', '/ClientCredential', { description: 'ci' })).json as { clientId: string };
  const secret = (await emu.api('POST', `/ClientCredential/${credential.clientId}/secrets`, { expires, description: 's' })).json as {
    clientSecretId: number;
    generatedSecret: string;
  };
  return { clientId: credential.clientId, secretId: secret.clientSecretId, secret: secret.generatedSecret };
}

test('discovery names the emulator as issuer and its token endpoint', withEmulator, async (t, emu) => {
  const response = await fetch(`${emu.url}/.well-known/openid-configuration`);
  t.is(response.status, 200);
  const doc = (await response.json()) as Record<string, unknown>;
  t.is(doc.issuer, emu.url);
  t.is(doc.token_endpoint, `${emu.url}/connect/token`);
  t.deepEqual(doc.grant_types_supported, ['client_credentials']);
  t.true((doc.scopes_supported as string[]).includes('BatchApi'));
  t.deepEqual(doc.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post']);
});

test('client_secret_post issues a bearer token the API accepts', withEmulator, async (t, emu) => {
  const response = await emu.tokenRequest({ ...grant, scope: 'BatchApi', client_id: 'local-client', client_secret: 'local-secret' });
  t.is(response.status, 200);
  t.is(response.headers.get('cache-control'), 'no-store');
  const body = response.json as { access_token: string; token_type: string; expires_in: number; scope: string };
  t.is(body.token_type, 'Bearer');
  t.is(body.expires_in, 3600);
  t.is(body.scope, 'BatchApi');
  t.is((await emu.api('GET', '/ClientCredential', undefined, { token: body.access_token })).status, 200);
});

test('client_secret_basic decodes form-urlencoded credentials', withEmulator, async (t, emu) => {
  const odd = { clientId: 'id:with spaces+and%', secret: 'sécret:+/= &x' };
  await emu.emulator.seed({ accounts: [{ name: 'odd', clientId: odd.clientId, clientSecret: odd.secret }] });
  const response = await emu.tokenRequest(grant, { headers: { authorization: basic(odd.clientId, odd.secret) } });
  t.is(response.status, 200, response.text);
  // A client that does not form-encode ('+' stays '+' and decodes as a space) is refused.
  const raw = `Basic ${Buffer.from(`${odd.clientId}:${odd.secret}`).toString('base64')}`;
  const refused = await emu.tokenRequest(grant, { headers: { authorization: raw } });
  t.is(refused.status, 401);
});

test('using Basic and client_secret together is invalid_request', withEmulator, async (t, emu) => {
  const response = await emu.tokenRequest(
    { ...grant, client_id: 'local-client', client_secret: 'local-secret' },
    { headers: { authorization: basic('local-client', 'local-secret') } },
  );
  t.is(response.status, 400);
  t.is(oauthError(response), 'invalid_request');
});

test('RFC 6749 errors: each failure has its code and status', withEmulator, async (t, emu) => {
  const post = { client_id: 'local-client', client_secret: 'local-secret' };
  const cases: [string, Promise<{ status: number; json: unknown; headers: Headers }>, number, string][] = [
    ['missing grant_type', emu.tokenRequest(post), 400, 'invalid_request'],
    ['repeated parameter', emu.tokenRequest({}).then(() => rawForm(emu, 'grant_type=client_credentials&grant_type=client_credentials&client_id=local-client&client_secret=local-secret')), 400, 'invalid_request'],
    ['unsupported grant', emu.tokenRequest({ ...post, grant_type: 'password' }), 400, 'unsupported_grant_type'],
    ['unknown scope', emu.tokenRequest({ ...post, ...grant, scope: 'Admin' }), 400, 'invalid_scope'],
    ['unknown client', emu.tokenRequest({ ...grant, client_id: 'nobody', client_secret: 'x' }), 401, 'invalid_client'],
    ['wrong secret', emu.tokenRequest({ ...grant, client_id: 'local-client', client_secret: 'wrong' }), 401, 'invalid_client'],
    ['no client authentication', emu.tokenRequest(grant), 401, 'invalid_client'],
    ['JSON instead of a form', jsonToken(emu), 400, 'invalid_request'],
  ];
  for (const [name, pending, status, error] of cases) {
    const response = await pending;
    t.is(response.status, status, name);
    t.is(oauthError(response), error, name);
  }
  const basicFailure = await emu.tokenRequest(grant, { headers: { authorization: basic('local-client', 'wrong') } });
  t.is(basicFailure.status, 401);
  t.regex(basicFailure.headers.get('www-authenticate') ?? '', /^Basic /);
});

async function rawForm(emu: EmulatorFixture, body: string) {
  const response = await fetch(`${emu.url}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

async function jsonToken(emu: EmulatorFixture) {
  const response = await fetch(`${emu.url}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...grant, client_id: 'local-client', client_secret: 'local-secret' }),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

test('a credential made through the API gets tokens until its secret or itself is deleted', withEmulator, async (t, emu) => {
  const made = await newCredential(emu);
  const form = { ...grant, client_id: made.clientId, client_secret: made.secret };
  const first = await emu.tokenRequest(form);
  t.is(first.status, 200);
  const token = (first.json as { access_token: string }).access_token;
  t.is((await emu.api('GET', '/ApiKey', undefined, { token })).status, 200);

  t.is((await emu.api('DELETE', `/ClientCredential/${made.clientId}/secrets/${made.secretId}`)).status, 204);
  t.is(oauthError(await emu.tokenRequest(form)), 'invalid_client');

  t.is((await emu.api('DELETE', `/ClientCredential/${made.clientId}`)).status, 204);
  const revoked = await emu.api('GET', '/ApiKey', undefined, { token });
  t.is(revoked.status, 401, 'tokens of a deleted credential are refused');
});

test('an expired secret gets no token', withEmulator, async (t, emu) => {
  const made = await newCredential(emu, '2001-01-01T00:00:00Z');
  const response = await emu.tokenRequest({ ...grant, client_id: made.clientId, client_secret: made.secret });
  t.is(response.status, 401);
  t.is(oauthError(response), 'invalid_client');
});

test('tokens expire after tokenTtlSeconds', withEmulatorOptions({ tokenTtlSeconds: 1 }), async (t, emu) => {
  const issued = await emu.tokenRequest({ ...grant, client_id: 'local-client', client_secret: 'local-secret' });
  // The lifetime runs from before the answer arrived: once it has passed since then, it has passed.
  const answeredAt = Date.now();
  const { access_token: token, expires_in: expiresIn } = issued.json as { access_token: string; expires_in: number };
  t.is(expiresIn, 1, 'the lifetime announced is the one configured');
  while (Date.now() <= answeredAt + expiresIn * 1000) await delay(answeredAt + expiresIn * 1000 - Date.now() + 1);
  const expired = await emu.api('GET', '/ApiKey', undefined, { token });
  t.is(expired.status, 401);
  t.regex(expired.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token", error_description="The access token expired\."/);
  t.like(expired.json, { detail: 'The access token expired.' });
  // Not the account or the credential: a token issued now, with a lifetime left, is taken.
  t.is((await emu.api('GET', '/ApiKey', undefined, { token: emu.emulator.issueToken({ ttlSeconds: 3600 }) })).status, 200);
});

test(
  'a token without the BatchApi scope is refused with 403',
  withEmulatorOptions({ accounts: [{ name: 'reader', clientId: 'reader', clientSecret: 'reader-secret', scopes: ['Reports'] }] }),
  async (t, emu) => {
    const token = await emu.getToken({ clientId: 'reader', clientSecret: 'reader-secret' });
    const response = await emu.api('GET', '/ClientCredential', undefined, { token });
    t.is(response.status, 403);
    t.is(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const denied = await emu.tokenRequest({ ...grant, scope: 'BatchApi', client_id: 'reader', client_secret: 'reader-secret' });
    t.is(oauthError(denied), 'invalid_scope');
  },
);

test('missing, malformed and foreign tokens get 401 invalid_token', withEmulator, async (t, emu) => {
  const other = await startEmulator();
  try {
    const foreign = await fixtureFor(other).getToken();
    for (const token of [null, 'not-a-token', foreign, `${foreign.slice(0, -2)}xx`]) {
      const response = await emu.api('GET', '/ClientCredential', undefined, { token });
      t.is(response.status, 401);
      t.regex(response.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/);
      t.is((response.json as { status: number }).status, 401);
    }
    const wrongScheme = await emu.api('GET', '/ClientCredential', undefined, { token: null, headers: { authorization: 'Basic abc' } });
    t.is(wrongScheme.status, 401);
  } finally {
    await other.close();
  }
});
