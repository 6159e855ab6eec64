import test from 'ava';
import { withEmulator } from '../helpers/emulator.js';

interface Credential {
  clientId: string;
  description: string;
  secrets: { clientSecretId: number; expires: string; description: string }[] | null;
}

function fieldErrors(json: unknown): Record<string, string[]> {
  return (json as { errors?: Record<string, string[]> }).errors ?? {};
}

test('create, read, list, update and delete a client credential', withEmulator, async (t, emu) => {
  const created = await emu.api('POST', '/ClientCredential', { clientId: 'ignored', description: 'nightly job' });
  t.is(created.status, 201);
  const credential = created.json as Credential;
  t.not(credential.clientId, 'ignored', 'the server generates the client id');
  t.deepEqual(credential.secrets, []);
  t.is(created.headers.get('location'), `/ClientCredential/${credential.clientId}`);

  const list = (await emu.api('GET', '/ClientCredential')).json as Credential[];
  t.deepEqual(
    list.map((entry) => [entry.clientId, entry.secrets]),
    [
      ['local-client', null],
      [credential.clientId, null],
    ],
  );

  t.is((await emu.api('PUT', `/ClientCredential/${credential.clientId}`, { description: 'renamed' })).status, 204);
  const read = await emu.api('GET', `/ClientCredential/${credential.clientId}`);
  t.is(read.status, 200);
  t.deepEqual(read.json, { clientId: credential.clientId, description: 'renamed', secrets: [] });

  t.is((await emu.api('DELETE', `/ClientCredential/${credential.clientId}`)).status, 204);
  t.is((await emu.api('GET', `/ClientCredential/${credential.clientId}`)).status, 404);
  t.is((await emu.api('DELETE', `/ClientCredential/${credential.clientId}`)).status, 404);
  t.is((await emu.api('PUT', `/ClientCredential/${credential.clientId}`, { description: 'x' })).status, 404);
});

test('client credential bodies are validated and name the field', withEmulator, async (t, emu) => {
  const noDescription = await emu.api('POST', '/ClientCredential', {});
  t.is(noDescription.status, 400);
  t.deepEqual(Object.keys(fieldErrors(noDescription.json)), ['description']);

  const withSecrets = await emu.api('POST', '/ClientCredential', { description: 'x', secrets: [{ clientSecretId: 1 }] });
  t.is(withSecrets.status, 400);
  t.deepEqual(Object.keys(fieldErrors(withSecrets.json)), ['secrets']);

  const wrongType = await emu.api('PUT', '/ClientCredential/local-client', { description: 42 });
  t.is(wrongType.status, 400);
  t.deepEqual(Object.keys(fieldErrors(wrongType.json)), ['description']);
});

test('secrets: generated once, listed without values, updated and deleted', withEmulator, async (t, emu) => {
  const { clientId } = (await emu.api('POST', '/ClientCredential', { description: 'c' })).json as Credential;
  const base = `/ClientCredential/${clientId}/secrets`;

  const created = await emu.api('POST', base, { expires: '2030-05-01T12:00:00Z', description: 'first' });
  t.is(created.status, 201);
  const secret = created.json as { clientSecretId: number; expires: string; description: string; generatedSecret: string };
  t.true(secret.generatedSecret.length >= 32);
  t.is(secret.expires, '2030-05-01T12:00:00.000Z');
  t.is(created.headers.get('location'), `${base}/${secret.clientSecretId}`);

  const listed = await emu.api('GET', base);
  t.deepEqual(listed.json, [{ clientSecretId: secret.clientSecretId, expires: '2030-05-01T12:00:00.000Z', description: 'first' }]);
  t.false(listed.text.includes(secret.generatedSecret), 'the value is never shown again');
  const one = await emu.api('GET', `${base}/${secret.clientSecretId}`);
  t.false(one.text.includes(secret.generatedSecret));
  t.false((await emu.api('GET', `/ClientCredential/${clientId}`)).text.includes(secret.generatedSecret));

  t.is((await emu.api('PUT', `${base}/${secret.clientSecretId}`, { description: 'renamed' })).status, 204);
  t.deepEqual((await emu.api('GET', `${base}/${secret.clientSecretId}`)).json, {
    clientSecretId: secret.clientSecretId,
    expires: '2030-05-01T12:00:00.000Z',
    description: 'renamed',
  });
  t.is((await emu.api('PUT', `${base}/${secret.clientSecretId}`, { expires: '2031-01-01T00:00:00Z' })).status, 204);
  t.is(((await emu.api('GET', `${base}/${secret.clientSecretId}`)).json as { expires: string }).expires, '2031-01-01T00:00:00.000Z');

  const second = (await emu.api('POST', base, { expires: '2030-01-01T00:00:00Z', description: 'second' })).json as { clientSecretId: number };
  t.not(second.clientSecretId, secret.clientSecretId);

  t.is((await emu.api('DELETE', `${base}/${secret.clientSecretId}`)).status, 204);
  t.is((await emu.api('GET', `${base}/${secret.clientSecretId}`)).status, 404);
  t.is((await emu.api('DELETE', `${base}/${secret.clientSecretId}`)).status, 404);
  t.is((await emu.api('PUT', `${base}/${secret.clientSecretId}`, { description: 'x' })).status, 404);
  t.deepEqual(((await emu.api('GET', base)).json as { clientSecretId: number }[]).map((s) => s.clientSecretId), [second.clientSecretId]);
});

test('secret failures: bad bodies are 400 naming the field, unknown credentials 404', withEmulator, async (t, emu) => {
  const base = '/ClientCredential/local-client/secrets';
  const noExpiry = await emu.api('POST', base, { description: 'x' });
  t.is(noExpiry.status, 400);
  t.deepEqual(Object.keys(fieldErrors(noExpiry.json)), ['expires']);
  const badDate = await emu.api('POST', base, { expires: 'next tuesday' });
  t.is(badDate.status, 400);
  t.deepEqual(Object.keys(fieldErrors(badDate.json)), ['expires']);
  const badUpdate = await emu.api('PUT', `${base}/1`, { expires: 12 });
  t.is(badUpdate.status, 400);
  t.is((await emu.api('GET', `${base}/not-a-number`)).status, 400);

  for (const [method, path, body] of [
    ['GET', '/ClientCredential/nobody/secrets', undefined],
    ['POST', '/ClientCredential/nobody/secrets', { expires: '2030-01-01T00:00:00Z' }],
    ['GET', '/ClientCredential/nobody/secrets/1', undefined],
    ['PUT', '/ClientCredential/nobody/secrets/1', { description: 'x' }],
    ['DELETE', '/ClientCredential/nobody/secrets/1', undefined],
    ['GET', `${base}/999`, undefined],
  ] as const) {
    const response = await emu.api(method, path, body);
    t.is(response.status, 404, `${method} ${path}`);
    t.is(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  }
});
