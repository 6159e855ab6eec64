import test from 'ava';
import { AuthenticationError, ConflictError, NotFoundError, ValidationError } from '../../lib/index.js';
import { withClient } from './fixture.js';

const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString();

test('client credentials and their secrets: all ten calls', withClient, async (t, { client, makeClient }) => {
  const before = await client.clientCredentials.list();
  const created = await client.clientCredentials.create({ description: 'nightly ETL' });
  t.is(created.description, 'nightly ETL');
  t.truthy(created.clientId);
  t.is((await client.clientCredentials.list()).length, before.length + 1);
  t.is((await client.clientCredentials.list()).find((credential) => credential.clientId === created.clientId)?.secrets, null);

  await client.clientCredentials.update(created.clientId, { description: 'nightly ETL (eu)' });
  t.is((await client.clientCredentials.get(created.clientId)).description, 'nightly ETL (eu)');

  const secret = await client.clientCredentials.createSecret(created.clientId, { expires: nextYear, description: 'first' });
  t.is(typeof secret.generatedSecret, 'string');
  t.deepEqual((await client.clientCredentials.listSecrets(created.clientId)).map((entry) => entry.clientSecretId), [secret.clientSecretId]);
  t.false('generatedSecret' in (await client.clientCredentials.getSecret(created.clientId, secret.clientSecretId)), 'the value is returned once');
  await client.clientCredentials.updateSecret(created.clientId, secret.clientSecretId, { expires: nextYear, description: 'renamed' });
  t.is((await client.clientCredentials.getSecret(created.clientId, secret.clientSecretId)).description, 'renamed');

  // The new credential works: a second client authenticates with it.
  const second = makeClient({ clientId: created.clientId, clientSecret: secret.generatedSecret });
  t.true(Array.isArray(await second.clientCredentials.list()));

  await client.clientCredentials.deleteSecret(created.clientId, secret.clientSecretId);
  await t.throwsAsync(client.clientCredentials.getSecret(created.clientId, secret.clientSecretId), { instanceOf: NotFoundError });
  await client.clientCredentials.delete(created.clientId);
  await t.throwsAsync(client.clientCredentials.get(created.clientId), { instanceOf: NotFoundError });
  await t.throwsAsync(client.clientCredentials.listSecrets(created.clientId), { instanceOf: NotFoundError });
  const third = makeClient({ clientId: created.clientId, clientSecret: secret.generatedSecret });
  const refused = await t.throwsAsync(third.datasets.get('x'), { instanceOf: AuthenticationError });
  t.is(refused.error, 'invalid_client');
  await t.throwsAsync(client.clientCredentials.createSecret('nobody', { expires: 'not a date', description: 'x' }), { instanceOf: ValidationError });
});

test('API keys with their domains, networks and services: all fifteen calls', withClient, async (t, { client }) => {
  const key = await client.apiKeys.create({ key: 'key-one', description: 'web form', username: 'ops', maxRequestsPerIPPerDay: 100, isClientKey: true });
  t.is(key.key, 'key-one');
  t.deepEqual(key.allowedDomains, []);
  const generated = await client.apiKeys.create({ description: 'server side' });
  t.truthy(generated.key);
  t.deepEqual((await client.apiKeys.list()).map((entry) => entry.key).sort(), ['key-one', generated.key].sort());
  await t.throwsAsync(client.apiKeys.create({ key: 'key-one' }), { instanceOf: ConflictError });

  await client.apiKeys.update('key-one', { description: 'web form v2', username: 'ops' });
  t.is((await client.apiKeys.get('key-one')).description, 'web form v2');

  await client.apiKeys.addDomain('key-one', 'example.com');
  await client.apiKeys.addDomain('key-one', 'example.com');
  t.deepEqual(await client.apiKeys.listDomains('key-one'), ['example.com']);
  await client.apiKeys.removeDomain('key-one', 'example.com');
  await t.throwsAsync(client.apiKeys.removeDomain('key-one', 'example.com'), { instanceOf: NotFoundError });
  await t.throwsAsync(client.apiKeys.addDomain('key-one', 'not a domain'), { instanceOf: ValidationError });

  await client.apiKeys.addNetwork('key-one', '123.45.6.7/24');
  await client.apiKeys.putNetwork('key-one', '2001:db8::', 32);
  await client.apiKeys.putNetwork('key-one', '10.1.2.3');
  t.deepEqual((await client.apiKeys.listNetworks('key-one')).sort(), ['10.1.2.3/32', '123.45.6.0/24', '2001:db8::/32'].sort());
  await client.apiKeys.removeNetwork('key-one', '123.45.6.0', 24);
  await client.apiKeys.removeNetwork('key-one', '2001:db8::/32');
  t.deepEqual(await client.apiKeys.listNetworks('key-one'), ['10.1.2.3/32']);
  await t.throwsAsync(client.apiKeys.addNetwork('key-one', '10.0.0.0/33'), { instanceOf: ValidationError });

  await client.apiKeys.addService('key-one', 'EmailValidation');
  t.deepEqual(await client.apiKeys.listServices('key-one'), ['EmailValidation']);
  await client.apiKeys.removeService('key-one', 'EmailValidation');
  t.deepEqual(await client.apiKeys.listServices('key-one'), []);

  await client.apiKeys.delete('key-one');
  await t.throwsAsync(client.apiKeys.get('key-one'), { instanceOf: NotFoundError });
  await t.throwsAsync(client.apiKeys.delete('key-one'), { instanceOf: NotFoundError });
});
