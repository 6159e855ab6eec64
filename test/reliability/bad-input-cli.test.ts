/**
 * Every bad-input fixture (test/fixtures/bad-input/, with its expected message) through the
 * command a user runs: exit code 1, the reader's message naming file, line, record, column and
 * reason as the first line (no stack), and nothing left beside the output: no output file, no
 * temporary file, no checkpoint. Fixtures that read as zero records (a header only, blank NDJSON
 * lines, `[]`) are refused with their `cleanse` message before anything is created; those that
 * are fine (BOM, CRLF, lone CR) give their records. The library's own checks of the same
 * fixtures are in test/formats/bad-input.test.ts.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { assertNoSecret, explain, runCli, useEmulator, useTempDir, type CliResult } from '../cli/helpers/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/bad-input/', import.meta.url));

interface Expectation {
  readonly message?: string;
  readonly records?: readonly Record<string, unknown>[];
  /** What the command writes, when restoring the file's headers makes it differ from `records`. */
  readonly output?: readonly Record<string, unknown>[];
  /** What a cleansing run says of a file that reads fine but cannot be cleansed (no records). */
  readonly cleanse?: string;
  readonly options?: { readonly columns?: Readonly<Record<string, string>> };
}

const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expectation>;

/** The command-line flags for a fixture's reader options. */
function flagsOf(name: string, expectation: Expectation): string[] {
  const { columns, ...others } = expectation.options ?? {};
  if (Object.keys(others).length > 0) throw new Error(`${name}: no command-line flag for the options ${Object.keys(others).join(', ')}`);
  return Object.entries(columns ?? {}).flatMap(([column, type]) => ['--type', `${column}=${type}`]);
}

/** Runs `cleanse` on `input` into a fresh directory; answers the result and what the directory holds afterwards. */
async function cleanseInto(t: ExecutionContext, env: Record<string, string>, input: string, flags: readonly string[] = []) {
  const directory = await useTempDir(t);
  const output = join(directory, 'out.ndjson');
  const result = await runCli(['cleanse', input, '-w', 'Identity', '-o', output, '--progress', 'none', ...flags], { env, cwd: directory });
  return { result, output, left: await readdir(directory) };
}

function assertRefused(t: ExecutionContext, result: CliResult, left: readonly string[], expectedFirstLine: string, what: string): void {
  t.is(result.code, 65, `${what}: ${explain(result)}`);
  const firstLine = result.stderr.split('\n')[0] ?? '';
  t.true(firstLine.startsWith(expectedFirstLine), `${what}: expected the first line to start with\n  ${expectedFirstLine}\ngot\n  ${firstLine}`);
  t.notRegex(result.stderr, /^\s+at /m, `${what}: no stack trace`);
  t.deepEqual(left, [], `${what}: no output, temporary file or checkpoint is left`);
  assertNoSecret(t, result);
}

/** Runs `work` over `items`, two at a time (the machine's cores). */
async function twoAtATime<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all([worker(), worker()]);
}

test('each refused fixture: exit 65, its expected message first (file, line, column, reason), nothing left behind', async (t) => {
  const { env } = await useEmulator(t);
  const refused = Object.entries(EXPECTED).filter(([, expectation]) => (expectation.cleanse ?? expectation.message) !== undefined);
  t.true(refused.length >= 18, 'the fixtures are there');
  await twoAtATime(refused, async ([name, expectation]) => {
    const input = join(FIXTURES, name);
    const { result, left } = await cleanseInto(t, env, input, flagsOf(name, expectation));
    assertRefused(t, result, left, `data8-batch: ${join(FIXTURES, expectation.cleanse ?? expectation.message ?? '')}`, name);
  });
});

test('the fixtures that are fine (BOM, CRLF, lone CR, mixed endings) come out with their records', async (t) => {
  const { env } = await useEmulator(t);
  const fine = Object.entries(EXPECTED).filter(([, expectation]) => (expectation.records?.length ?? 0) > 0);
  t.true(fine.length >= 4);
  await twoAtATime(fine, async ([name, expectation]) => {
    const { result, output, left } = await cleanseInto(t, env, join(FIXTURES, name), flagsOf(name, expectation));
    t.is(result.code, 0, `${name}: ${explain(result)}`);
    const records = (await readFile(output, 'utf8')).split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
    t.deepEqual(records, expectation.output ?? expectation.records, name);
    t.deepEqual(left, ['out.ndjson'], name);
  });
});

test('a header-only file, blank NDJSON and an empty JSON array are refused before anything is created, by the dry run too', async (t) => {
  const { emulator, env } = await useEmulator(t);
  const empty = Object.entries(EXPECTED).filter(([, expectation]) => expectation.cleanse !== undefined);
  t.deepEqual(empty.map(([name]) => name).sort(), ['empty-array.json', 'empty.ndjson', 'header-only.csv']);
  for (const [name, expectation] of empty) {
    t.deepEqual(expectation.records, [], `${name} reads as zero records`);
    const input = join(FIXTURES, name);
    const { result, left } = await cleanseInto(t, env, input);
    assertRefused(t, result, left, `data8-batch: ${join(FIXTURES, expectation.cleanse ?? '')}`, name);
    t.is(result.stderr, `data8-batch: ${join(FIXTURES, expectation.cleanse ?? '')}\n`, `${name}: the message alone, no dataset to speak of`);
  }
  t.deepEqual(
    emulator.journal().filter((entry) => entry.method !== 'GET' && entry.path !== '/connect/token'),
    [],
    'no dataset was created, no job started',
  );

  const headerOnly = join(FIXTURES, 'header-only.csv');
  const dry = await runCli(['cleanse', headerOnly, '-w', 'Identity', '--dry-run']);
  t.is(dry.code, 65, explain(dry));
  t.true(dry.stdout.startsWith(`${headerOnly}:1: the file has a header but no records\n`), explain(dry));
});

test('a 10 MB field, a bad line after thousands of good ones, and a value that does not fit its declared type: exit 65, named, no output', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const inputs = join(directory, 'inputs');
  await mkdir(inputs);

  const bigField = join(inputs, 'big-field.csv');
  await writeFile(bigField, `id,notes\n1,short\n2,"${'x'.repeat(10 * 1024 * 1024)}"\n3,after\n`);
  const big = await cleanseInto(t, env, bigField);
  assertRefused(t, big.result, big.left, `data8-batch: ${bigField}:3, record 2: the record is longer than --max-record-size`, '10 MB field');

  // Blocks of the good records are on their way before the bad line is read.
  const lines = ['id,name', ...Array.from({ length: 5_000 }, (_, i) => `${String(i)},n${String(i)}`)];
  lines[4_001] = '4000';
  const lateRagged = join(inputs, 'late-ragged.csv');
  await writeFile(lateRagged, `${lines.join('\n')}\n`);
  const late = await cleanseInto(t, env, lateRagged);
  assertRefused(t, late.result, late.left, `data8-batch: ${lateRagged}:4002, record 4001: expected 2 fields (as in the header) but got 1`, 'late ragged row');

  const ndjson = join(inputs, 'late-type.ndjson');
  const records = Array.from({ length: 3_000 }, (_, i) => JSON.stringify({ id: i, name: `n${String(i)}` }));
  records[2_500] = JSON.stringify({ id: 'two thousand five hundred', name: 'x' });
  await writeFile(ndjson, `${records.join('\n')}\n`);
  const typed = await cleanseInto(t, env, ndjson);
  assertRefused(t, typed.result, typed.left, `data8-batch: ${ndjson}:2501, record 2501, column "id": `, 'NDJSON value of another type');
});

test('an input that fails after its dataset was created names the dataset it leaves and what to do; doing so works', async (t) => {
  const { emulator, env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = join(directory, 'late.csv');
  // The bad row lies far beyond what the reader reads ahead, so blocks are on their way when it is found.
  const lines = ['id,name', ...Array.from({ length: 30_000 }, (_, i) => `${String(i)},n${String(i)}`)];
  lines[20_001] = '20000';
  await writeFile(input, `${lines.join('\n')}\n`);
  const { result, left } = await cleanseInto(t, env, input, ['--job-name', 'late']);
  assertRefused(t, result, left, `data8-batch: ${input}:20002, record 20001: expected 2 fields (as in the header) but got 1`, 'late ragged row');
  t.true(
    result.stderr.includes('. The run leaves input dataset "late_input" on the service, incomplete: delete it with `data8-batch datasets delete late_input`'),
    explain(result),
  );
  // The library's advice, in the command line's words: a flag, no option names.
  t.regex(result.stderr, /deleted names are never reused, so rerun with another --job-name\n/);
  t.notRegex(result.stderr, /jobName|onExisting|client\.datasets/);
  const datasets = async () => {
    const response = await fetch(`${emulator.url}/Dataset`, { headers: { authorization: `Bearer ${emulator.issueToken()}` } });
    return (await response.json()) as { name: string; completed: boolean }[];
  };
  t.like(await datasets(), [{ name: 'late_input', completed: false }]);

  const deleted = await runCli(['datasets', 'delete', 'late_input'], { env });
  t.is(deleted.code, 0, explain(deleted));
  t.deepEqual(await datasets(), []);
  lines[20_001] = '20000,n20000';
  await writeFile(input, `${lines.join('\n')}\n`);
  const rerun = await cleanseInto(t, env, input, ['--job-name', 'late 2']);
  t.is(rerun.result.code, 0, explain(rerun.result));
  t.deepEqual(await datasets(), [], 'the rerun cleaned up after itself');
});
