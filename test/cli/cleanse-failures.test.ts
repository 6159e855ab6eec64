import test from 'ava';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertNoSecret, explain, runCli, useEmulator, useTempDir } from './helpers/cli.js';

const UNCLOSED_QUOTE = 'Name,Joined\nAnn,2024-01-01\nBob,"2024-01-02\nCy,2024-01-03\n';

test('a malformed file: exit 65 (bad input data), one message naming the file and line, no stack, no output file', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = path.join(directory, 'broken.csv');
  const output = path.join(directory, 'broken.out.csv');
  await writeFile(input, UNCLOSED_QUOTE);
  const result = await runCli(['cleanse', input, '--workflow', 'Identity', '--output', output], { env });
  t.is(result.code, 65, explain(result));
  t.true(result.stderr.startsWith(`data8-batch: ${input}:3, record 2: unclosed quote`), result.stderr);
  t.notRegex(result.stderr, /^\s+at /m, 'no stack trace without --verbose');
  t.false(existsSync(output));
  t.deepEqual((await readdir(directory)).filter((name) => name.startsWith('broken.out') || name.startsWith('.broken.out')), []);
  assertNoSecret(t, result);

  const verbose = await runCli(['cleanse', input, '--workflow', 'Identity', '--output', output, '--verbose'], { env });
  t.is(verbose.code, 65, explain(verbose));
  t.regex(verbose.stderr, /^\s+at /m, 'the stack trace with --verbose');
  assertNoSecret(t, verbose);
});

for (const [title, args, expected] of [
  ['no --workflow', ['cleanse', 'x.csv'], /required option '-w, --workflow <name>' not specified/],
  ['an unknown flag', ['cleanse', 'x.csv', '-w', 'Identity', '--colour'], /unknown option '--colour'/],
  ['no input', ['cleanse', '-w', 'Identity'], /missing required argument 'input'/],
  ['a --param without =', ['cleanse', 'x.csv', '-w', 'Identity', '--param', 'DefaultCountry'], /expected key=value/],
  ['an unknown type', ['cleanse', 'x.csv', '-w', 'Identity', '--type', 'age=Number'], /must be one of String, Integer/],
  ['a workflow whose input role is unknown', ['cleanse', 'x.csv', '-w', 'MyMatch'], /name the input role of workflow MyMatch with --input-role/],
  ['fewer roles than inputs', ['cleanse', 'a.csv', 'b.csv', '-w', 'Identity', '-r', 'Input'], /2 inputs need 2 --input-role options/],
  ['an unknown command', ['clense', 'x.csv'], /unknown command 'clense'/],
] as const) {
  test(`usage error, exit 2: ${title}`, async (t) => {
    const result = await runCli(args);
    t.is(result.code, 2, explain(result));
    t.regex(result.stderr, expected);
  });
}

test('an unknown workflow fails the run (exit 1) naming it, and writes no output', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = path.join(directory, 'in.csv');
  const output = path.join(directory, 'out.csv');
  await writeFile(input, 'Name\nAnn\n');
  const result = await runCli(['cleanse', input, '-w', 'NoSuchFlow', '-r', 'Input', '-o', output], { env });
  t.is(result.code, 1, explain(result));
  t.regex(result.stderr, /NoSuchFlow/);
  t.false(existsSync(output));
  assertNoSecret(t, result);
});

test('a record the service refuses fails the run naming file, line and column; with --rejects it is set aside and the run goes on', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = path.join(directory, 'joiners.csv');
  const output = path.join(directory, 'joiners.out.csv');
  const rejects = path.join(directory, 'joiners.rejects.csv');
  // The reader takes the offset without a colon as a date; the service wants ISO 8601's "+01:00".
  await writeFile(input, 'Name,Joined\nAnn,2024-01-01\nBob,2024-03-31T14:05:00+0100\nCy,2024-01-03\n');
  const args = ['cleanse', input, '-w', 'Identity', '-o', output, '--type', 'Joined=DateTime'];

  const failed = await runCli(args, { env });
  t.is(failed.code, 65, explain(failed));
  t.regex(failed.stderr, new RegExp(`^data8-batch: ${input}:3, record 2, column "Joined": the server refused the record`, 'm'));
  t.false(existsSync(output));
  t.regex(failed.stderr, /The checkpoint is kept in .+: rerun with --resume/);

  const kept = await runCli([...args, '--rejects', rejects, '--resume'], { env });
  t.is(kept.code, 0, explain(kept));
  t.regex(kept.stdout, /refused {3}1 record, written to .+joiners\.rejects\.csv/);
  t.is(await readFile(output, 'utf8'), 'Name,Joined\nAnn,2024-01-01\nCy,2024-01-03\n');
  const rejected = (await readFile(rejects, 'utf8')).split('\n');
  t.is(rejected[0], 'rejected_role,rejected_line,rejected_record,rejected_column,rejected_reason,name,joined');
  t.regex(rejected[1] ?? '', /^Input,3,2,Joined,"the server refused the record .+ISO 8601.+",Bob,2024-03-31T14:05:00\+0100$/);
  assertNoSecret(t, kept);

  // With nothing refused, the rejects file is still written, with its header alone (the record's
  // own columns come from the first record refused, so there are none to add).
  const clean = path.join(directory, 'clean.csv');
  const cleanRejects = path.join(directory, 'clean.rejects.csv');
  await writeFile(clean, 'Name,Joined\nAnn,2024-01-01\n');
  const none = await runCli(['cleanse', clean, '-w', 'Identity', '-o', path.join(directory, 'clean.out.csv'), '--type', 'Joined=DateTime', '--rejects', cleanRejects], { env });
  t.is(none.code, 0, explain(none));
  t.is(await readFile(cleanRejects, 'utf8'), 'rejected_role,rejected_line,rejected_record,rejected_column,rejected_reason\n');
});

test('--dry-run lists every value that does not fit its type with its line, sends nothing, needs no credentials', async (t) => {
  const directory = await useTempDir(t);
  const input = path.join(directory, 'people.csv');
  await writeFile(input, 'Name,Age,Joined\nAnn,41,2024-01-01\nBob,forty,2024-01-02\nCy,39,2024-02-30\nDi,,\nEd,7.5,2024-01-05\n');
  const result = await runCli(['cleanse', input, '-w', 'Identity', '-o', path.join(directory, 'out.csv'), '--type', 'age=Integer', '--type', 'joined=DateTime', '--dry-run']);
  t.is(result.code, 65, explain(result));
  t.deepEqual(result.stdout.split('\n').slice(0, 3), [
    `${input}:3, record 2, column "Age": "forty" is not an Integer (whole number between -(2^53-1) and 2^53-1)`,
    `${input}:4, record 3, column "Joined": "2024-02-30" is not a DateTime (ISO 8601, such as 2024-03-31 or 2024-03-31T14:05:00Z)`,
    `${input}:6, record 5, column "Age": "7.5" is not an Integer (whole number between -(2^53-1) and 2^53-1)`,
  ]);
  t.regex(
    result.stdout,
    /Checked .+people\.csv \(Input\): 5 records; columns: name String, age Integer, joined DateTime\n {2}read as: encoding utf8, delimiter comma \(","\), quote ", header on line 1\n {2}header → column: "Name" → name String, "Age" → age Integer, "Joined" → joined DateTime\n3 problems found; nothing was sent\.\n$/,
  );
  t.false(result.stderr.includes('embedded emulator'), 'nothing is started, nothing is sent');
  t.deepEqual(await readdir(directory), ['people.csv']);

  const clean = await runCli(['cleanse', input, '-w', 'Identity', '--dry-run', '--json']);
  t.is(clean.code, 0, explain(clean));
  t.like(JSON.parse(clean.stdout), { problems: [], inputs: [{ role: 'Input', records: 5 }] });
});

test('--dry-run lists the first 1,000 problems and counts the rest, with the JSON report the same', async (t) => {
  const directory = await useTempDir(t);
  const input = path.join(directory, 'ages.csv');
  await writeFile(input, `Name,Age\n${Array.from({ length: 1_203 }, (_, index) => `P${String(index)},old`).join('\n')}\n`);
  const result = await runCli(['cleanse', input, '-w', 'Identity', '--type', 'age=Integer', '--dry-run']);
  t.is(result.code, 65, explain(result));
  const lines = result.stdout.trimEnd().split('\n');
  t.is(lines.filter((line) => line.includes('is not an Integer')).length, 1_000);
  t.true(lines[999]!.startsWith(`${input}:1001, record 1000, column "Age"`), lines[999]);
  t.deepEqual(lines.slice(1_000), [
    '... and 203 more problems, not listed',
    `Checked ${input} (Input): 1,203 records; columns: name String, age Integer`,
    '  read as: encoding utf8, delimiter comma (","), quote ", header on line 1',
    '  header → column: "Name" → name String, "Age" → age Integer',
    '1,203 problems found; nothing was sent.',
  ]);
  const json = await runCli(['cleanse', input, '-w', 'Identity', '--type', 'age=Integer', '--dry-run', '--json']);
  const report = JSON.parse(json.stdout) as { problems: unknown[]; problemCount: number };
  t.is(report.problems.length, 1_000);
  t.is(report.problemCount, 1_203);
});
