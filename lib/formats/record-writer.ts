/**
 * `writeRecords`: records to a CSV, NDJSON or JSON-array file (written atomically) or stream.
 *
 * @packageDocumentation
 */

import { Writable } from 'node:stream';
import { Data8Error, InputError } from '../core/errors.js';
import { destroyOnAbort } from './abort-on-signal.js';
import type { DataRecord } from '../core/wire.js';
import { AtomicFileSink, StreamSink, type ByteSink } from './byte-sinks.js';
import { isGzipPath } from './decompress.js';
import { GzipFileSink } from './gzip-sink.js';
import { createEncoder, type RecordEncoder } from './record-encoders.js';
import { resolveWriteOptions, type ResolvedWriteOptions, type WriteRecordsOptions } from './write-options.js';
import { takePagesFrom } from '../core/bulk-chunks.js';

/** Records gathered before they are encoded together. */
const ENCODE_RUN = 256;
/** Text gathered before it is written. */
const WRITE_CHARS = 64 * 1024;

/**
 * An object-mode `Writable` of records (or arrays of records, such as pages), made by
 * {@link writeRecords}. `'finish'` means everything is written and, for a file, renamed into
 * place; an error or `destroy()` before that leaves no file.
 */
export class RecordWriter extends Writable {
  /** The output's path, or its label in error messages. */
  readonly file: string;
  /** Records accepted so far. */
  recordsWritten = 0;

  readonly #encoder: RecordEncoder;
  readonly #openSink: () => Promise<ByteSink>;
  #sink: ByteSink | undefined;
  #run: DataRecord[] = [];
  #text = '';
  #committed = false;
  #failure: Data8Error | undefined;
  #inFlight: Promise<void> | undefined;

  constructor(options: ResolvedWriteOptions, openSink: () => Promise<ByteSink>) {
    super({ objectMode: true, highWaterMark: options.highWaterMark });
    this.file = options.fileName;
    this.#encoder = createEncoder(options);
    this.#openSink = openSink;
    destroyOnAbort(this, options.signal, 'writing was aborted');
    // Records piped from a DatasetReader travel a page at a time: the plain pipeline takes the fast path.
    this.on('pipe', takePagesFrom);
  }

  override _construct(callback: (error?: Error | null) => void): void {
    this.#openSink().then(
      (sink) => {
        this.#sink = sink;
        callback();
      },
      (error: unknown) => callback(this.#toError(error, 'cannot be created')),
    );
  }

  override _write(chunk: DataRecord | readonly DataRecord[], _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (Array.isArray(chunk)) {
      this.#encodeRun();
      this.#encode(chunk as readonly DataRecord[]);
    } else {
      this.#run.push(chunk as DataRecord);
      if (this.#run.length >= ENCODE_RUN) this.#encodeRun();
    }
    if (this.#failure !== undefined || this.#text.length < WRITE_CHARS) {
      callback(this.#failure);
      return;
    }
    // One write in flight while the next text is encoded: waits only when the sink is behind.
    const inFlight = this.#inFlight;
    if (inFlight === undefined) {
      this.#startWrite();
      callback();
    } else {
      void inFlight.then(() => {
        if (this.#failure === undefined) this.#startWrite();
        callback(this.#failure);
      });
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#encodeRun();
    if (this.#failure !== undefined) {
      callback(this.#failure);
      return;
    }
    try {
      this.#text += this.#encoder.finish();
    } catch (finishError) {
      callback(this.#toError(finishError, 'cannot be written'));
      return;
    }
    const sink = this.#sink;
    void (this.#inFlight ?? Promise.resolve())
      .then(() => {
        if (this.#failure !== undefined) throw this.#failure;
        this.#startWrite();
        return this.#inFlight;
      })
      .then(() => {
        if (this.#failure !== undefined) throw this.#failure;
        return sink?.commit();
      })
      .then(() => {
        this.#committed = true;
        callback();
      })
      .catch((error: unknown) => callback(this.#toError(error, 'cannot be written')));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const sink = this.#sink;
    if (this.#committed || sink === undefined) {
      callback(error);
      return;
    }
    void sink.abort().then(() => callback(error));
  }

  #encodeRun(): void {
    if (this.#run.length === 0) return;
    const run = this.#run;
    this.#run = [];
    this.#encode(run);
  }

  #encode(records: readonly DataRecord[]): void {
    if (this.#failure !== undefined) return;
    try {
      this.#text += this.#encoder.encode(records, this.recordsWritten + 1);
      this.recordsWritten += records.length;
    } catch (error) {
      this.#failure = this.#toError(error, 'cannot be written');
    }
  }

  /** Writes the gathered text; `#inFlight` settles when it is written (a failure lands in `#failure`). */
  #startWrite(): void {
    const text = this.#text;
    const sink = this.#sink;
    this.#text = '';
    if (text === '' || sink === undefined) return;
    this.#inFlight = sink.write(text).then(
      () => {
        this.#inFlight = undefined;
      },
      (error: unknown) => {
        this.#inFlight = undefined;
        this.#failure ??= this.#toError(error, 'cannot be written');
      },
    );
  }

  #toError(error: unknown, what: string): Data8Error {
    if (error instanceof Data8Error) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new InputError({ file: this.file, reason: `${what} (${message})`, cause: error });
  }
}

/**
 * Writes records to a path or a writable stream, as CSV (csv-stringify), NDJSON or a JSON array
 * (chosen by `format` or the path's extension).
 *
 * - The columns are `columns`, or the first record's keys; with a `headerMap` (a reader's
 *   `headerMap`) each column is written under its original header.
 * - A path is written atomically: a temporary file beside it, fsync, then rename on success;
 *   on error or `destroy()` the temporary file is removed, so a failed run leaves no output.
 *   A path ending in `.gz` is gzip-compressed, its format named by the inner extension.
 * - Accepts records one at a time or as arrays (a page of a `DatasetReader`).
 *
 * @example
 * ```ts
 * const reader = readRecords('people.csv');
 * await pipeline(reader, writeRecords('copy.csv', { headerMap: await reader.whenSchema().then((s) => s.headerMap) }));
 * ```
 */
export function writeRecords(destination: string | NodeJS.WritableStream, options: WriteRecordsOptions = {}): RecordWriter {
  const path = typeof destination === 'string' ? destination : undefined;
  const resolved = resolveWriteOptions(path, options);
  if (path !== undefined) return new RecordWriter(resolved, () => (isGzipPath(path) ? GzipFileSink.open(path) : AtomicFileSink.open(path)));
  const stream = destination as NodeJS.WritableStream;
  const end = options.end ?? !(stream === process.stdout || stream === process.stderr);
  return new RecordWriter(resolved, () => Promise.resolve(new StreamSink(stream, end)));
}
