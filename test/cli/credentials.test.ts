import test from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../lib/core/errors.js';
import { loadCredentials } from '../../lib/cli/credentials.js';

const SECRET = 'canary-Secret-in-a-file';

async function tempFile(t: import('ava').ExecutionContext, text: string): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'data8-credentials-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const file = path.join(directory, 'credentials.json');
  await writeFile(file, text, { mode: 0o600 });
  return file;
}

test('no DATA8_* variable at all means no credentials (cleanse may then embed an emulator)', async (t) => {
  t.is(await loadCredentials({ HOME: '/home/someone' }), undefined);
});

test('credentials come from the environment, the auth URL optional', async (t) => {
  const credentials = await loadCredentials({
    DATA8_CLIENT_ID: 'id',
    DATA8_CLIENT_SECRET: SECRET,
    DATA8_API_URL: 'https://api.example.test',
  });
  t.like(credentials, { clientId: 'id', clientSecret: SECRET, apiUrl: 'https://api.example.test', authUrl: undefined });
});

test('a partial environment names every missing variable and never the secret', async (t) => {
  const error = await t.throwsAsync(loadCredentials({ DATA8_CLIENT_SECRET: SECRET }), { instanceOf: ConfigError });
  t.regex(error.message, /DATA8_CLIENT_ID, DATA8_API_URL not set/);
  t.false(error.message.includes(SECRET));
});

test('a credentials file is read in place of the environment', async (t) => {
  const file = await tempFile(t, JSON.stringify({ clientId: 'f', clientSecret: SECRET, apiUrl: 'http://127.0.0.1:1', authUrl: 'http://127.0.0.1:1' }));
  const credentials = await loadCredentials({ DATA8_CLIENT_ID: 'ignored' }, file);
  t.like(credentials, { clientId: 'f', authUrl: 'http://127.0.0.1:1' });
});

test('a credentials file that is not JSON is named without quoting its content', async (t) => {
  const file = await tempFile(t, `{ "clientId": "f", "clientSecret": "${SECRET}", oops }`);
  const error = await t.throwsAsync(loadCredentials({}, file), { instanceOf: ConfigError });
  t.is(error.message, `the credentials file ${file} is not valid JSON`);
});

test('a missing credentials file and a bad URL are named', async (t) => {
  await t.throwsAsync(loadCredentials({}, '/nonexistent/credentials.json'), {
    message: 'cannot read the credentials file /nonexistent/credentials.json: no such file',
  });
  const file = await tempFile(t, JSON.stringify({ clientId: 'f', clientSecret: SECRET, apiUrl: 'not a url' }));
  await t.throwsAsync(loadCredentials({}, file), { message: `"apiUrl" in the credentials file ${file} is not a URL: "not a url"` });
});
