/**
 * The command on a company network: the emulator over HTTPS with a private CA, behind a real
 * forward proxy; the proxy and the CA file reach the client from a flag, the environment
 * (HTTPS_PROXY and NODE_EXTRA_CA_CERTS, as company machines set them) or a profile; and
 * `config show` says where each setting came from, secrets masked.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { startForwardProxy } from '../helpers/forward-proxy.js';
import { makeTestCa } from '../helpers/test-ca.js';
import { assertNoSecret, CANARY_SECRET, explain, runCli, useEmulator, useTempDir } from './helpers/cli.js';

async function setup(t: import('ava').ExecutionContext) {
  const ca = makeTestCa();
  t.teardown(() => ca.remove());
  const { env } = await useEmulator(t, { tls: { cert: ca.cert, key: ca.key } });
  const proxy = await startForwardProxy({ user: 'etl', password: 'proxy-Pa55word' });
  t.teardown(() => proxy.close());
  const authenticated = `http://etl:proxy-Pa55word@127.0.0.1:${proxy.port}`;
  return { ca, env, proxy, authenticated };
}

test('HTTPS_PROXY and NODE_EXTRA_CA_CERTS, as a company machine sets them', async (t) => {
  const { ca, env, proxy, authenticated } = await setup(t);
  const result = await runCli(['datasets', 'list', '--json'], { env: { ...env, HTTPS_PROXY: authenticated, NODE_EXTRA_CA_CERTS: ca.caFile } });
  t.is(result.code, 0, explain(result));
  t.true(proxy.connects.length >= 1);
  t.false(`${result.stdout}${result.stderr}`.includes('proxy-Pa55word'));
  assertNoSecret(t, result);
});

test('--ca-file and DATA8_PROXY from a profile; --proxy none and a missing CA say what to do', async (t) => {
  const { ca, env, proxy, authenticated } = await setup(t);
  const dir = await useTempDir(t);
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify({ profiles: { corp: { caFile: ca.caFile, retryAttempts: 1 } } }));
  const corp = { ...env, DATA8_CONFIG_FILE: configFile, DATA8_PROFILE: 'corp', DATA8_PROXY: authenticated };
  const through = await runCli(['datasets', 'list'], { env: corp });
  t.is(through.code, 0, explain(through));
  const tunnels = proxy.connects.length;
  t.true(tunnels >= 1);
  const direct = await runCli(['datasets', 'list', '--proxy', 'none'], { env: corp });
  t.is(direct.code, 0, explain(direct));
  t.is(proxy.connects.length, tunnels, '--proxy none goes direct');
  const untrusted = await runCli(['datasets', 'list', '--retry-attempts', '1'], { env });
  t.not(untrusted.code, 0);
  t.regex(untrusted.stderr, /--ca-file FILE/);
  t.regex(untrusted.stderr, /NODE_EXTRA_CA_CERTS/);
  const flagged = await runCli(['datasets', 'list', '--ca-file', ca.caFile], { env });
  t.is(flagged.code, 0, explain(flagged));
});

test('config show: each value and where it came from, secrets and proxy passwords masked', async (t) => {
  const dir = await useTempDir(t);
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify({ profiles: { prod: { concurrency: 'auto', rateLimit: '600/60s', retryAttempts: 4 } } }));
  const result = await runCli(['config', 'show', '--json', '--profile', 'prod', '--retry-attempts', '2'], {
    env: { DATA8_CONFIG_FILE: configFile, DATA8_CLIENT_SECRET: CANARY_SECRET, DATA8_PREFETCH: '3', DATA8_REDIS_URL: 'redis://:redis-Secret1@10.0.0.5:6379/2' },
  });
  t.is(result.code, 0, explain(result));
  assertNoSecret(t, result);
  t.false(result.stdout.includes('redis-Secret1'));
  const shown = JSON.parse(result.stdout) as { profile: string; settings: Array<{ setting: string; value: unknown; source: string }> };
  const by = Object.fromEntries(shown.settings.map((row) => [row.setting, row]));
  t.is(shown.profile, 'prod');
  t.like(by['retryAttempts'], { value: 2, source: '--retry-attempts' });
  t.like(by['prefetch'], { value: 3, source: 'DATA8_PREFETCH' });
  t.like(by['concurrency'], { value: 'auto', source: `profile "prod" in ${configFile}` });
  t.like(by['rateLimit'], { value: '600/1m', source: `profile "prod" in ${configFile}` });
  t.like(by['blockSize'], { value: 1000, source: 'the default' });
  t.like(by['clientSecret'], { value: '****', source: 'DATA8_CLIENT_SECRET' });
  t.like(by['redisUrl'], { value: 'redis://:****@10.0.0.5:6379/2', source: 'DATA8_REDIS_URL' });
  const bad = await runCli(['config', 'show'], { env: { DATA8_CONFIG_FILE: configFile, DATA8_PROFILE: 'staging' } });
  t.not(bad.code, 0);
  t.regex(bad.stderr, /no profile "staging" \(DATA8_PROFILE\)/);
});
