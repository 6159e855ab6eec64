import test from 'ava';
import { withEmulator, type EmulatorFixture } from '../helpers/emulator.js';

interface ApiKey {
  key: string;
  description: string;
  username: string;
  expiresOn: string | null;
  maxRequestsPerIPPerDay: number;
  allowedDomains: string[];
  allowedIPs: string[];
  allowedServices: string[];
}

async function newKey(emu: EmulatorFixture, body: object = { description: 'k' }): Promise<ApiKey> {
  return (await emu.api('POST', '/ApiKey', body)).json as ApiKey;
}

test('create (generated or given key), read, list, update and delete an API key', withEmulator, async (t, emu) => {
  const generated = await emu.api('POST', '/ApiKey', { description: 'web', username: 'ann', maxRequestsPerIPPerDay: 50, isClientKey: true });
  t.is(generated.status, 201);
  const key = generated.json as ApiKey;
  t.regex(key.key, /^[A-Z0-9-]{20,}$/);
  t.deepEqual(key, {
    key: key.key,
    description: 'web',
    username: 'ann',
    expiresOn: null,
    maxRequestsPerIPPerDay: 50,
    allowedDomains: [],
    allowedIPs: [],
    allowedServices: [],
  });
  t.false('isClientKey' in key, 'isClientKey is input only');
  t.is(generated.headers.get('location'), `/ApiKey/${key.key}`);

  const given = await emu.api('POST', '/ApiKey', { key: 'my-key_1', expiresOn: '2030-01-01T00:00:00Z' });
  t.is(given.status, 201);
  t.is((given.json as ApiKey).expiresOn, '2030-01-01T00:00:00.000Z');
  t.is((await emu.api('POST', '/ApiKey', { key: 'my-key_1' })).status, 409);

  t.deepEqual(((await emu.api('GET', '/ApiKey')).json as ApiKey[]).map((k) => k.key), [key.key, 'my-key_1']);

  t.is((await emu.api('PUT', '/ApiKey/my-key_1', { description: 'server', expiresOn: null })).status, 204);
  const read = (await emu.api('GET', '/ApiKey/my-key_1')).json as ApiKey;
  t.is(read.description, 'server');
  t.is(read.expiresOn, null);

  t.is((await emu.api('DELETE', '/ApiKey/my-key_1')).status, 204);
  t.is((await emu.api('GET', '/ApiKey/my-key_1')).status, 404);
  t.is((await emu.api('PUT', '/ApiKey/my-key_1', { description: 'x' })).status, 404);
  t.is((await emu.api('DELETE', '/ApiKey/my-key_1')).status, 404);
});

test('API key bodies are validated and name the field', withEmulator, async (t, emu) => {
  const cases: [object, string][] = [
    [{ key: 'has space' }, 'key'],
    [{ maxRequestsPerIPPerDay: -1 }, 'maxRequestsPerIPPerDay'],
    [{ maxRequestsPerIPPerDay: '5' }, 'maxRequestsPerIPPerDay'],
    [{ expiresOn: 'soon' }, 'expiresOn'],
    [{ isClientKey: 'yes' }, 'isClientKey'],
  ];
  for (const [body, field] of cases) {
    const response = await emu.api('POST', '/ApiKey', body);
    t.is(response.status, 400, JSON.stringify(body));
    t.deepEqual(Object.keys((response.json as { errors: object }).errors), [field]);
  }
  const { key } = await newKey(emu);
  const rename = await emu.api('PUT', `/ApiKey/${key}`, { key: 'other' });
  t.is(rename.status, 400);
  t.deepEqual(Object.keys((rename.json as { errors: object }).errors), ['key']);
});

test('allowed domains: normalised, no duplicates, 404 removing an absent one, 400 for non-domains', withEmulator, async (t, emu) => {
  const { key } = await newKey(emu);
  const base = `/ApiKey/${key}/allowedDomains`;
  t.deepEqual((await emu.api('GET', base)).json, []);
  t.is((await emu.api('PUT', `${base}/Example.COM`)).status, 204);
  t.is((await emu.api('PUT', `${base}/example.com`)).status, 204);
  t.is((await emu.api('PUT', `${base}/*.shop.example.org`)).status, 204);
  t.is((await emu.api('PUT', `${base}/${encodeURIComponent('bücher.de')}`)).status, 204);
  t.deepEqual((await emu.api('GET', base)).json, ['example.com', '*.shop.example.org', 'xn--bcher-kva.de']);
  for (const bad of ['-bad.com', 'a..b', '1.2.3.4', 'exa mple.com']) {
    const response = await emu.api('PUT', `${base}/${encodeURIComponent(bad)}`);
    t.is(response.status, 400, bad);
    t.deepEqual(Object.keys((response.json as { errors: object }).errors), ['domain']);
  }
  t.is((await emu.api('DELETE', `${base}/EXAMPLE.com`)).status, 204);
  t.is((await emu.api('DELETE', `${base}/example.com`)).status, 404);
  t.deepEqual((await emu.api('GET', base)).json, ['*.shop.example.org', 'xn--bcher-kva.de']);
  t.deepEqual(((await emu.api('GET', `/ApiKey/${key}`)).json as ApiKey).allowedDomains, ['*.shop.example.org', 'xn--bcher-kva.de']);
});

test('allowed IPs: IPv4 and IPv6 CIDR normalised, added by POST or PUT, removed by DELETE', withEmulator, async (t, emu) => {
  const { key } = await newKey(emu);
  const base = `/ApiKey/${key}/allowedIPs`;
  t.is((await emu.api('POST', base, '123.45.6.7/24')).status, 204);
  t.is((await emu.api('POST', base, '123.45.6.0/24')).status, 204, 'the same network again keeps one');
  t.is((await emu.api('POST', base, '10.0.0.1')).status, 204);
  t.is((await emu.api('PUT', `${base}/2001:DB8:0:1:ab::5/64`)).status, 204);
  t.is((await emu.api('PUT', `${base}/${encodeURIComponent('192.168.1.77/16')}`)).status, 204);
  t.deepEqual((await emu.api('GET', base)).json, ['123.45.6.0/24', '10.0.0.1/32', '2001:db8:0:1::/64', '192.168.0.0/16']);

  for (const [method, path, body] of [
    ['POST', base, 'not an address'],
    ['POST', base, '1.2.3.4/33'],
    ['POST', base, '2001:db8::/129'],
    ['PUT', `${base}/300.1.1.1/8`, undefined],
    ['PUT', `${base}/10.0.0.0/x`, undefined],
  ] as const) {
    const response = await emu.api(method, path, body);
    t.is(response.status, 400, `${method} ${path} ${body ?? ''}`);
  }
  t.is((await emu.api('POST', base, { network: '1.2.3.4' })).status, 400, 'the body is a JSON string');

  t.is((await emu.api('DELETE', `${base}/123.45.6.99/24`)).status, 204, 'removal matches the normalised network');
  t.is((await emu.api('DELETE', `${base}/123.45.6.0/24`)).status, 404);
  t.is((await emu.api('DELETE', `${base}/2001:db8:0:1::/64`)).status, 204);
  t.deepEqual((await emu.api('GET', base)).json, ['10.0.0.1/32', '192.168.0.0/16']);
});

test('allowed services: no duplicates, 404 removing an absent one', withEmulator, async (t, emu) => {
  const { key } = await newKey(emu);
  const base = `/ApiKey/${key}/allowedServices`;
  t.is((await emu.api('PUT', `${base}/EmailValidation`)).status, 204);
  t.is((await emu.api('PUT', `${base}/EmailValidation`)).status, 204);
  t.is((await emu.api('PUT', `${base}/PhoneValidation`)).status, 204);
  t.deepEqual((await emu.api('GET', base)).json, ['EmailValidation', 'PhoneValidation']);
  t.is((await emu.api('PUT', `${base}/${encodeURIComponent('bad name')}`)).status, 400);
  t.is((await emu.api('DELETE', `${base}/EmailValidation`)).status, 204);
  t.is((await emu.api('DELETE', `${base}/EmailValidation`)).status, 404);
  t.deepEqual((await emu.api('GET', base)).json, ['PhoneValidation']);
});

test('list calls on an unknown key are 404', withEmulator, async (t, emu) => {
  for (const [method, path] of [
    ['GET', '/ApiKey/NOPE/allowedDomains'],
    ['PUT', '/ApiKey/NOPE/allowedDomains/example.com'],
    ['DELETE', '/ApiKey/NOPE/allowedDomains/example.com'],
    ['GET', '/ApiKey/NOPE/allowedIPs'],
    ['PUT', '/ApiKey/NOPE/allowedIPs/10.0.0.0/8'],
    ['DELETE', '/ApiKey/NOPE/allowedIPs/10.0.0.0/8'],
    ['GET', '/ApiKey/NOPE/allowedServices'],
    ['PUT', '/ApiKey/NOPE/allowedServices/X'],
    ['DELETE', '/ApiKey/NOPE/allowedServices/X'],
  ] as const) {
    t.is((await emu.api(method, path)).status, 404, `${method} ${path}`);
  }
  t.is((await emu.api('POST', '/ApiKey/NOPE/allowedIPs', '10.0.0.0/8')).status, 404);
});
