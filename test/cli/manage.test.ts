import test from 'ava';
import { assertNoSecret, explain, runCli, useEmulator, type CliResult } from './helpers/cli.js';

/** Runs the command against `env`, expects exit 0, and checks the secret was not printed. */
async function ok(t: import('ava').ExecutionContext, env: Record<string, string>, args: readonly string[]): Promise<CliResult> {
  const result = await runCli(args, { env });
  t.is(result.code, 0, explain(result));
  assertNoSecret(t, result);
  return result;
}

function json(result: CliResult): unknown {
  return JSON.parse(result.stdout);
}

test('datasets: create, list, show, delete round trip; --json lists are arrays', async (t) => {
  const { env } = await useEmulator(t);
  const created = await ok(t, env, ['datasets', 'create', 'people', '--column', 'first_name:String', '-c', 'age:Integer']);
  t.regex(created.stdout, /Created input dataset people with 2 columns/);

  const list = json(await ok(t, env, ['datasets', 'list', '--json'])) as { name: string; input: boolean; completed: boolean }[];
  t.true(Array.isArray(list));
  t.like(list.find((dataset) => dataset.name === 'people'), { input: true, completed: false });

  const table = await ok(t, env, ['datasets', 'list']);
  t.regex(table.stdout, /^NAME\s+KIND\s+COMPLETE\s+RECORDS\npeople\s+input\s+no\s+0\n$/);

  const shown = json(await ok(t, env, ['datasets', 'show', 'people', '--json'])) as { columns: Record<string, number> };
  t.deepEqual(Object.keys(shown.columns), ['first_name', 'age']);
  t.regex((await ok(t, env, ['datasets', 'show', 'people'])).stdout, /age\s+Integer/);

  await ok(t, env, ['datasets', 'delete', 'people']);
  const after = json(await ok(t, env, ['--json', 'datasets', 'list'])) as { name: string }[];
  t.deepEqual(after, []);
  t.is((await ok(t, env, ['datasets', 'list'])).stdout, 'No datasets.\n');
});

test('credentials: a new secret is printed once, on creation, and never listed again', async (t) => {
  const { env } = await useEmulator(t);
  const credential = json(await ok(t, env, ['credentials', 'create', '--description', 'nightly load', '--json'])) as { clientId: string };
  t.truthy(credential.clientId);

  const listed = json(await ok(t, env, ['credentials', 'list', '--json'])) as { clientId: string; description: string }[];
  t.like(listed.find((entry) => entry.clientId === credential.clientId), { description: 'nightly load' });

  const secret = await ok(t, env, ['credentials', 'secrets', 'create', credential.clientId, '--expires', '2099-01-01T00:00:00Z', '-d', 'ci']);
  const value = /store it now:\n(.+)\n$/.exec(secret.stdout)?.[1];
  t.truthy(value, secret.stdout);

  const secrets = await ok(t, env, ['credentials', 'secrets', 'list', credential.clientId, '--json']);
  const entries = json(secrets) as { clientSecretId: number; description: string }[];
  t.is(entries.length, 1);
  t.false(secrets.stdout.includes(value!), 'the secret value was listed');
  const shown = await ok(t, env, ['credentials', 'show', credential.clientId]);
  t.false(shown.stdout.includes(value!), 'the secret value was shown');

  const id = String(entries[0]!.clientSecretId);
  await ok(t, env, ['credentials', 'secrets', 'update', credential.clientId, id, '--description', 'ci runner']);
  t.like(json(await ok(t, env, ['credentials', 'secrets', 'show', credential.clientId, id, '--json'])), { description: 'ci runner' });
  await ok(t, env, ['credentials', 'secrets', 'delete', credential.clientId, id]);
  t.deepEqual(json(await ok(t, env, ['credentials', 'secrets', 'list', credential.clientId, '--json'])), []);

  await ok(t, env, ['credentials', 'delete', credential.clientId]);
  const gone = await runCli(['credentials', 'show', credential.clientId], { env });
  t.is(gone.code, 1, explain(gone));
  t.regex(gone.stderr, /404|not found/i);
});

test('keys: create, restrict by domain, network and service, delete', async (t) => {
  const { env } = await useEmulator(t);
  const key = (json(await ok(t, env, ['keys', 'create', '--description', 'web form', '--client-key', '--json'])) as { key: string }).key;
  await ok(t, env, ['keys', 'domains', 'add', key, 'example.com']);
  await ok(t, env, ['keys', 'domains', 'add', key, 'example.com']);
  t.deepEqual(json(await ok(t, env, ['keys', 'domains', 'list', key, '--json'])), ['example.com']);
  await ok(t, env, ['keys', 'networks', 'add', key, '123.45.6.7/24']);
  t.deepEqual(json(await ok(t, env, ['keys', 'networks', 'list', key, '--json'])), ['123.45.6.0/24']);
  await ok(t, env, ['keys', 'networks', 'remove', key, '123.45.6.0/24']);
  await ok(t, env, ['keys', 'services', 'add', key, 'EmailValidation']);
  t.like(json(await ok(t, env, ['keys', 'show', key, '--json'])), {
    description: 'web form',
    allowedDomains: ['example.com'],
    allowedIPs: [],
    allowedServices: ['EmailValidation'],
  });
  await ok(t, env, ['keys', 'update', key, '--description', 'contact form']);
  t.regex((await ok(t, env, ['keys', 'list'])).stdout, new RegExp(`${key}\\s+contact form`));
  await ok(t, env, ['keys', 'delete', key]);
  t.deepEqual(json(await ok(t, env, ['keys', 'list', '--json'])), []);
});

test('jobs: start over a complete dataset, wait, show and list', async (t) => {
  const { emulator, env } = await useEmulator(t);
  // The dataset is filled through the API directly; uploading from files is the cleanse tests' business.
  const token = emulator.issueToken();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  await fetch(`${emulator.url}/Dataset`, { method: 'POST', headers, body: JSON.stringify({ name: 'src', columns: { name: 0 } }) });
  await fetch(`${emulator.url}/Dataset/src/data`, { method: 'PATCH', headers, body: JSON.stringify({ blockNumber: 0, records: [{ name: 'a' }, { name: 'b' }] }) });
  await ok(t, env, ['datasets', 'complete', 'src', '--records', '2']);

  const started = json(await ok(t, env, ['jobs', 'start', 'copy 1', '--workflow', 'Identity', '--input', 'Input=src', '--json'])) as { name: string };
  t.is(started.name, 'copy 1');
  const waited = json(await ok(t, env, ['jobs', 'wait', 'copy 1', '--json'])) as { status: number; outputDatasets: Record<string, string> };
  t.is(waited.status, 2);
  t.truthy(waited.outputDatasets.Output);
  t.regex((await ok(t, env, ['jobs', 'show', 'copy 1'])).stdout, /status\s+Completed/);
  const jobs = json(await ok(t, env, ['jobs', 'list', '--workflow', 'Identity', '--json'])) as { name: string; workflowName: string }[];
  t.deepEqual(jobs.map((job) => job.name), ['copy 1']);
});
