import test from 'ava';
import { ConfigError, Data8Client, type Data8ClientOptions } from '../../lib/index.js';

const base = { apiUrl: 'http://127.0.0.1:1', clientId: 'id', clientSecret: 'canary-secret-options' };

function configError(t: import('ava').ExecutionContext, options: unknown): string {
  const error = t.throws(() => new Data8Client(options as Data8ClientOptions), { instanceOf: ConfigError });
  return error.message;
}

test('defaults are applied and documented values are in force', async (t) => {
  const client = new Data8Client(base);
  t.is(client.apiUrl, 'http://127.0.0.1:1');
  t.is(client.assumedValues.maxBlockRecords, 1000);
  const stats = client.stats();
  t.is(stats.concurrency.max, 16);
  t.is(stats.concurrency.limit, 16);
  t.is(stats.retryBudget.capacity, 100);
  t.is(stats.requests, 0);
  await client.close();
});

test('each wrong option is named with what was expected and what was given', (t) => {
  t.is(configError(t, { ...base, apiUrl: 'ftp://x' }), 'Invalid option "apiUrl": expected an http or https URL, got "ftp://x"');
  t.is(configError(t, { ...base, retry: { maxAttempts: 0 } }), 'Invalid option "retry.maxAttempts": expected an integer between 1 and 100, got 0');
  t.is(configError(t, { ...base, rateLimit: { reservoir: { amount: 5 } } }), 'Invalid option "rateLimit.reservoir.intervalMs": expected an integer between 1 and 86400000, got nothing');
  t.is(configError(t, { ...base, tokenEndpointAuthMethod: 'private_key_jwt' }), 'Invalid option "tokenEndpointAuthMethod": expected "client_secret_basic" or "client_secret_post", got "private_key_jwt"');
  t.is(configError(t, { ...base, retries: 3 }), 'Unknown option "retries": expected one of apiUrl, authUrl, clientId, clientSecret, scope, tokenEndpointAuthMethod, timeouts, retry, rateLimit, redis, logger, assumedValues, userAgent, userAgentSuffix, proxy, agent, ca');
  t.is(configError(t, { ...base, timeouts: { connect: 5 } }), 'Unknown option "timeouts.connect": expected one of connectMs, responseMs, requestMs');
  t.is(configError(t, { ...base, redis: { url: 'http://redis' } }), 'Invalid option "redis.url": expected a redis:// or rediss:// URL');
  t.is(configError(t, { ...base, apiUrl: 'https://user:pw@example.com' }), 'Invalid option "apiUrl": the URL must not carry credentials (pass them as clientId and clientSecret)');
});

test('a wrong secret is described by its type, never quoted', (t) => {
  t.is(configError(t, { ...base, clientSecret: 12345678 }), 'Invalid option "clientSecret": expected a non-empty string, got a number');
  t.is(configError(t, { ...base, clientSecret: '' }), 'Invalid option "clientSecret": expected a non-empty string, got an empty string');
});

test('assumed values can be overridden', async (t) => {
  const client = new Data8Client({ ...base, assumedValues: { datasetsPerPage: 50, jobStatus: { Failed: 9 } } });
  t.is(client.assumedValues.datasetsPerPage, 50);
  t.is(client.assumedValues.jobStatus.Failed, 9);
  t.is(client.assumedValues.jobStatus.Completed, 2);
  t.regex(configError(t, { ...base, assumedValues: { maxBlockRecords: 0 } }), /"assumedValues\.maxBlockRecords"/);
  await client.close();
});

test('fromEnv reads the DATA8_* variables and names the one missing', async (t) => {
  const env = { DATA8_CLIENT_ID: 'env-id', DATA8_CLIENT_SECRET: 'env-secret', DATA8_API_URL: 'http://127.0.0.1:2/' };
  const client = Data8Client.fromEnv({}, env);
  t.is(client.apiUrl, 'http://127.0.0.1:2');
  await client.close();
  const overridden = Data8Client.fromEnv({ apiUrl: 'http://127.0.0.1:3' }, env);
  t.is(overridden.apiUrl, 'http://127.0.0.1:3');
  await overridden.close();
  const error = t.throws(() => Data8Client.fromEnv({}, { DATA8_CLIENT_ID: 'x', DATA8_API_URL: 'http://h' }), { instanceOf: ConfigError });
  t.is(error.message, 'Missing DATA8_CLIENT_SECRET: set it in the environment or pass "clientSecret"');
});
