/**
 * The command with a canary secret in its environment (or a credentials file): neither the
 * secret nor any access token issued during the run (captured by a proxy) appears on stdout or
 * stderr (stack traces of --verbose included), in any file the command writes, or in the
 * arguments of the command or of any process below it (/proc/<pid>/cmdline, sampled while it
 * runs), whether the run succeeds or fails.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { startEmulator } from '../../lib/emulator/index.js';
import { explain, startCli, useTempDir, type CliResult } from '../cli/helpers/cli.js';
import { writeAwkwardCsv } from '../helpers/record-files.js';
import { processTreeCommandLines, secretsIn, secretsInFiles, startTokenProxy } from '../helpers/secret-scan.js';

const CANARY_ID = 'canary-client';
const CANARY = `canary-secret-${randomBytes(8).toString('hex')}`;
const WRONG = `canary-wrong-${randomBytes(8).toString('hex')}`;
const basic = (secret: string) => Buffer.from(`${CANARY_ID}:${encodeURIComponent(secret)}`).toString('base64');

interface Observed {
  readonly result: CliResult;
  /** Every command line seen in the command's process tree while it ran. */
  readonly commandLines: string[];
}

/** Runs the command, sampling the command lines of its process tree until it exits. */
async function observe(args: readonly string[], env: Record<string, string>): Promise<Observed> {
  const { child, result } = startCli(args, { env });
  const commandLines = new Set<string>();
  const state = { running: true };
  void result.finally(() => (state.running = false));
  while (state.running && child.pid !== undefined) {
    for (const line of (await processTreeCommandLines(child.pid)).values()) commandLines.add(line);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { result: await result, commandLines: [...commandLines] };
}

test('no secret or issued token on stdout, stderr, in written files or in process arguments, whatever the outcome', async (t) => {
  const emulator = await startEmulator({ credentials: { clientId: CANARY_ID, clientSecret: CANARY }, tokenTtlSeconds: 2, faults: { rate503: 0.05, seed: 5 } });
  t.teardown(() => emulator.close());
  const proxy = await startTokenProxy(emulator.url);
  t.teardown(() => proxy.close());
  const dir = await useTempDir(t);
  const env = { DATA8_API_URL: proxy.url, DATA8_AUTH_URL: proxy.url, DATA8_CLIENT_ID: CANARY_ID, DATA8_CLIENT_SECRET: CANARY };

  const input = join(dir, 'in.csv');
  await writeAwkwardCsv(input, 2_000);
  const refused = join(dir, 'refused.csv');
  await writeFile(refused, 'Name,Joined\nAnn,2024-01-01\nBob,2024-03-31T14:05:00+0100\n');
  const ragged = join(dir, 'ragged.csv');
  await writeFile(ragged, 'a,b\n1,2\n3\n');
  const credentialsFile = join(dir, 'credentials.json');
  await writeFile(credentialsFile, JSON.stringify({ clientId: CANARY_ID, clientSecret: CANARY, apiUrl: proxy.url, authUrl: proxy.url }), { mode: 0o600 });
  emulator.jobs.script({ job: 'failing job', error: 'Address file unavailable' });

  const out = (name: string) => join(dir, name);
  const runs: [string, readonly string[], Record<string, string>, number][] = [
    ['success, JSON progress', ['cleanse', input, '-w', 'Identity', '-o', out('a.csv'), '--progress', 'json', '--verbose'], env, 0],
    ['success, JSON summary', ['cleanse', input, '-w', 'Identity', '-o', out('b.csv'), '--json', '--verbose', '--keep-datasets'], env, 0],
    ['credentials file', ['--credentials', credentialsFile, 'cleanse', input, '-w', 'Identity', '-o', out('c.csv')], {}, 0],
    ['job failure', ['cleanse', input, '-w', 'Identity', '-o', out('d.csv'), '--job-name', 'failing job', '--verbose'], env, 1],
    ['refused record', ['cleanse', refused, '-w', 'Identity', '-o', out('e.csv'), '--type', 'Joined=DateTime', '--verbose'], env, 65],
    ['bad input', ['cleanse', ragged, '-w', 'Identity', '-o', out('f.csv'), '--verbose'], env, 65],
    ['wrong secret', ['cleanse', input, '-w', 'Identity', '-o', out('g.csv'), '--verbose'], { ...env, DATA8_CLIENT_SECRET: WRONG }, 77],
    ['unreachable service', ['datasets', 'list', '--verbose'], { ...env, DATA8_API_URL: 'http://127.0.0.1:1' }, 75],
    ['datasets list', ['datasets', 'list', '--json', '--verbose'], env, 0],
    ['jobs list', ['jobs', 'list', '--verbose'], env, 0],
    ['credentials list', ['credentials', 'list', '--json', '--verbose'], env, 0],
  ];
  const observed: [string, Observed][] = [];
  for (const [name, args, runEnv, code] of runs) {
    const seen = await observe(args, runEnv);
    t.is(seen.result.code, code, `${name}: ${explain(seen.result)}`);
    observed.push([name, seen]);
  }

  const forbidden = [CANARY, WRONG, basic(CANARY), basic(WRONG), encodeURIComponent(CANARY), ...proxy.tokens];
  t.true(proxy.tokens.size >= 2, `tokens were issued (${String(proxy.tokens.size)})`);
  for (const [name, { result, commandLines }] of observed) {
    t.deepEqual(secretsIn([result.stdout, result.stderr], forbidden), [], `${name} printed a secret: ${explain(result)}`);
    t.true(commandLines.some((line) => line.includes('main.js')), `${name}: the command's own arguments were read`);
    t.deepEqual(secretsIn(commandLines, forbidden), [], `${name}: a secret in process arguments`);
  }
  // The stack traces of --verbose were printed, so the search above covered them.
  t.regex(observed[3]?.[1].result.stderr ?? '', /^\s+at /m);
  const written = await secretsInFiles(dir, forbidden);
  t.deepEqual(written.filter((found) => !found.startsWith(`${credentialsFile}:`)), [], 'outputs, checkpoints and run records');
  t.true(written.some((found) => found.startsWith(`${credentialsFile}:`)), 'the file search finds the secret where it is (the credentials file)');
});
