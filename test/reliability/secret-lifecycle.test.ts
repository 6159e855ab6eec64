/**
 * A client secret gets tokens only while it lives: one whose expiry is moved into the past, or
 * that is deleted, gets none, by either way of presenting it, while its sibling still does. Its
 * value is answered once and never again, by any route or the journal.
 */
import test from 'ava';
import { withEmulator, type EmulatorFixture } from '../helpers/emulator.js';

const GRANT = { grant_type: 'client_credentials', scope: 'BatchApi' };

/** Asks for a token with `client_secret_post` and with `client_secret_basic`; the two statuses. */
async function tokenStatuses(emu: EmulatorFixture, clientId: string, secret: string): Promise<[number, number]> {
  const post = await emu.tokenRequest({ ...GRANT, client_id: clientId, client_secret: secret });
  const basic = await emu.tokenRequest(GRANT, {
    headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}` },
  });
  for (const response of [post, basic]) {
    if (response.status !== 200) {
      // RFC 6749 §5.2, and nothing more: no hint of which part was wrong.
      if ((response.json as { error?: string }).error !== 'invalid_client') throw new Error(`unexpected refusal ${response.text}`);
    }
  }
  return [post.status, basic.status];
}

test('a secret expired by an update, or deleted, gets no token either way; its sibling still does', withEmulator, async (t, emu) => {
  const { clientId } = (await emu.api('POST', '/ClientCredential', { description: 'nightly' })).json as { clientId: string };
  const create = async () =>
    (await emu.api('POST', `/ClientCredential/${clientId}/secrets`, { expires: '2099-01-01T00:00:00Z' })).json as {
      clientSecretId: number;
      generatedSecret: string;
    };
  const first = await create();
  const second = await create();
  t.deepEqual(await tokenStatuses(emu, clientId, first.generatedSecret), [200, 200]);
  t.deepEqual(await tokenStatuses(emu, clientId, second.generatedSecret), [200, 200]);

  const expire = await emu.api('PUT', `/ClientCredential/${clientId}/secrets/${first.clientSecretId}`, { expires: '2001-01-01T00:00:00Z' });
  t.is(expire.status, 204);
  t.deepEqual(await tokenStatuses(emu, clientId, first.generatedSecret), [401, 401], 'expired by an update');
  t.deepEqual(await tokenStatuses(emu, clientId, second.generatedSecret), [200, 200], 'the sibling is untouched');

  t.is((await emu.api('DELETE', `/ClientCredential/${clientId}/secrets/${second.clientSecretId}`)).status, 204);
  t.deepEqual(await tokenStatuses(emu, clientId, second.generatedSecret), [401, 401], 'deleted');

  // Moving the expiry back into the future revives the first (it was expired, not deleted).
  await emu.api('PUT', `/ClientCredential/${clientId}/secrets/${first.clientSecretId}`, { expires: '2099-01-01T00:00:00Z' });
  t.deepEqual(await tokenStatuses(emu, clientId, first.generatedSecret), [200, 200]);

  // Answered once: no later answer, nor the journal, holds either value.
  const answers = await Promise.all(
    ['/ClientCredential', `/ClientCredential/${clientId}`, `/ClientCredential/${clientId}/secrets`, `/ClientCredential/${clientId}/secrets/${first.clientSecretId}`].map(
      async (path) => (await emu.api('GET', path)).text,
    ),
  );
  const journal = JSON.stringify(emu.emulator.journal());
  t.true(journal.includes(clientId), 'the journal does record these requests');
  for (const secret of [first.generatedSecret, second.generatedSecret]) {
    for (const text of [...answers, journal]) t.false(text.includes(secret));
  }
});
