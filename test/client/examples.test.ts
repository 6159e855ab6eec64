/**
 * Every client example runs as documented (against an emulator it starts itself, as no
 * DATA8_* variable is passed on) and prints what the README says it prints.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import { childEnv } from '../cli/helpers/cli.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

async function run(name: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', `examples/${name}`], { cwd: REPO, env: childEnv() });
  return stdout;
}

test('examples/client-basics.ts uploads, runs a job and reads every record back', async (t) => {
  const stdout = await run('client-basics.ts');
  t.regex(stdout, /^dataset people_\d+: 2500 records, complete$/m);
  t.regex(stdout, /^job "Identity check \d+" completed: 2500 of 2500 records read back from identity_check_\d+_output$/m);
  t.regex(stdout, /^input dataset people_\d+ \(2500 records\)$/m);
  t.regex(stdout, /^12 requests, 0 retries, 1 token request\(s\)$/m);
});

test('examples/client-errors.ts shows typed errors, a retry after Retry-After and an abort', async (t) => {
  const stdout = await run('client-errors.ts');
  t.regex(stdout, /^ValidationError 400: \{"records\[1\]\.score":\[".+"\]\}$/m);
  t.regex(stdout, /^NotFoundError 404: GET \/Dataset\/no_such_dataset failed: 404 /m);
  t.regex(stdout, /^log: retry PATCH http:\/\/127\.0\.0\.1:\d+\/Dataset\/scores_\d+\/data status=503 retryInMs=1000$/m);
  t.regex(stdout, /^uploaded after 1 retry$/m);
  t.regex(stdout, /^AbortError: GET \/Dataset\/scores_\d+ was aborted$/m);
});

test('examples/client-admin.ts creates a credential that works and a restricted API key', async (t) => {
  const stdout = await run('client-admin.ts');
  t.regex(stdout, /^credential [\w-]+: 1 secret\(s\)$/m);
  t.regex(stdout, /^the new credential sees 2 credential\(s\)$/m);
  t.regex(stdout, /^key: domains www\.example\.com; networks 203\.0\.113\.0\/24; services EmailValidation$/m);
});
