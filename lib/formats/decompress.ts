/**
 * The stage before text decoding: gzip-compressed input is decompressed here (node:zlib, built
 * in), so the readers only ever see the file's own bytes. A path ending in `.gz` must be gzip;
 * a stream (stdin) is gzip when it starts with the gzip magic bytes `1f 8b`, which no CSV,
 * NDJSON or JSON text starts with (0x8b is not valid UTF-8 after 0x1f, nor a Latin-1 letter
 * anyone writes first). A corrupt or truncated gzip input is an {@link InputError} naming the
 * file and what is wrong.
 *
 * @packageDocumentation
 */

import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../core/errors.js';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Whether a path names a gzip file (`contacts.csv.gz`), by its extension, any case. */
export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

/** Whether bytes start with the gzip magic number. */
export function startsLikeGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** What went wrong in zlib's words, as a person would say it. */
function gzipError(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('Z_')) return error;
  const message = error instanceof Error ? error.message : String(error);
  const reason =
    code === 'Z_BUF_ERROR'
      ? `the gzip data ends early (${message}): the file is truncated, perhaps by an interrupted download or copy`
      : `the gzip data is corrupt (${message})`;
  return new InputError({ file, reason, cause: error });
}

/** Decompresses chunks, with backpressure both ways; a zlib failure becomes an {@link InputError}. */
async function* gunzip(chunks: AsyncIterator<Buffer>, file: string): AsyncGenerator<Buffer> {
  const inflate = createGunzip();
  const stop = new AbortController();
  const feed = async (): Promise<void> => {
    try {
      for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
        if (!inflate.write(next.value)) await once(inflate, 'drain', { signal: stop.signal });
      }
      inflate.end();
    } catch (error) {
      if (!stop.signal.aborted) inflate.destroy(error as Error);
    }
  };
  const feeding = feed();
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (error) {
    throw gzipError(error, file);
  } finally {
    stop.abort();
    inflate.destroy();
    await chunks.return?.();
    await feeding;
  }
}

/** The chunks of `source`, as Buffers, with `head` (already read from it) first. */
async function* prepended(head: Buffer, source: AsyncIterator<unknown>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  try {
    for (let next = await source.next(); next.done !== true; next = await source.next()) {
      yield typeof next.value === 'string' ? Buffer.from(next.value) : (next.value as Buffer);
    }
  } finally {
    await source.return?.();
  }
}

/** Reads from `source` until it has two bytes (or ends); answers them. */
async function head(source: AsyncIterator<unknown>): Promise<Buffer> {
  let bytes: Buffer = Buffer.alloc(0);
  while (bytes.length < GZIP_MAGIC.length) {
    const next = await source.next();
    if (next.done === true) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : (next.value as Buffer);
    bytes = bytes.length === 0 ? chunk : Buffer.concat([bytes, chunk]);
  }
  return bytes;
}

async function* detect(input: AsyncIterable<unknown>, file: string): AsyncGenerator<Buffer> {
  const source = input[Symbol.asyncIterator]();
  const first = await head(source);
  const chunks = prepended(first, source);
  if (startsLikeGzip(first)) yield* gunzip(chunks, file);
  else yield* chunks;
}

/**
 * A stream's bytes, decompressed when they start with the gzip magic bytes. The stream is read
 * through its async iterator, so it must be a `Readable` (or wrapped by `new Readable().wrap()`).
 */
export function decompressStream(input: NodeJS.ReadableStream, file: string): Readable {
  const readable = input instanceof Readable ? input : new Readable().wrap(input);
  return Readable.from(detect(readable, file), { objectMode: false });
}

/**
 * A `.gz` file's decompressed bytes. A file that does not start with the gzip magic bytes is
 * refused: its name says gzip, and reading it as text could only misread it.
 */
export function gunzipFile(path: string, file: string, highWaterMark: number): Readable {
  async function* decompressed(): AsyncGenerator<Buffer> {
    const source = createReadStream(path, { highWaterMark })[Symbol.asyncIterator]();
    const first = await head(source);
    const chunks = prepended(first, source);
    if (!startsLikeGzip(first)) {
      await chunks.return(undefined);
      const reason =
        first.length === 0
          ? 'the file is empty, but its name ends in .gz: a gzip file is never empty'
          : 'the file name ends in .gz but the file is not gzip-compressed (it does not start with the bytes 1f 8b); rename it without .gz';
      throw new InputError({ file, reason });
    }
    yield* gunzip(chunks, file);
  }
  return Readable.from(decompressed(), { objectMode: false });
}
