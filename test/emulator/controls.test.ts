import test from 'ava';
import { withEmulator, withEmulatorOptions } from '../helpers/emulator.js';

test('reset returns to the configured accounts and refuses older tokens', withEmulatorOptions({ faults: { latencyMs: [0, 1] } }), async (t, emu) => {
  const oldToken = await emu.getToken();
  await emu.api('POST', '/ClientCredential', { description: 'temporary' }, { token: oldToken });
  await emu.api('POST', '/ApiKey', { key: 'temporary' }, { token: oldToken });
  await emu.emulator.seed({ accounts: [{ name: 'seeded', clientId: 'seeded', clientSecret: 'seeded-secret' }] });
  emu.emulator.faults.set({ rate503: 1 });
  emu.emulator.faults.plan({ path: '/**', fault: { status: 500 } });

  const response = await fetch(`${emu.url}/_emulator/reset`, { method: 'POST' });
  t.is(response.status, 204);

  t.is((await emu.api('GET', '/ApiKey', undefined, { token: oldToken })).status, 401);
  const token = emu.emulator.issueToken();
  t.deepEqual(((await emu.api('GET', '/ClientCredential', undefined, { token })).json as { clientId: string }[]).map((c) => c.clientId), [
    'local-client',
  ]);
  t.deepEqual((await emu.api('GET', '/ApiKey', undefined, { token })).json, []);
  const seededToken = await emu.tokenRequest({ grant_type: 'client_credentials', client_id: 'seeded', client_secret: 'seeded-secret' });
  t.is(seededToken.status, 401, 'seeded accounts are gone');
  t.deepEqual(emu.emulator.faults.settings(), { latencyMs: [0, 1] }, 'faults are back to the options');
  t.deepEqual(emu.emulator.faults.plans(), []);
  t.deepEqual(
    emu.emulator.journal().map((entry) => entry.path),
    ['/ApiKey', '/ClientCredential', '/ApiKey', '/connect/token'],
    'the journal starts again',
  );
});

test('seed creates accounts, credentials, secrets and keys over HTTP', withEmulator, async (t, emu) => {
  const response = await emu.api(
    'POST',
    '/_emulator/seed',
    {
      accounts: [
        {
          name: 'acme',
          clientId: 'acme-client',
          clientSecret: 'acme-secret',
          clientCredentials: [{ description: 'batch', secrets: [{ description: 'generated' }] }],
          apiKeys: [{ key: 'acme-key', description: 'web', allowedDomains: ['Acme.example'], allowedIPs: ['10.1.2.3/8'], allowedServices: ['Email'] }],
        },
      ],
    },
    { token: null },
  );
  t.is(response.status, 200, response.text);
  const result = response.json as {
    accounts: { name: string; clientCredentials: { clientId: string; secrets: { generatedSecret: string }[] }[]; apiKeys: string[] }[];
  };
  const acme = result.accounts[0]!;
  t.is(acme.name, 'acme');
  t.deepEqual(acme.apiKeys, ['acme-key']);
  t.is(acme.clientCredentials[0]!.clientId, 'acme-client');
  const generated = acme.clientCredentials[1]!;
  t.true(generated.secrets[0]!.generatedSecret.length >= 32);

  const token = await emu.getToken({ clientId: generated.clientId, clientSecret: generated.secrets[0]!.generatedSecret });
  const key = (await emu.api('GET', '/ApiKey/acme-key', undefined, { token })).json as Record<string, unknown>;
  t.deepEqual([key.allowedDomains, key.allowedIPs, key.allowedServices], [['acme.example'], ['10.0.0.0/8'], ['Email']]);
  t.is((await emu.api('GET', '/ApiKey/acme-key')).status, 404, 'the default account does not see it');
  t.is((await emu.getToken({ clientId: 'acme-client', clientSecret: 'acme-secret' })).length > 0, true);

  const bad = await emu.api('POST', '/_emulator/seed', { accounts: [{ name: 'Bad Name' }] }, { token: null });
  t.is(bad.status, 400);
  t.deepEqual(Object.keys((bad.json as { errors: object }).errors), ['accounts[0].name']);
  const taken = await emu.api('POST', '/_emulator/seed', { accounts: [{ name: 'x', clientId: 'acme-client', clientSecret: 's' }] }, { token: null });
  t.is(taken.status, 409);
});

test('the journal records requests with secrets, tokens, keys and records redacted', withEmulator, async (t, emu) => {
  const secret = emu.emulator.credentials.clientSecret;
  const basic = `Basic ${Buffer.from(`local-client:${secret}`).toString('base64')}`;
  const viaBasic = await emu.tokenRequest({ grant_type: 'client_credentials' }, { headers: { authorization: basic } });
  const token = (viaBasic.json as { access_token: string }).access_token;
  await emu.tokenRequest({ grant_type: 'client_credentials', client_id: 'local-client', client_secret: secret });
  const { clientId } = (await emu.api('POST', '/ClientCredential', { description: 'c' }, { token })).json as { clientId: string };
  const generated = (await emu.api('POST', `/ClientCredential/${clientId}/secrets`, { expires: '2099-01-01T00:00:00Z' }, { token })).json as {
    generatedSecret: string;
  };
  await emu.api('POST', '/ApiKey', { key: 'CanaryApiKey123' }, { token });
  await emu.api('PUT', '/ApiKey/CanaryApiKey123/allowedServices/Email', undefined, { token });
  await emu.api('POST', '/Dataset', { name: 'people', columns: { first_name: 0 } }, { token });
  const upload = await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 0, records: [{ first_name: 'CanaryRecordValue' }] }, { token });
  t.is(upload.status, 204);

  const overHttp = await fetch(`${emu.url}/_emulator/journal`);
  const { entries } = (await overHttp.json()) as { entries: Record<string, unknown>[] };
  t.deepEqual(entries, JSON.parse(JSON.stringify(emu.emulator.journal())) as unknown);
  const text = JSON.stringify(entries);
  for (const canary of [secret, token, generated.generatedSecret, 'CanaryApiKey123', 'CanaryRecordValue']) {
    t.false(text.includes(canary), `journal holds no ${canary.slice(0, 6)}…`);
  }
  const byRoute = (route: string) => entries.find((entry) => entry.route === route);
  t.deepEqual(byRoute('/Dataset/:name/data')?.body, { blockNumber: 0, records: '[1 records redacted]' });
  t.like(byRoute('/Dataset/:name/data'), { method: 'PATCH', path: '/Dataset/people/data', status: 204, account: 'default' });
  t.is(byRoute('/ApiKey/:key/allowedServices/:service')?.path, '/ApiKey/[redacted]/allowedServices/Email');
  t.deepEqual(entries[1]?.body, { grant_type: 'client_credentials', client_id: 'local-client', client_secret: '[redacted]' });
  const seqs = entries.map((entry) => entry.seq as number);
  const since = await fetch(`${emu.url}/_emulator/journal?since=${seqs[seqs.length - 2]!}`);
  t.is(((await since.json()) as { entries: unknown[] }).entries.length, 1);
});
