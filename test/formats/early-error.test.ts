import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError, readRecords } from '../../lib/index.js';
import { temporaryDirectory } from './read-all.js';

// The header and the bad row arrive in one chunk: the error is found right after the schema
// settles, before the caller's `await whenSchema()` continues and attaches anything.
const RAGGED = 'id,name,city\n1,Ann,Leeds\n2,Bob\n3,Cat,York\n';
const RAGGED_MESSAGE = 'ragged.csv:3, record 2: expected 3 fields (as in the header) but got 2';

async function raggedFile(t: Parameters<typeof temporaryDirectory>[0]): Promise<string> {
  const path = join(await temporaryDirectory(t), 'ragged.csv');
  await writeFile(path, RAGGED);
  return path;
}

function sink(received: unknown[]): Writable {
  return new Writable({
    objectMode: true,
    write(chunk, _encoding, callback) {
      received.push(chunk);
      callback();
    },
  });
}

test('an error in the header\'s chunk waits for the pipeline after whenSchema, which rejects with it', async (t) => {
  const reader = readRecords(await raggedFile(t), { fileName: 'ragged.csv' });
  const schema = await reader.whenSchema();
  t.deepEqual(schema.headerMap.map((mapping) => mapping.column), ['id', 'name', 'city']);
  const error = await t.throwsAsync(pipeline(reader, sink([])), { instanceOf: InputError });
  t.is(error.message, RAGGED_MESSAGE);
  t.like(error, { file: 'ragged.csv', line: 3, record: 2 });
});

test('an error found while nobody listens surfaces when the reader is consumed later, by a pipeline or by iterating', async (t) => {
  const pipedInput = new PassThrough();
  const iteratedInput = new PassThrough();
  const piped = readRecords(pipedInput, { fileName: 'ragged.csv' });
  const iterated = readRecords(iteratedInput, { fileName: 'ragged.csv' });
  pipedInput.end(RAGGED);
  iteratedInput.end(RAGGED);
  // Every byte has been handed to the readers, so both have found the bad row; nobody listened.
  await Promise.all([once(pipedInput, 'end'), once(iteratedInput, 'end')]);
  await t.throwsAsync(pipeline(piped, sink([])), { instanceOf: InputError, message: RAGGED_MESSAGE });
  await t.throwsAsync(async () => {
    for await (const _record of iterated) {
      // consume
    }
  }, { instanceOf: InputError, message: RAGGED_MESSAGE });
});

test('an input stream that fails before anybody listens is reported to the consumer that comes later', async (t) => {
  const input = new PassThrough();
  const reader = readRecords(input, { fileName: 'people.csv' });
  input.destroy(Object.assign(new Error('i/o error'), { code: 'EIO' }));
  await new Promise((resolve) => input.once('close', resolve));
  const error = await t.throwsAsync(pipeline(reader, sink([])), { instanceOf: InputError, message: 'people.csv: cannot be read (EIO: i/o error)' });
  t.is((error.cause as Error).message, 'i/o error');
});

test('an error listener attached early gets the error without a consumer; a later pipeline rejects with it too', async (t) => {
  const reader = readRecords(await raggedFile(t), { fileName: 'ragged.csv' });
  const seen = new Promise<Error>((resolve) => reader.on('error', resolve));
  await reader.whenSchema();
  const early = await seen;
  t.true(reader.destroyed);
  const error = await t.throwsAsync(pipeline(reader, sink([])), { instanceOf: InputError, message: RAGGED_MESSAGE });
  t.is(early, error, 'the early listener and the pipeline see the same error');
});
