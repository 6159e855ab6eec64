/**
 * Visible retries: a long retry wait shows as a note without any flag, `--debug` shows every
 * request, retry, token and discovery event (JSON with `--progress json`), the final error says
 * where the service was and what was tried, and none of it shows a secret.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { assertNoSecret, explain, runCli, useEmulator, useTempDir } from './helpers/cli.js';

test('a retry wait over two seconds shows as a note; --quiet leaves it out', async (t) => {
  const { emulator, env } = await useEmulator(t);
  emulator.faults.plan({ method: 'GET', path: '/Dataset', fault: { status: 503, retryAfterSeconds: 3 } });
  const result = await runCli(['datasets', 'list'], { env });
  t.is(result.code, 0, explain(result));
  t.regex(result.stderr, /^data8-batch: retrying GET \/Dataset\?page=1[^:]*: 503, attempt 2 of 6, next in 3s$/m);
  emulator.faults.plan({ method: 'GET', path: '/Dataset', fault: { status: 503, retryAfterSeconds: 3 } });
  const quiet = await runCli(['datasets', 'list', '--quiet'], { env });
  t.is(quiet.code, 0, explain(quiet));
  t.false(quiet.stderr.includes('retrying'));
});

test('--debug: one line per discovery, token, request and retry; the final error says what was tried', async (t) => {
  const { emulator, env } = await useEmulator(t);
  emulator.faults.plan({ method: 'GET', path: '/Dataset', times: 5, fault: { status: 503 } });
  const result = await runCli(['datasets', 'list', '--debug', '--retry-attempts', '2'], { env });
  t.not(result.code, 0);
  const lines = result.stderr.split('\n').filter((line) => line.startsWith('data8-batch debug: '));
  t.regex(lines[0] ?? '', /^data8-batch debug: discovery GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration: 200 in \d+ms, attempt 1$/);
  t.regex(lines[1] ?? '', /^data8-batch debug: token POST http:\/\/127\.0\.0\.1:\d+\/connect\/token: 200 in \d+ms, attempt 1$/);
  t.true(lines.some((line) => /request GET http:\/\/127\.0\.0\.1:\d+\/Dataset\?page=1[^:]*: 503 in \d+ms, attempt 1$/.test(line)), lines.join('\n'));
  t.true(lines.some((line) => /retry GET .*\/Dataset\?page=1[^:]*: 503, attempt 1, next in \d+ms$/.test(line)), lines.join('\n'));
  t.true(lines.some((line) => /give-up GET .*: 503, attempt 2 \(retry\.maxAttempts \(2\) reached\)$/.test(line)), lines.join('\n'));
  t.regex(result.stderr, /data8-batch: GET \/Dataset\?page=1.*503.*; tried 2 times over \d+\.\ds at http:\/\/127\.0\.0\.1:\d+, then stopped: retry\.maxAttempts \(2\) reached/);
  assertNoSecret(t, result);
});

test('--debug with --progress json: stderr is JSON lines only', async (t) => {
  const { env } = await useEmulator(t);
  const dir = await useTempDir(t);
  const input = path.join(dir, 'in.csv');
  await writeFile(input, 'id,email\n1,a@example.com\n2,b@example.com\n');
  const result = await runCli(['cleanse', input, '-w', 'Identity', '-o', path.join(dir, 'out.csv'), '--progress', 'json', '--debug'], { env });
  t.is(result.code, 0, explain(result));
  const objects = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const events = new Set(objects.map((object) => object['event']).filter((event) => event !== undefined));
  t.deepEqual([...events].sort(), ['discovery', 'request', 'token']);
  t.true(objects.some((object) => object['phase'] === 'upload'));
  assertNoSecret(t, result);
});
