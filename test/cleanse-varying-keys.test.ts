/**
 * cleanse() with records of varying keys and nested values: the columns are settled before
 * anything is created, so a run fails (when it must) before its first request, never after
 * the upload.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import test from 'ava';
import { cleanse, InputError, type Data8Client, type DataRecord } from '../lib/index.js';
import { withClient } from './client/fixture.js';
import { temporaryDirectory } from './formats/read-all.js';

async function datasetNames(client: Data8Client): Promise<string[]> {
  const names: string[] = [];
  for await (const dataset of client.datasets.list()) names.push(dataset.name);
  return names;
}

const VARYING: DataRecord[] = [
  { first_name: 'Ann', email: 'ann@example.com' },
  { first_name: 'Bob', phone: '07700 900123' },
  { first_name: 'Cat', email: 'cat@example.com', postcode: 'LS1 4AP' },
];

function ndjsonLines(text: string): unknown[] {
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
}

test('records given directly with varying keys: every key is a column, a missing one an empty value', withClient, async (t, { client }) => {
  const directory = await temporaryDirectory(t);
  const output = join(directory, 'out.ndjson');
  const result = await cleanse({ client, workflow: 'Identity', jobName: 'varying records', inputs: { Input: { source: VARYING } }, outputs: { Output: output } });
  t.is(result.inputs.Input?.storedRecords, 3);
  t.deepEqual(ndjsonLines(await readFile(output, 'utf8')), [
    { first_name: 'Ann', email: 'ann@example.com', phone: null, postcode: null },
    { first_name: 'Bob', email: null, phone: '07700 900123', postcode: null },
    { first_name: 'Cat', email: 'cat@example.com', phone: null, postcode: 'LS1 4AP' },
  ]);
});

test('an NDJSON stream with varying keys reads as the union of its keys', withClient, async (t, { client }) => {
  const directory = await temporaryDirectory(t);
  const output = join(directory, 'out.ndjson');
  const stream = new PassThrough();
  stream.end(VARYING.map((record) => JSON.stringify(record)).join('\n'));
  await cleanse({ client, workflow: 'Identity', jobName: 'varying stream', inputs: { Input: { source: stream, read: { format: 'ndjson' } } }, outputs: { Output: output } });
  t.is(ndjsonLines(await readFile(output, 'utf8')).length, 3);
});

test('declared columns that a record exceeds: refused before any dataset exists, naming the record and key', withClient, async (t, { client }) => {
  const error = await t.throwsAsync(
    cleanse({ client, workflow: 'Identity', jobName: 'declared', inputs: { Input: { source: VARYING, columns: { first_name: 0, email: 0 } } }, outputs: { Output: new PassThrough() } }),
    { instanceOf: InputError },
  );
  t.is(error.record, 2);
  t.is(error.column, 'phone');
  t.regex(error.message, /^<Input records>, record 2, column "phone": the key "phone" is not one of the columns, which are the "columns" of this input/);
  t.deepEqual(await datasetNames(client), [], 'nothing was created');
});

test('a nested value in a file: refused before any dataset exists; nested: flatten uploads it as columns', withClient, async (t, { client }) => {
  const directory = await temporaryDirectory(t);
  const input = join(directory, 'people.ndjson');
  await writeFile(input, '{"name":"Ann","address":{"city":"Leeds"}}\n{"name":"Bob"}\n');
  const error = await t.throwsAsync(cleanse({ client, workflow: 'Identity', jobName: 'nested', inputs: { Input: input }, outputs: { Output: new PassThrough() } }), { instanceOf: InputError });
  t.regex(error.message, /people\.ndjson:1, record 1, column "address": the value of "address" is a nested object/);
  t.deepEqual(await datasetNames(client), []);
  const output = join(directory, 'out.ndjson');
  await cleanse({ client, workflow: 'Identity', jobName: 'flattened', inputs: { Input: { source: input, read: { nested: 'flatten' } } }, outputs: { Output: output } });
  t.deepEqual(ndjsonLines(await readFile(output, 'utf8')), [
    { name: 'Ann', address_city: 'Leeds' },
    { name: 'Bob', address_city: null },
  ]);
});
