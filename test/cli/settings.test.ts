/**
 * The settings table: every setting reaches the client's options (or the record path's
 * tuning) from its flag, its environment variable and a profile, with the AWS CLI's precedence;
 * wrong values, config files and credentials files are refused with where and why.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { Command } from 'commander';
import { ConfigError } from '../../lib/core/errors.js';
import { credentialsOf } from '../../lib/cli/credentials.js';
import { clientOptionsOf, recordPathOf } from '../../lib/cli/settings/client-options.js';
import { addGlobalSettingOptions, addRecordPathOptions } from '../../lib/cli/settings/flags.js';
import { resolveSettings } from '../../lib/cli/settings/resolve.js';
import { SETTINGS } from '../../lib/cli/settings/table.js';
import { makeTestCa } from '../helpers/test-ca.js';

async function tempDir(t: import('ava').ExecutionContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'data8-settings-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Parses `args` as the program would and returns the flags' values. */
function flagsOf(args: string[]): Record<string, unknown> {
  const program = new Command('data8-batch').exitOverride().configureOutput({ writeErr: () => undefined });
  addGlobalSettingOptions(program);
  let seen: Record<string, unknown> = {};
  addRecordPathOptions(program.command('run').action((_options, command: Command) => {
    seen = command.optsWithGlobals();
  }));
  program.parse(['run', ...args], { from: 'user' });
  return seen;
}

/** One text per setting, and what the client (or the record path) must get from it. */
function samples(caFile: string): Record<string, { text: string; check: (options: Record<string, unknown>) => unknown }> {
  return {
    apiUrl: { text: 'https://api.example.test', check: () => undefined },
    authUrl: { text: 'https://auth.example.test', check: () => undefined },
    clientId: { text: 'the-client', check: () => undefined },
    credentials: { text: '/nowhere/credentials.json', check: () => undefined },
    concurrency: { text: 'auto', check: (o) => (o['upload'] as Record<string, unknown>)['concurrency'] },
    prefetch: { text: '7', check: (o) => (o['download'] as Record<string, unknown>)['prefetch'] },
    blockSize: { text: '250', check: (o) => (o['upload'] as Record<string, unknown>)['blockSize'] },
    pageSize: { text: '500', check: (o) => (o['download'] as Record<string, unknown>)['pageSize'] },
    maxRequests: { text: '3', check: (o) => (o['rateLimit'] as Record<string, unknown>)['maxConcurrent'] },
    connectTimeout: { text: '5s', check: (o) => (o['timeouts'] as Record<string, unknown>)['connectMs'] },
    responseTimeout: { text: '1500ms', check: (o) => (o['timeouts'] as Record<string, unknown>)['responseMs'] },
    requestTimeout: { text: '3m', check: (o) => (o['timeouts'] as Record<string, unknown>)['requestMs'] },
    retryAttempts: { text: '3', check: (o) => (o['retry'] as Record<string, unknown>)['maxAttempts'] },
    rateLimit: { text: '600/60s', check: (o) => (o['rateLimit'] as Record<string, unknown>)['reservoir'] },
    redisUrl: { text: 'redis://127.0.0.1:6390', check: (o) => (o['redis'] as Record<string, unknown>)['url'] },
    proxy: { text: 'http://proxy.example:3128', check: (o) => o['proxy'] },
    caFile: { text: caFile, check: (o) => (o['ca'] as string).slice(0, 27) },
    userAgentSuffix: { text: 'acme-etl/2.1', check: (o) => o['userAgentSuffix'] },
  };
}

const EXPECTED: Record<string, unknown> = {
  concurrency: 'auto', prefetch: 7, blockSize: 250, pageSize: 500, maxRequests: 3, connectTimeout: 5000, responseTimeout: 1500,
  requestTimeout: 180_000, retryAttempts: 3, rateLimit: { amount: 600, intervalMs: 60_000 }, redisUrl: 'redis://127.0.0.1:6390',
  proxy: 'http://proxy.example:3128', caFile: '-----BEGIN CERTIFICATE-----', userAgentSuffix: 'acme-etl/2.1',
};

test('each setting reaches the client from its flag, its environment variable and a profile', async (t) => {
  const dir = await tempDir(t);
  const ca = makeTestCa();
  t.teardown(() => ca.remove());
  const table = samples(ca.caFile);
  t.deepEqual(Object.keys(table).sort(), SETTINGS.filter((s) => s.flag !== undefined).map((s) => s.name).sort(), 'a sample for every setting with a flag');
  const configFile = path.join(dir, 'config.json');
  const profile = Object.fromEntries(Object.entries(table).map(([name, sample]) => [name, sample.text]));
  await writeFile(configFile, JSON.stringify({ profiles: { ci: profile } }));
  const sources = {
    flag: { flags: flagsOf(SETTINGS.filter((s) => s.flag !== undefined).flatMap((s) => [`--${s.flag!}`, table[s.name]!.text])), env: {} },
    env: { flags: {}, env: Object.fromEntries(SETTINGS.filter((s) => s.flag !== undefined).map((s) => [s.env, table[s.name]!.text])) },
    profile: { flags: {}, env: { DATA8_CONFIG_FILE: configFile, DATA8_PROFILE: 'ci' } },
  };
  for (const [kind, { flags, env }] of Object.entries(sources)) {
    const settings = await resolveSettings(flags, { XDG_CONFIG_HOME: path.join(dir, 'empty'), ...env });
    for (const definition of SETTINGS.filter((s) => s.flag !== undefined)) {
      t.is(String(settings.settings.get(definition.name)?.source.kind), kind, `${definition.name} from ${kind}`);
    }
    const options = { ...(await clientOptionsOf(settings)), ...recordPathOf(settings) } as Record<string, unknown>;
    for (const [name, expected] of Object.entries(EXPECTED)) {
      t.deepEqual(table[name]!.check(options), expected, `${name} from ${kind}`);
    }
  }
});

test('precedence is flag > environment > profile > default', async (t) => {
  const dir = await tempDir(t);
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify({ profiles: { default: { retryAttempts: 2, concurrency: 5, prefetch: 3 } } }));
  const env = { DATA8_CONFIG_FILE: configFile, DATA8_RETRY_ATTEMPTS: '4', DATA8_CONCURRENCY: '6' };
  const settings = await resolveSettings(flagsOf(['--retry-attempts', '9']), env);
  t.is(settings.get('retryAttempts'), 9);
  t.is(settings.get('concurrency'), 6);
  t.is(settings.get('prefetch'), 3);
  t.is(settings.get('blockSize'), 1000);
  t.deepEqual(settings.settings.get('prefetch')?.source, { kind: 'profile', profile: 'default', file: configFile });
  t.deepEqual(settings.settings.get('blockSize')?.source, { kind: 'default' });
});

test('wrong values are refused with where they came from', async (t) => {
  t.throws(() => flagsOf(['--rate-limit', '600 a minute']), { message: /expected <requests>\/<interval> such as 600\/60s/ });
  t.throws(() => flagsOf(['--concurrency', '0']), { message: /whole number from 1 to 1024/ });
  t.throws(() => flagsOf(['--proxy', 'http://u:pw@proxy.example:3128']), { message: /a password on the command line is visible to others: put the URL in DATA8_PROXY/ });
  t.throws(() => flagsOf(['--redis-url', 'http://x']), { message: /redis:\/\/ or rediss:\/\// });
  const error = await t.throwsAsync(resolveSettings({}, { DATA8_CONFIG_FILE: '/nonexistent/c.json', DATA8_CONNECT_TIMEOUT: 'soon' }), { instanceOf: ConfigError });
  t.regex(error.message, /DATA8_CONFIG_FILE/);
  const dir = await tempDir(t);
  const file = path.join(dir, 'config.json');
  await writeFile(file, '{}');
  await t.throwsAsync(resolveSettings({}, { DATA8_CONFIG_FILE: file, DATA8_CONNECT_TIMEOUT: 'soon' }), {
    instanceOf: ConfigError,
    message: 'DATA8_CONNECT_TIMEOUT (connectTimeout): expected a duration such as 10s, 500ms or 2m, got "soon"',
  });
});

test('a bad config file is a ConfigError naming the file, line and column, the profile or the key', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'config.json');
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['{\n  "profiles": {\n    "prod": { "concurrency": 4, }\n  }\n}', {}, /is not valid JSON at line 3, column 3\d/],
    ['{ "profile": {} }', {}, /unknown key "profile"/],
    ['{ "profiles": { "prod": { "concurency": 4 } } }', { DATA8_PROFILE: 'prod' }, /profile "prod" has an unknown setting "concurency"/],
    ['{ "profiles": { "prod": { "clientSecret": "x" } } }', { DATA8_PROFILE: 'prod' }, /sets "clientSecret", a secret: set DATA8_CLIENT_SECRET/],
    ['{ "profiles": { "prod": { "proxy": "http://u:pw@p:1" } } }', { DATA8_PROFILE: 'prod' }, /a password in a config file/],
    ['{ "profiles": { "prod": {} } }', { DATA8_PROFILE: 'staging' }, /no profile "staging" \(DATA8_PROFILE\) in .*; profiles there: prod/],
    ['{ "profiles": { "prod": { "blockSize": 5000 } } }', { DATA8_PROFILE: 'prod' }, /profile "prod" in .* \(blockSize\): expected a whole number from 1 to 1000/],
  ];
  for (const [text, env, message] of cases) {
    await writeFile(file, text);
    await t.throwsAsync(resolveSettings({}, { DATA8_CONFIG_FILE: file, ...env }), { instanceOf: ConfigError, message }, text);
  }
});

test('the config file is found under XDG_CONFIG_HOME, and the default profile applies without being named', async (t) => {
  const dir = await tempDir(t);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(path.join(dir, 'data8-batch'));
  await writeFile(path.join(dir, 'data8-batch', 'config.json'), JSON.stringify({ profiles: { default: { pageSize: 100 } } }));
  const settings = await resolveSettings({}, { XDG_CONFIG_HOME: dir });
  t.is(settings.get('pageSize'), 100);
  t.is(settings.profile?.name, 'default');
});

test('credentials: the secret only from the environment or a private credentials file', async (t) => {
  const dir = await tempDir(t);
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify({ profiles: { prod: { apiUrl: 'https://api.example.test', clientId: 'prod-client' } } }));
  const env = { DATA8_CONFIG_FILE: configFile, DATA8_PROFILE: 'prod' };
  const missing = await t.throwsAsync(credentialsOf(await resolveSettings({}, env), env), { instanceOf: ConfigError });
  t.regex(missing.message, /DATA8_CLIENT_SECRET not set/);
  const withSecret = { ...env, DATA8_CLIENT_SECRET: 'from-the-environment' };
  t.like(await credentialsOf(await resolveSettings({}, withSecret), withSecret), { clientId: 'prod-client', clientSecret: 'from-the-environment' });
  const file = path.join(dir, 'credentials.json');
  await writeFile(file, JSON.stringify({ clientId: 'f', clientSecret: 'file-secret', apiUrl: 'https://api.example.test' }), { mode: 0o644 });
  await chmod(file, 0o644);
  const open = { DATA8_CONFIG_FILE: configFile, DATA8_CREDENTIALS_FILE: file };
  await t.throwsAsync(credentialsOf(await resolveSettings({}, open), open), {
    instanceOf: ConfigError,
    message: `the credentials file ${file} can be read by others (mode 644): make it private with chmod 600 ${file}`,
  });
  await chmod(file, 0o600);
  t.like(await credentialsOf(await resolveSettings({}, open), open), { clientId: 'f', clientSecret: 'file-secret' });
  t.is(await credentialsOf(await resolveSettings({}, { DATA8_CONFIG_FILE: configFile }), { DATA8_CONFIG_FILE: configFile }), undefined);
});
