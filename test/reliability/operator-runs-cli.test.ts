/**
 * What a scheduler (cron, Airflow, CI) sees of the command: an exit code by cause, a failure it
 * can parse, stderr of JSON lines only when asked, and a run stopped by `| head` that leaves
 * nothing blocking the next run, against the embedded emulator and against a standing service.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { startEmulatorProcess } from '../helpers/emulator-process.js';
import { writeAwkwardCsv } from '../helpers/record-files.js';
import {
  CANARY_CLIENT,
  CANARY_SECRET,
  childEnv,
  explain,
  jsonFailure,
  jsonLines,
  MAIN,
  runCli,
  useEmulator,
  useTempDir,
  type CliResult,
} from '../cli/helpers/cli.js';

/** Runs `command | head -3` in bash, as a person would; answers the command's own exit code and stderr. */
async function pipedToHead(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult & { head: string }> {
  const quoted = [process.execPath, MAIN, ...args].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
  const script = `${quoted} 2>stderr.txt | head -3; echo "exit=\${PIPESTATUS[0]}" >&2`;
  const child = spawn('bash', ['-c', script], { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let head = '';
  let status = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (head += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (status += chunk));
  await new Promise((resolve) => child.on('close', resolve));
  const stderr = await readFile(join(cwd, 'stderr.txt'), 'utf8');
  const code = Number(/exit=(\d+)/.exec(status)?.[1]);
  return { code, signal: null, stdout: '', stderr, head };
}

test('cleanse | head (embedded emulator): exit 141 with one message, no checkpoint and no emulator state left; the same command then runs', async (t) => {
  const directory = await useTempDir(t);
  const input = join(directory, 'in.csv');
  await writeAwkwardCsv(input, 20_000);
  const args = ['cleanse', 'in.csv', '-w', 'Identity', '--emulator', '--progress', 'none'];
  const stopped = await pipedToHead(args, directory);
  t.is(stopped.code, 141, explain(stopped));
  t.is(stopped.head.split('\n').length, 4, 'head had its three lines');
  t.regex(stopped.stderr, /^data8-batch: stdout was closed before the output was complete \(its reader stopped early\): the run was stopped; no checkpoint is kept$/m);
  t.deepEqual((await readdir(directory)).sort(), ['in.csv', 'stderr.txt'], 'no checkpoint, no emulator directory');

  const next = await runCli([...args, '-o', 'out.csv'], { cwd: directory });
  t.is(next.code, 0, explain(next));
  t.deepEqual((await readdir(directory)).sort(), ['in.csv', 'out.csv', 'stderr.txt']);
});

test('cleanse | head against a standing service: the run\'s datasets are deleted as after success, no checkpoint; --json makes the stop one JSON object', async (t) => {
  const data = await useTempDir(t);
  const service = await startEmulatorProcess({ dataDir: data, env: { DATA8_CLIENT_ID: CANARY_CLIENT, DATA8_CLIENT_SECRET: CANARY_SECRET } });
  t.teardown(() => service.stop());
  const env = { DATA8_API_URL: service.url, DATA8_AUTH_URL: service.url, DATA8_CLIENT_ID: CANARY_CLIENT, DATA8_CLIENT_SECRET: CANARY_SECRET };
  const directory = await useTempDir(t);
  await writeAwkwardCsv(join(directory, 'in.csv'), 20_000);

  const stopped = await pipedToHead(['cleanse', 'in.csv', '-w', 'Identity', '--job-name', 'headed', '--json', '--progress', 'json'], directory, env);
  t.is(stopped.code, 141, explain(stopped));
  const failure = jsonFailure(stopped.stderr);
  t.like(failure, { code: 'DATA8_STDOUT_CLOSED', exitCode: 141 });
  t.regex(failure.message, /no checkpoint is kept; deleted the run's datasets headed_input, headed_output$/);
  t.false(stopped.stderr.includes(CANARY_SECRET));
  t.deepEqual((await readdir(directory)).sort(), ['in.csv', 'stderr.txt']);
  const listed = await runCli(['datasets', 'list', '--json'], { env });
  t.deepEqual(JSON.parse(listed.stdout), [], 'nothing left on the service');

  // Deleted names are never reused; a plain rerun (a new default job name) just runs.
  const next = await runCli(['cleanse', 'in.csv', '-w', 'Identity', '-o', 'out.csv', '--quiet'], { env, cwd: directory });
  t.is(next.code, 0, explain(next));
});

test('datagroup append | head (embedded emulator): exit 141, no temporary emulator directory left', async (t) => {
  const directory = await useTempDir(t);
  const temporary = await useTempDir(t);
  await writeFile(join(directory, 'people.csv'), `External ID,First Name,Last Name\n${Array.from({ length: 20_000 }, (_, i) => `${i},Ann,Lee${i}`).join('\n')}\n`);
  const stopped = await pipedToHead(['datagroup', 'append', 'people.csv', '--job-id', 'j1', '--emulator', '--progress', 'none'], directory, { TMPDIR: temporary });
  t.is(stopped.code, 141, explain(stopped));
  t.regex(stopped.stderr, /^data8-batch: stdout was closed before the output was complete \(its reader stopped early\): the command was stopped$/m);
  t.deepEqual(await readdir(temporary), [], 'the embedded emulator removed its state');
});

test('a wrong secret fails with 77 and leaves no checkpoint: the next run with the right secret just runs', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  await writeAwkwardCsv(join(directory, 'in.csv'), 100);
  const args = ['cleanse', 'in.csv', '-w', 'Identity', '-o', 'out.csv', '--progress', 'none'];
  const refused = await runCli(args, { env: { ...env, DATA8_CLIENT_SECRET: 'not-the-secret' }, cwd: directory });
  t.is(refused.code, 77, explain(refused));
  t.regex(refused.stderr, /invalid_client/);
  t.notRegex(refused.stderr, /checkpoint/i);
  t.deepEqual(await readdir(directory), ['in.csv']);
  const next = await runCli(args, { env, cwd: directory });
  t.is(next.code, 0, explain(next));
});

test('exit codes by cause, each failure one JSON object on stderr with --json', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const ragged = join(directory, 'ragged.csv');
  await writeFile(ragged, 'a,b\n1,2\n3\n');
  const badFile = join(directory, 'credentials.json');
  await writeFile(badFile, '{"clientId": "x"');
  const cases: [string, readonly string[], Record<string, string>, number, string][] = [
    ['usage', ['cleanse', 'x.csv', '--json'], {}, 2, 'DATA8_USAGE_ERROR'],
    ['malformed input', ['cleanse', ragged, '-w', 'Identity', '-o', join(directory, 'o.csv'), '--json'], env, 65, 'DATA8_INPUT_ERROR'],
    ['service unreachable', ['datasets', 'list', '--json'], { ...env, DATA8_API_URL: 'http://127.0.0.1:1', DATA8_AUTH_URL: 'http://127.0.0.1:1' }, 75, 'DATA8_NETWORK_ERROR'],
    ['credentials refused', ['datasets', 'list', '--json'], { ...env, DATA8_CLIENT_SECRET: 'wrong' }, 77, 'DATA8_AUTHENTICATION_ERROR'],
    ['no credentials', ['datasets', 'list', '--json'], {}, 78, 'DATA8_CONFIG_ERROR'],
    ['credentials set in part', ['datasets', 'list', '--json'], { DATA8_CLIENT_ID: 'x' }, 78, 'DATA8_CONFIG_ERROR'],
    ['a bad credentials file', ['--credentials', badFile, 'datasets', 'list', '--json'], {}, 78, 'DATA8_CONFIG_ERROR'],
    ['not found', ['datasets', 'show', 'nothing_here', '--json'], env, 1, 'DATA8_NOT_FOUND'],
  ];
  for (const [what, args, runEnv, code, errorCode] of cases) {
    const result = await runCli(args, { env: runEnv });
    t.is(result.code, code, `${what}: ${explain(result)}`);
    // Every line is JSON (retry notes of an unreachable service too); one of them is the failure.
    for (const line of result.stderr.trimEnd().split('\n')) t.notThrows(() => { JSON.parse(line); }, `${what}: ${line}`);
    t.like(jsonFailure(result.stderr), { code: errorCode, exitCode: code }, what);
    t.false(result.stderr.includes(CANARY_SECRET), what);
  }
  const malformed = jsonFailure((await runCli(['cleanse', ragged, '-w', 'Identity', '-o', join(directory, 'o.csv'), '--json'], { env })).stderr);
  t.like(malformed, { file: ragged, line: 3 });
});

test('--progress json: stderr is JSON lines only, notes, the summary and the failure included', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = join(directory, 'in.csv');
  await writeAwkwardCsv(input, 500);
  const ok = await runCli(['cleanse', input, '-w', 'Identity', '-o', '-', '--progress', 'json', '--keep-datasets', '--job-name', 'lines'], { env });
  t.is(ok.code, 0, explain(ok));
  const lines = jsonLines(ok.stderr);
  t.true(lines.some((line) => line['phase'] === 'download' && line['done'] === true));
  t.like(lines.at(-1), { event: 'summary', job: { name: 'lines', status: 'Completed' } });

  const emulated = await runCli(['cleanse', input, '-w', 'Identity', '-o', '-', '--progress', 'json', '--emulator'], {});
  t.is(emulated.code, 0, explain(emulated));
  const events = jsonLines(emulated.stderr);
  t.regex(String(events.find((line) => line['event'] === 'notice')?.['message']), /--emulator: running against an embedded emulator/);
  t.like(events.at(-1), { event: 'summary', embeddedEmulator: true });

  const failed = await runCli(['cleanse', input, '-w', 'Identity', '-o', '-', '--progress', 'json', '--job-name', 'lines'], { env });
  t.is(failed.code, 1, explain(failed));
  t.like(jsonFailure(failed.stderr), { code: 'DATA8_CONFLICT', exitCode: 1 });
});

test('--format is gone: an old command line is a usage error naming the flag that replaces it', async (t) => {
  for (const [args, replacement] of [
    [['cleanse', 'x.csv', '-w', 'Identity', '--format', 'csv'], '--output-format'],
    [['cleanse', 'x.csv', '-w', 'Identity', '-f', 'csv'], '--output-format'],
    [['datasets', 'upload', 'd', 'x.csv', '--format', 'csv'], '--input-format'],
    [['datasets', 'download', 'd', '-f', 'csv'], '--output-format'],
    [['datagroup', 'append', 'x.csv', '--job-id', 'j', '--format', 'csv'], '--input-format'],
  ] as const) {
    const result = await runCli(args);
    t.is(result.code, 2, explain(result));
    t.regex(result.stderr, new RegExp(`--format is now ${replacement}`));
  }
});

test('messages name flags and variables, not library options', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  await writeAwkwardCsv(join(directory, 'in.csv'), 20);
  const args = ['cleanse', 'in.csv', '-w', 'Identity', '-o', 'out.csv', '--job-name', 'taken', '--keep-datasets', '--progress', 'none'];
  t.is((await runCli(args, { env, cwd: directory })).code, 0);
  const again = await runCli(args, { env, cwd: directory });
  t.is(again.code, 1, explain(again));
  t.regex(again.stderr, /already: give another --job-name, or --resume to continue that run\n/);
  t.deepEqual((await readdir(directory)).sort(), ['in.csv', 'out.csv'], 'refused before anything was created: no checkpoint');

  await writeFile(join(directory, 'people.csv'), 'Name\nAnn\n');
  const hook = await runCli(['datagroup', 'append', 'people.csv', '--job-id', 'j1', '--emulator', '--notification-url', 'http://example.com/hook', '-q'], { cwd: directory });
  t.is(hook.code, 78, explain(hook));
  t.regex(hook.stderr, /^data8-batch: Invalid --notification-url: the vendor requires https/m);

  for (const result of [again, hook]) t.notRegex(result.stderr, /jobName|onExisting|notificationUrl|Invalid option/);
});
