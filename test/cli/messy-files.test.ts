/**
 * The messy fixtures (test/fixtures/messy/) through the command a user runs: `cleanse --dry-run`
 * prints what was detected (encoding, delimiter, header mapping with types) and the notes; a
 * real `cleanse` against an emulator gives the records a person means, with each note once on
 * stderr; a file the reader is unsure of is refused before anything is sent, naming the flag
 * that decides. The reader flags work alike on `datasets upload` and `datagroup append`.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { explain, runCli, useEmulator, useTempDir } from './helpers/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/messy/', import.meta.url));

interface Expectation {
  readonly records?: readonly Record<string, unknown>[];
  readonly output?: readonly Record<string, unknown>[];
  readonly notes?: readonly string[];
  readonly flag?: string;
}

const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expectation>;
const READABLE = Object.entries(EXPECTED).filter(([, expectation]) => expectation.records !== undefined);
const REFUSED = Object.entries(EXPECTED).filter(([, expectation]) => expectation.records === undefined);

async function twoAtATime<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all([worker(), worker()]);
}

async function cleanseInto(t: ExecutionContext, env: Record<string, string>, input: string, flags: readonly string[] = []) {
  const directory = await useTempDir(t);
  const output = join(directory, 'out.ndjson');
  const result = await runCli(['cleanse', input, '-w', 'Identity', '-o', output, '--progress', 'none', ...flags], { env, cwd: directory });
  return { result, output, left: await readdir(directory) };
}

test('--dry-run prints the encoding, dialect, header mapping and types, and the notes, for every messy fixture', async (t) => {
  t.true(READABLE.length >= 14);
  await twoAtATime(READABLE, async ([name, expectation]) => {
    const result = await runCli(['cleanse', join(FIXTURES, name), '-w', 'Identity', '--dry-run']);
    t.is(result.code, 0, `${name}: ${explain(result)}`);
    t.regex(result.stdout, /\n {2}read as: encoding [\w-]+, delimiter /, name);
    const columns = Object.keys(expectation.records?.[0] ?? {});
    t.regex(result.stdout, new RegExp(`header → column: .*→ ${columns[0] ?? ''} String`), name);
    for (const word of expectation.notes ?? []) t.regex(result.stdout, new RegExp(`\n {2}note: .*${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), `${name}: ${word}`);
    t.is(result.stderr, '', `${name}: the notes are the report's, not repeated on stderr`);
  });
});

test('a real cleanse of every messy fixture gives the records a person means, each note once on stderr', async (t) => {
  const { env } = await useEmulator(t);
  await twoAtATime(READABLE, async ([name, expectation]) => {
    const { result, output, left } = await cleanseInto(t, env, join(FIXTURES, name));
    t.is(result.code, 0, `${name}: ${explain(result)}`);
    const records = (await readFile(output, 'utf8')).split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
    t.is(records.length, expectation.records?.length ?? -1, name);
    if (expectation.output !== undefined) t.deepEqual(records, expectation.output, name);
    for (const word of expectation.notes ?? []) {
      const lines = result.stderr.split('\n').filter((line) => line.startsWith(join(FIXTURES, name)) && line.includes(word));
      t.is(lines.length, 1, `${name}: the note with "${word}" once on stderr:\n${result.stderr}`);
    }
    t.deepEqual(left, ['out.ndjson'], name);
  });
});

test('a file the reader is unsure of is refused before anything is sent, naming the flag that decides', async (t) => {
  const { env } = await useEmulator(t);
  t.true(REFUSED.length >= 4);
  await twoAtATime(REFUSED, async ([name, expectation]) => {
    const { result, left } = await cleanseInto(t, env, join(FIXTURES, name));
    t.is(result.code, 65, `${name}: ${explain(result)}`);
    const first = result.stderr.split('\n')[0] ?? '';
    t.true(first.startsWith(`data8-batch: ${join(FIXTURES, name)}:`), first);
    t.true(first.includes(`(${expectation.flag ?? ''}`), `${name}: names ${expectation.flag ?? ''}: ${first}`);
    t.deepEqual(left, [], name);
    const dry = await runCli(['cleanse', join(FIXTURES, name), '-w', 'Identity', '--dry-run']);
    t.is(dry.code, 65, explain(dry));
    t.true(dry.stdout.includes(`(${expectation.flag ?? ''}`), `${name}: the dry run names ${expectation.flag ?? ''}: ${dry.stdout}`);
  });
  const list = await runCli(['datasets', 'list', '--json'], { env });
  t.deepEqual(JSON.parse(list.stdout), [], `no dataset was created: ${explain(list)}`);
});

test('the flags settle what the reader could not: --delimiter, --no-header, --columns, --rename, --encoding', async (t) => {
  const { env } = await useEmulator(t);
  const semicolons = await cleanseInto(t, env, join(FIXTURES, 'one-column-with-semicolons.csv'), ['--delimiter', 'comma']);
  t.is(semicolons.result.code, 0, explain(semicolons.result));
  t.is((await readFile(semicolons.output, 'utf8')).split('\n')[0], '{"notes":"hello; world"}');
  const noHeader = await cleanseInto(t, env, join(FIXTURES, 'no-header.csv'), ['--columns', 'email,first,last']);
  t.is(noHeader.result.code, 0, explain(noHeader.result));
  t.is((await readFile(noHeader.output, 'utf8')).split('\n')[0], '{"email":"ann@example.com","first":"Ann","last":"Smith"}');
  const renamed = await runCli(['cleanse', join(FIXTURES, 'excel-semicolon.csv'), '-w', 'Identity', '--dry-run', '--rename', 'E-Mail=email', '--rename', 'Telefon=phone']);
  t.regex(renamed.stdout, /"E-Mail" → email String, "Telefon" → phone String/);
  const japanese = await runCli(['cleanse', join(FIXTURES, 'shift-jis.csv'), '-w', 'Identity', '--dry-run', '--encoding', 'shift_jis']);
  t.is(japanese.code, 0, explain(japanese));
  t.regex(japanese.stdout, /encoding shift_jis/);
  const typo = await runCli(['cleanse', join(FIXTURES, 'pipes.txt'), '-w', 'Identity', '--dry-run', '--delimiter', 'semicolons']);
  t.is(typo.code, 2, explain(typo));
});

test('datasets upload and datagroup append take the same reader flags and print the same notes', async (t) => {
  const { env } = await useEmulator(t);
  const created = await runCli(['datasets', 'create', 'people', '-c', 'name', '-c', 'email'], { env });
  t.is(created.code, 0, explain(created));
  const upload = await runCli(['datasets', 'upload', 'people', join(FIXTURES, 'excel-sep-line.csv'), '--complete', '--progress', 'none'], { env });
  t.is(upload.code, 0, explain(upload));
  t.regex(upload.stderr, /excel-sep-line\.csv: line 1 is Excel's "sep=;" line/);
  t.regex(upload.stdout, /^Uploaded 2 records to people/);
  const append = await runCli(['datagroup', 'append', join(FIXTURES, 'no-header.csv'), '--job-id', 'j1', '--output', '-', '--progress', 'none', '--no-header', '--emulator']);
  t.is(append.code, 0, explain(append));
  t.regex(append.stdout, /^column_1,column_2,column_3,email\nann@example\.com,Ann,Smith,/);
  const refused = await runCli(['datagroup', 'append', join(FIXTURES, 'no-header.csv'), '--job-id', 'j1', '--output', '-', '--progress', 'none', '--emulator']);
  t.is(refused.code, 65, explain(refused));
  t.regex(refused.stderr, /the first row looks like data.*\(--no-header\)/);
});
