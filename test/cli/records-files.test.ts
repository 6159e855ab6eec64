/**
 * The record files of test/fixtures/records/ through the command a user runs: NDJSON with
 * varying keys and nested values (`cleanse --dry-run` and a real `cleanse`), gzip inputs and
 * outputs by name, gzip piped into stdin, `datasets upload` of a `.gz` file, and a truncated
 * gzip file refused before anything is created.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import test from 'ava';
import { explain, runCli, useEmulator, useTempDir } from './helpers/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/records/', import.meta.url));
const CONTACTS_CSV = 'first_name,last_name,email\nAnn,Smith,ann@example.com\nBob,Jones,bob@example.com\nCat,Brown,cat@example.com\n';

function ndjson(text: string): unknown[] {
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
}

test('varying keys: the dry run lists the union of the keys and says once that it differs from the first record', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = join(FIXTURES, 'varying-keys.ndjson');
  const result = await runCli(['cleanse', input, '-w', 'Identity', '-o', join(directory, 'out.ndjson'), '--dry-run'], { env });
  t.is(result.code, 0, explain(result));
  t.true(result.stdout.includes(`Checked ${input} (Input): 3 records; columns: first_name String, email String, phone String, postcode String\n`), result.stdout);
  const notes = result.stdout.split('\n').filter((line) => line.startsWith('  note: '));
  t.deepEqual(notes, [`  note: the records do not all have the same keys: the 4 columns are the keys of the first 3 records (sampleSize 1000), of which the first record has 2 (not "phone", "postcode"); a missing key is an empty value`]);
  t.deepEqual(await readdir(directory), [], 'a dry run writes nothing');
});

test('varying keys: a real cleanse uploads every key, a missing one as an empty value', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const output = join(directory, 'out.ndjson');
  const result = await runCli(['cleanse', join(FIXTURES, 'varying-keys.ndjson'), '-w', 'Identity', '-o', output, '--progress', 'none'], { env });
  t.is(result.code, 0, explain(result));
  t.deepEqual(ndjson(await readFile(output, 'utf8')), [
    { first_name: 'Ann', email: 'ann@example.com', phone: null, postcode: null },
    { first_name: 'Bob', email: null, phone: '07700 900123', postcode: null },
    { first_name: 'Cat', email: 'cat@example.com', phone: null, postcode: 'LS1 4AP' },
  ]);
});

test('a nested value is refused before anything is sent, naming its line, its key and the --nested flag', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = join(FIXTURES, 'nested.ndjson');
  const result = await runCli(['cleanse', input, '-w', 'Identity', '-o', join(directory, 'out.ndjson'), '--progress', 'none'], { env });
  t.not(result.code, 0);
  t.true(result.stderr.startsWith(`data8-batch: ${input}:1, record 1, column "address": the value of "address" is a nested object`), result.stderr);
  t.regex(result.stderr, /--nested json.*--nested flatten/);
  const datasets = await runCli(['datasets', 'list'], { env });
  t.false(datasets.stdout.includes('nested'), `nothing was created: ${datasets.stdout}`);
});

test('cleanse in.csv.gz -o out.csv.gz: read by its inner extension, written compressed', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const output = join(directory, 'out.csv.gz');
  const result = await runCli(['cleanse', join(FIXTURES, 'contacts.csv.gz'), '-w', 'Identity', '-o', output, '--progress', 'none'], { env });
  t.is(result.code, 0, explain(result));
  t.is(gunzipSync(await readFile(output)).toString('utf8'), CONTACTS_CSV);
  const dry = await runCli(['cleanse', join(FIXTURES, 'contacts.csv.gz'), '-w', 'Identity', '-o', join(directory, 'dry.csv'), '--dry-run'], { env });
  t.is(dry.code, 0, explain(dry));
  t.regex(dry.stdout, /3 records; columns: first_name String, last_name String, email String/);
});

test('gzip -c f.csv | data8-batch cleanse - : gzip on stdin is recognised by its magic bytes', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const output = join(directory, 'out.csv');
  const stdin = readFileSync(join(FIXTURES, 'contacts.csv.gz'));
  const result = await runCli(['cleanse', '-', '-w', 'Identity', '-o', output, '--progress', 'none'], { env, stdin });
  t.is(result.code, 0, explain(result));
  t.is(await readFile(output, 'utf8'), CONTACTS_CSV);
  const ndjsonIn = readFileSync(join(FIXTURES, 'varying-keys.ndjson.gz'));
  const fromNdjson = await runCli(['cleanse', '-', '-w', 'Identity', '-o', join(directory, 'out.ndjson'), '--input-format', 'ndjson', '--progress', 'none'], { env, stdin: ndjsonIn });
  t.is(fromNdjson.code, 0, explain(fromNdjson));
  t.is(ndjson(await readFile(join(directory, 'out.ndjson'), 'utf8')).length, 3);
});

test('datasets upload of a .gz file', async (t) => {
  const { env } = await useEmulator(t);
  const create = await runCli(['datasets', 'create', 'people', '-c', 'first_name', '-c', 'last_name', '-c', 'email'], { env });
  t.is(create.code, 0, explain(create));
  const upload = await runCli(['datasets', 'upload', 'people', join(FIXTURES, 'contacts.csv.gz'), '--complete'], { env });
  t.is(upload.code, 0, explain(upload));
  t.regex(upload.stdout, /^Uploaded 3 records to people/);
});

test('a truncated gzip file: the file named and what is wrong, before anything is created; a corrupt one too', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  for (const [name, reason] of [
    ['truncated.csv.gz', 'the gzip data ends early (unexpected end of file): the file is truncated'],
    ['corrupt.csv.gz', 'the gzip data is corrupt ('],
  ] as const) {
    const input = join(FIXTURES, name);
    const result = await runCli(['cleanse', input, '-w', 'Identity', '-o', join(directory, 'out.csv'), '--progress', 'none'], { env });
    t.not(result.code, 0);
    t.true(result.stderr.startsWith(`data8-batch: ${input}: ${reason}`), result.stderr);
  }
  t.deepEqual(await readdir(directory), []);
  const datasets = await runCli(['datasets', 'list'], { env });
  t.is(datasets.code, 0);
  t.notRegex(datasets.stdout, /truncated|corrupt|contacts/);
});
