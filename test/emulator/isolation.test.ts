import test from 'ava';
import { withEmulatorOptions } from '../helpers/emulator.js';

const twoAccounts = withEmulatorOptions({
  accounts: [{ name: 'other', clientId: 'other-client', clientSecret: 'other-secret' }],
});

test('another account sees none of the administration resources of the first', twoAccounts, async (t, emu) => {
  // Account A (default) owns a credential with a secret and a key with one entry in each list.
  const { clientId } = (await emu.api('POST', '/ClientCredential', { description: 'description-of-a' })).json as { clientId: string };
  const { clientSecretId } = (await emu.api('POST', `/ClientCredential/${clientId}/secrets`, { expires: '2099-01-01T00:00:00Z' })).json as {
    clientSecretId: number;
  };
  const { key } = (await emu.api('POST', '/ApiKey', { description: 'description-of-a key' })).json as { key: string };
  await emu.api('PUT', `/ApiKey/${key}/allowedDomains/example.com`);
  await emu.api('POST', `/ApiKey/${key}/allowedIPs`, '10.0.0.0/8');
  await emu.api('PUT', `/ApiKey/${key}/allowedServices/Email`);

  const token = await emu.getToken({ clientId: 'other-client', clientSecret: 'other-secret' });
  const asOther = (method: string, path: string, body?: unknown) => emu.api(method, path, body, { token });

  const credentials = await asOther('GET', '/ClientCredential');
  t.deepEqual((credentials.json as { clientId: string }[]).map((c) => c.clientId), ['other-client']);
  t.deepEqual((await asOther('GET', '/ApiKey')).json, []);

  const secretPath = `/ClientCredential/${clientId}/secrets/${clientSecretId}`;
  const foreign: [string, string, unknown?][] = [
    ['GET', `/ClientCredential/${clientId}`],
    ['PUT', `/ClientCredential/${clientId}`, { description: 'stolen' }],
    ['GET', `/ClientCredential/${clientId}/secrets`],
    ['POST', `/ClientCredential/${clientId}/secrets`, { expires: '2099-01-01T00:00:00Z' }],
    ['GET', secretPath],
    ['PUT', secretPath, { description: 'stolen' }],
    ['DELETE', secretPath],
    ['DELETE', `/ClientCredential/${clientId}`],
    ['GET', `/ApiKey/${key}`],
    ['PUT', `/ApiKey/${key}`, { description: 'stolen' }],
    ['GET', `/ApiKey/${key}/allowedDomains`],
    ['PUT', `/ApiKey/${key}/allowedDomains/evil.example`],
    ['DELETE', `/ApiKey/${key}/allowedDomains/example.com`],
    ['GET', `/ApiKey/${key}/allowedIPs`],
    ['POST', `/ApiKey/${key}/allowedIPs`, '1.2.3.4'],
    ['PUT', `/ApiKey/${key}/allowedIPs/1.2.3.0/24`],
    ['DELETE', `/ApiKey/${key}/allowedIPs/10.0.0.0/8`],
    ['GET', `/ApiKey/${key}/allowedServices`],
    ['PUT', `/ApiKey/${key}/allowedServices/Phone`],
    ['DELETE', `/ApiKey/${key}/allowedServices/Email`],
    ['DELETE', `/ApiKey/${key}`],
  ];
  for (const [method, path, body] of foreign) {
    const response = await asOther(method, path, body);
    t.is(response.status, 404, `${method} ${path}`);
    // The problem document may echo the caller's own path, never account A's data.
    t.deepEqual(Object.keys(response.json as object).sort(), ['detail', 'instance', 'status', 'title', 'traceId', 'type']);
    const { instance: _echoedPath, ...rest } = response.json as Record<string, unknown>;
    for (const marker of ['description-of-a', '2099', '10.0.0.0']) {
      t.false(JSON.stringify(rest).includes(marker), `${method} ${path} leaks no data (${marker})`);
    }
  }

  // Nothing of account A changed.
  t.deepEqual((await emu.api('GET', `/ClientCredential/${clientId}`)).json, {
    clientId,
    description: 'description-of-a',
    secrets: [{ clientSecretId, expires: '2099-01-01T00:00:00.000Z', description: '' }],
  });
  const keyNow = (await emu.api('GET', `/ApiKey/${key}`)).json as Record<string, unknown>;
  t.is(keyNow.description, 'description-of-a key');
  t.deepEqual([keyNow.allowedDomains, keyNow.allowedIPs, keyNow.allowedServices], [['example.com'], ['10.0.0.0/8'], ['Email']]);

  // A key name is unique across the service: taking A's is a conflict, not a way in.
  t.is((await asOther('POST', '/ApiKey', { key })).status, 409);
});

test('each account\'s own token sees its own resources only', twoAccounts, async (t, emu) => {
  const token = await emu.getToken({ clientId: 'other-client', clientSecret: 'other-secret' });
  const created = await emu.api('POST', '/ApiKey', { key: 'other-key' }, { token });
  t.is(created.status, 201);
  t.is((await emu.api('GET', '/ApiKey/other-key')).status, 404);
  t.deepEqual(((await emu.api('GET', '/ApiKey', undefined, { token })).json as { key: string }[]).map((k) => k.key), ['other-key']);
});
