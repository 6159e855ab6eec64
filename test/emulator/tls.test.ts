/**
 * `data8-batch emulator --cert FILE --key FILE` serves HTTPS (the flags Azurite uses), with a
 * certificate from a CA made by `openssl` at test time.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { get } from 'node:https';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { makeTestCa } from '../helpers/test-ca.js';

const cli = fileURLToPath(new URL('../../lib/cli/main.ts', import.meta.url));

function getJson(url: string, ca: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    }).on('error', reject);
  });
}

test('serves HTTPS with --cert and --key, prints its https:// address, and discovery names https endpoints', async (t) => {
  const ca = makeTestCa();
  t.teardown(() => ca.remove());
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'emulator', '--cert', ca.certFile, '--key', ca.keyFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => child.kill('SIGTERM'));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
    });
    child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
  });
  const url = /listening on (https:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
  t.truthy(url, line);
  const discovery = await getJson(`${url!}/.well-known/openid-configuration`, ca.ca);
  t.is(discovery.status, 200);
  t.is(discovery.body['token_endpoint'], `${url!}/connect/token`);
  await t.throwsAsync(getJson(`${url!}/.well-known/openid-configuration`, ''), { message: /certificate|self.signed|issuer/i });
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  t.is(code, 0);
});

test('--cert without --key is refused, naming the missing flag', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'emulator', '--cert', '/nonexistent.pem'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  t.not(code, 0);
  t.regex(stderr, /--cert and --key go together: --key is missing/);
});
