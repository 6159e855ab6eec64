/**
 * Account administration: a new client credential and secret (then a client that uses them),
 * and an API key restricted to a domain, a network and a service.
 *
 * Run: `node --import tsx examples/client-admin.ts`
 * With DATA8_CLIENT_ID, DATA8_CLIENT_SECRET and DATA8_API_URL set it calls that service (and
 * deletes what it created); otherwise it starts a local emulator.
 */
import { Data8Client } from '../lib/index.js';
import { startEmulator } from '../lib/emulator/index.js';

const emulator = process.env.DATA8_API_URL === undefined ? await startEmulator() : undefined;
const client = emulator ? new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials }) : Data8Client.fromEnv();

try {
  // A credential for a nightly job, with a secret valid for 90 days. The secret's value is
  // returned once: keep it somewhere safe (never in logs or command lines).
  const credential = await client.clientCredentials.create({ description: 'nightly ETL' });
  const expires = new Date(Date.now() + 90 * 86_400_000).toISOString();
  const secret = await client.clientCredentials.createSecret(credential.clientId, { expires, description: 'rotated quarterly' });
  console.log(`credential ${credential.clientId}: ${(await client.clientCredentials.listSecrets(credential.clientId)).length} secret(s)`);

  const nightly = new Data8Client({ apiUrl: client.apiUrl, ...(emulator ? { authUrl: emulator.url } : {}), clientId: credential.clientId, clientSecret: secret.generatedSecret });
  console.log(`the new credential sees ${(await nightly.clientCredentials.list()).length} credential(s)`);
  await nightly.close();

  // An API key for a web form: usable from one domain, one office network and one service.
  const key = await client.apiKeys.create({ description: 'web form', username: 'web', isClientKey: true });
  await client.apiKeys.addDomain(key.key, 'www.example.com');
  await client.apiKeys.addNetwork(key.key, '203.0.113.7/24'); // stored normalised: 203.0.113.0/24
  await client.apiKeys.addService(key.key, 'EmailValidation');
  const stored = await client.apiKeys.get(key.key);
  console.log(`key: domains ${stored.allowedDomains.join(', ')}; networks ${stored.allowedIPs.join(', ')}; services ${stored.allowedServices.join(', ')}`);

  await client.apiKeys.delete(key.key);
  await client.clientCredentials.delete(credential.clientId);
} finally {
  await client.close();
  await emulator?.close();
}
