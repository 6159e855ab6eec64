/**
 * Helpers of the formats tests: read everything a reader gives, or the error it fails with;
 * a temporary directory removed after the test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ExecutionContext } from 'ava';
import { InputError, readRecords, type ReadRecordsOptions } from '../../lib/index.js';

/** Everything `readRecords` gives for a path (a string), or for bytes (a buffer, streamed in small chunks) or a stream. */
export async function readAll<T = Record<string, unknown>>(source: string | Buffer | Readable, options: ReadRecordsOptions = {}): Promise<T[]> {
  const input = typeof source === 'string' ? source : toStream(source);
  const chunks: T[] = [];
  for await (const chunk of readRecords(input, options)) chunks.push(chunk as T);
  return chunks;
}

/** The InputError reading fails with (the test fails if reading succeeds or fails otherwise). */
export async function readError(t: ExecutionContext, source: string | Buffer | Readable, options: ReadRecordsOptions = {}): Promise<InputError> {
  return t.throwsAsync(readAll(source, options), { instanceOf: InputError });
}

/** Bytes as a stream of small chunks, so chunk boundaries fall inside records and characters. */
export function toStream(source: Buffer | Readable, chunkSize = 7): Readable {
  if (source instanceof Readable) return source;
  const bytes = source;
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) chunks.push(bytes.subarray(offset, offset + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

/** A temporary directory, removed when the test ends. */
export async function temporaryDirectory(t: ExecutionContext): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'data8-formats-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  return directory;
}
