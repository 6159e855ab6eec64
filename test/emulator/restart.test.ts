import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { startEmulator } from '../../lib/emulator/index.js';
import { fixtureFor } from '../helpers/emulator.js';

test('with a data directory, credentials, secrets, keys and tokens survive a restart', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'data8-restart-'));
  try {
    const first = await startEmulator({ dataDir, accounts: [{ name: 'other', clientId: 'other', clientSecret: 'other-secret' }] });
    const emu = fixtureFor(first);
    const token = await emu.getToken();
    const { clientId } = (await emu.api('POST', '/ClientCredential', { description: 'kept' })).json as { clientId: string };
    const { generatedSecret } = (await emu.api('POST', `/ClientCredential/${clientId}/secrets`, { expires: '2099-01-01T00:00:00Z' })).json as {
      generatedSecret: string;
    };
    await emu.api('POST', '/ApiKey', { key: 'kept-key' });
    await emu.api('POST', '/ApiKey/kept-key/allowedIPs', '192.0.2.9/24');
    await first.close();
    await access(dataDir);

    const second = await startEmulator({ dataDir, accounts: [{ name: 'other', clientId: 'other', clientSecret: 'other-secret' }] });
    try {
      const again = fixtureFor(second);
      t.is((await again.api('GET', '/ApiKey', undefined, { token })).status, 200, 'a token issued before the restart still works');
      const fresh = await again.getToken({ clientId, clientSecret: generatedSecret });
      const key = (await again.api('GET', '/ApiKey/kept-key', undefined, { token: fresh })).json as { allowedIPs: string[] };
      t.deepEqual(key.allowedIPs, ['192.0.2.0/24']);
      const credentials = (await again.api('GET', '/ClientCredential', undefined, { token: fresh })).json as { clientId: string }[];
      t.deepEqual(credentials.map((c) => c.clientId).sort(), [clientId, 'local-client'].sort());
      const otherToken = await again.getToken({ clientId: 'other', clientSecret: 'other-secret' });
      t.deepEqual((await again.api('GET', '/ApiKey', undefined, { token: otherToken })).json, [], 'accounts stay isolated');
    } finally {
      await second.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('concurrent changes are all on disk when their answers arrive', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'data8-restart-'));
  try {
    const first = await startEmulator({ dataDir });
    const emu = fixtureFor(first);
    const keys = Array.from({ length: 40 }, (_, index) => `key-${index}`);
    const statuses = await Promise.all(keys.map(async (key) => (await emu.api('POST', '/ApiKey', { key })).status));
    t.true(statuses.every((status) => status === 201));
    const state = JSON.parse(await readFile(join(dataDir, 'core', 'accounts.json'), 'utf8')) as { accounts: { apiKeys: unknown[] }[] };
    t.is(state.accounts[0]!.apiKeys.length, keys.length, 'the state file already holds every key');
    await first.close();
    const second = await startEmulator({ dataDir });
    try {
      const listed = (await fixtureFor(second).api('GET', '/ApiKey')).json as { key: string }[];
      t.deepEqual(listed.map((entry) => entry.key).sort(), [...keys].sort());
    } finally {
      await second.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a changed configured secret replaces the stored one', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'data8-restart-'));
  try {
    await (await startEmulator({ dataDir, credentials: { clientId: 'ci', clientSecret: 'first' } })).close();
    const second = await startEmulator({ dataDir, credentials: { clientId: 'ci', clientSecret: 'second' } });
    try {
      const emu = fixtureFor(second);
      const old = await emu.tokenRequest({ grant_type: 'client_credentials', client_id: 'ci', client_secret: 'first' });
      t.is(old.status, 401);
      t.truthy(await emu.getToken());
      const secrets = (await emu.api('GET', '/ClientCredential/ci/secrets')).json as unknown[];
      t.is(secrets.length, 1);
    } finally {
      await second.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('without a data directory, state lives in a temporary directory removed on close', async (t) => {
  const emulator = await startEmulator();
  await access(emulator.dataDir);
  await emulator.close();
  await t.throwsAsync(access(emulator.dataDir), { code: 'ENOENT' });
  await emulator.close(); // closing twice is harmless
});
