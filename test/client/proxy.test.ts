/**
 * Proxies and private CAs, against the world's software: a real forward proxy (`proxy`, the
 * one proxy-agent's tests use) in front of the emulator served over HTTPS with a CA made by
 * `openssl` at test time. Proxy variables are process-wide, so these tests run one at a time.
 */
import test from 'ava';
import { startEmulator, type EmulatorHandle } from '../../lib/emulator/index.js';
import { Data8Client, DataGroupClient, NetworkError, type Data8ClientOptions, type LogEntry } from '../../lib/index.js';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.js';
import { secretsIn } from '../helpers/secret-scan.js';
import { makeTestCa, type TestCa } from '../helpers/test-ca.js';

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY'];
const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
let ca: TestCa;
let emulator: EmulatorHandle;

test.before(async () => {
  ca = makeTestCa();
  emulator = await startEmulator({ tls: { cert: ca.cert, key: ca.key }, seed: 3 });
});

test.after.always(async () => {
  await emulator.close();
  ca.remove();
});

test.afterEach.always(() => {
  clear();
  for (const name of PROXY_VARIABLES) if (saved[name] !== undefined) process.env[name] = saved[name];
});

function clear(): void {
  // Reflect.deleteProperty: process.env keeps no property set to undefined.
  for (const name of PROXY_VARIABLES) Reflect.deleteProperty(process.env, name);
}

async function proxy(t: import('ava').ExecutionContext, credentials?: { user: string; password: string }): Promise<ForwardProxy> {
  const started = await startForwardProxy(credentials);
  t.teardown(() => started.close());
  return started;
}

async function drain(iterable: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const item of iterable) if (item !== undefined) count += 1;
  return count;
}

function client(t: import('ava').ExecutionContext, options: Partial<Data8ClientOptions> = {}, logs: LogEntry[] = []): Data8Client {
  const made = new Data8Client({
    apiUrl: emulator.url,
    authUrl: emulator.url,
    ...emulator.credentials,
    ca: ca.ca,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    logger: (entry) => logs.push(entry),
    ...options,
  });
  t.teardown(() => made.close());
  return made;
}

/** Discovery, token and API calls, over several connections. */
async function exercise(made: Data8Client): Promise<void> {
  const name = `proxied_${Math.random().toString(36).slice(2, 10)}`;
  await made.datasets.create({ name, columns: { email: 0 } });
  await Promise.all([made.datasets.get(name), made.datasets.get(name), made.datasets.get(name)]);
  await drain(made.datasets.list());
}

const emulatorHost = (): string => new URL(emulator.url).host;

test.serial('the emulator serves HTTPS and prints an https:// address', (t) => {
  t.regex(emulator.url, /^https:\/\/127\.0\.0\.1:\d+$/);
});

test.serial('with HTTPS_PROXY every request (discovery, token, API) goes through the proxy, as CONNECT tunnels kept alive', async (t) => {
  clear();
  const forward = await proxy(t);
  process.env['HTTPS_PROXY'] = forward.url;
  const made = client(t);
  await exercise(made);
  t.true(forward.connects.length >= 1);
  t.true(forward.connects.every((target) => target === emulatorHost()), forward.connects.join(', '));
  t.deepEqual(forward.requests, []);
  // Kept alive: far fewer tunnels than requests.
  t.true(forward.connects.length < made.stats().requests + made.stats().tokenRequests, `${forward.connects.length} tunnels`);
  // Proof that nothing went around it: with the proxy gone, a new connection cannot be made.
  await made.close();
  await forward.close();
  const fresh = client(t, { retry: { maxAttempts: 1 } });
  const error = await t.throwsAsync(fresh.datasets.get('absent'), { instanceOf: NetworkError });
  t.regex(error.message, new RegExp(`cannot reach the proxy ${forward.url}`));
});

test.serial('the lower-case variable works too, and the proxy option overrides the environment', async (t) => {
  clear();
  const fromEnv = await proxy(t);
  const fromOption = await proxy(t);
  process.env['https_proxy'] = fromEnv.url;
  await exercise(client(t));
  t.true(fromEnv.connects.length >= 1);
  const before = fromEnv.connects.length;
  await exercise(client(t, { proxy: fromOption.url }));
  t.is(fromEnv.connects.length, before);
  t.true(fromOption.connects.length >= 1);
});

test.serial('NO_PROXY (curl rules: host, host:port, *) and proxy: false bypass the proxy', async (t) => {
  clear();
  const forward = await proxy(t);
  process.env['HTTPS_PROXY'] = forward.url;
  for (const noProxy of ['127.0.0.1', `example.com, ${emulatorHost()}`, '*']) {
    process.env['NO_PROXY'] = noProxy;
    await exercise(client(t));
  }
  delete process.env['NO_PROXY'];
  await exercise(client(t, { proxy: false }));
  t.deepEqual(forward.connects, []);
  process.env['no_proxy'] = '127.0.0.1:1';
  await exercise(client(t));
  t.true(forward.connects.length >= 1, 'a NO_PROXY entry for another port does not bypass');
});

test.serial('proxy authentication works, and the password never shows in errors or logs', async (t) => {
  clear();
  const password = 'pr0xy-S3cret!value';
  const forward = await proxy(t, { user: 'alice', password });
  const logs: LogEntry[] = [];
  const good = client(t, { proxy: `http://alice:${encodeURIComponent(password)}@127.0.0.1:${forward.port}` }, logs);
  await exercise(good);
  t.true(forward.connects.length >= 1);
  t.true(forward.authorizations.length >= 1);
  const wrong = client(t, { proxy: `http://alice:wrong-${encodeURIComponent(password)}@127.0.0.1:${forward.port}` }, logs);
  const error = await t.throwsAsync(wrong.datasets.get('absent'), { instanceOf: NetworkError });
  t.regex(error.message, new RegExp(`the proxy http://alice:\\[REDACTED\\]@127\\.0\\.0\\.1:${forward.port} answered 407`));
  t.regex(error.message, /user name and password/);
  const basic = Buffer.from(`alice:${password}`).toString('base64');
  t.deepEqual(secretsIn([error, logs], [password, encodeURIComponent(password), `wrong-${password}`, basic]), []);
  // Not retried: a new password is needed, not another attempt.
  t.is(wrong.stats().retries, 0);
});

test.serial('a dead proxy fails clearly, naming the proxy without its password', async (t) => {
  clear();
  const forward = await proxy(t);
  const dead = forward.url.replace('http://', 'http://bob:hunter2-secret@');
  await forward.close();
  process.env['HTTPS_PROXY'] = dead;
  const made = client(t, { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });
  const error = await t.throwsAsync(made.datasets.get('absent'), { instanceOf: NetworkError });
  t.regex(error.message, new RegExp(`cannot reach the proxy http://bob:\\[REDACTED\\]@127\\.0\\.0\\.1:${forward.port}`));
  t.is(error.systemCode, 'ECONNREFUSED');
  t.deepEqual(secretsIn(error, ['hunter2-secret']), []);
});

test.serial('a certificate from an untrusted CA fails with how to trust it', async (t) => {
  clear();
  const made = new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials, retry: { maxAttempts: 1 } });
  t.teardown(() => made.close());
  const error = await t.throwsAsync(made.datasets.get('absent'), { instanceOf: NetworkError });
  t.regex(error.message, /--ca-file FILE/);
  t.regex(error.message, /NODE_EXTRA_CA_CERTS/);
  t.regex(error.message, /`ca` option/);
});

test.serial('the agent option carries every request as given', async (t) => {
  clear();
  const { Agent } = await import('node:https');
  const agent = new Agent({ keepAlive: true, ca: ca.ca });
  t.teardown(() => agent.destroy());
  let sockets = 0;
  const original = agent.createConnection.bind(agent);
  agent.createConnection = ((...args: Parameters<typeof original>) => {
    sockets += 1;
    return original(...args);
  });
  const made = new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials, agent: { https: agent } });
  t.teardown(() => made.close());
  await exercise(made);
  t.true(sockets >= 1);
  t.throws(() => new Data8Client({ apiUrl: emulator.url, clientId: 'a', clientSecret: 'bbbb', agent: { https: agent }, proxy: 'http://p:1' }), {
    message: /"agent" and "proxy" cannot be given together/,
  });
});

test.serial('DataGroupClient goes through the proxy too', async (t) => {
  clear();
  const forward = await proxy(t);
  const dataGroup = new DataGroupClient({ baseUrl: emulator.url, apiKey: 'local-api-key', authorizationToken: 'local-token', ca: ca.ca, proxy: forward.url });
  t.teardown(() => dataGroup.close());
  await t.throwsAsync(dataGroup.getBatch('160718103247ad0', 'no-such-batch'));
  t.true(forward.connects.length >= 1);
});
