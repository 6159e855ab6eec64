/**
 * The reader stream: bytes in (from a file or any readable), records out. One class for every
 * format; the format parser ({@link RecordSource}) and the record core ({@link RecordAssembler})
 * do the work, this adapter only moves chunks and turns failures into errors on the stream.
 *
 * @packageDocumentation
 */

import { ReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { Data8Error, InputError } from '../core/errors.js';
import { destroyOnAbort } from './abort-on-signal.js';
import type { DataRecord } from '../core/wire.js';
import { CsvSource, type RecordSource } from './csv-source.js';
import type { HeaderMap } from './header-map.js';
import { ErrorHold } from './held-error.js';
import { InputGuard } from './input-guard.js';
import { JsonArraySource } from './json-array-source.js';
import { NdjsonSource } from './ndjson-source.js';
import type { ResolvedReadOptions } from './read-options.js';
import { RecordAssembler } from './record-assembler.js';
import type { RecordSchema } from './schema.js';

const SOURCES = { csv: CsvSource, ndjson: NdjsonSource, json: JsonArraySource } as const;

function describeSystemError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/**
 * An object-mode `Readable` (and async iterable) of records, made by `readRecords`.
 *
 * `T` is what it emits: `DataRecord` (`output: 'records'`), `NumberedRecord`
 * (`'numbered'`) or `RecordBatch` (`'batches'`).
 *
 * Events: `'schema'` (a {@link RecordSchema}) once the columns and their types are settled,
 * before the first record; `'error'` with an `InputError` naming file, line, record, column
 * and reason; `AbortError` when the signal fires.
 *
 * The reader reads ahead of its consumer, so it may find bad input before anybody listens (in
 * the chunk that settles `whenSchema()`, or while the caller prepares a dataset). Such an error
 * is held, the input paused, until an `'error'`, `'data'` or `'readable'` listener is added
 * (`pipeline`, `for await`, `pipe`, `whenSchema`...), and then fails the stream as usual: it is
 * never thrown out of the process for want of a listener. Destroying the reader first discards
 * it, as it discards records not yet read.
 */
export class RecordReader<T = DataRecord> extends Transform {
  /** The input's path, or the label used for it in error messages (`fileName`, `<stream>`). */
  readonly file: string;
  /** The format being read (`tsv` reads as `csv`). */
  readonly format: 'csv' | 'ndjson' | 'json';

  readonly #assembler: RecordAssembler;
  readonly #guard: InputGuard;
  readonly #source: RecordSource;
  readonly #hold = new ErrorHold(this);

  /** Reads `input` (its bytes piped in); a file's read stream is closed with the reader. */
  constructor(options: ResolvedReadOptions, input: NodeJS.ReadableStream) {
    super({ readableObjectMode: true, readableHighWaterMark: options.highWaterMark });
    this.file = options.fileName;
    this.format = options.format;
    const guard = (this.#guard = new InputGuard(options.fileName, options.encoding));
    this.#assembler = new RecordAssembler(
      options,
      (chunk) => this.push(chunk),
      (schema) => this.emit('schema', schema),
    );
    this.#source = new SOURCES[options.format](options, this.#assembler, guard);
    destroyOnAbort(this, options.signal, 'reading was aborted');
    this.#readFrom(input);
  }

  #readFrom(input: NodeJS.ReadableStream): void {
    input.on('error', (error: unknown) => {
      this.#hold.fail(new InputError({ file: this.file, reason: `cannot be read (${describeSystemError(error)})`, cause: error }));
    });
    this.once('close', () => {
      input.unpipe(this);
      if (input instanceof ReadStream) input.destroy();
    });
    this.#hold.wire(() => input.pipe(this));
  }

  /** The columns (header mapping and types), once settled; see the `'schema'` event. */
  get schema(): RecordSchema | undefined {
    return this.#assembler.schema;
  }

  /** Each file header and the column name it maps to, once the header is read. */
  get headerMap(): HeaderMap | undefined {
    return this.#assembler.schema?.headerMap;
  }

  /** Records read so far (emitted, or waiting in this stream's buffer). */
  get recordsRead(): number {
    return this.#assembler.recordsRead;
  }

  /**
   * The input line that record `recordNumber` (1-based, in reading order) starts on, or
   * `undefined` once it is older than the last 65,536 records read. Costs nothing on the
   * record path: lines are kept in a fixed ring as records are built. A bound function, so
   * the reader itself can be given as a `BlockUploader`'s `source`.
   */
  readonly lineOf = (recordNumber: number): number | undefined => this.#assembler.lineOf(recordNumber);

  /**
   * The byte offset in the input just after record `recordNumber` and its line break (CSV
   * only; `undefined` for JSON or once older than the last 65,536 records). Bound, like `lineOf`.
   */
  readonly bytesAfter = (recordNumber: number): number | undefined => this.#assembler.bytesAfter(recordNumber);

  /** The file's header for a column name (`first_name` → `First Name`), once the header is read. Bound, like `lineOf`. */
  readonly headerOf = (column: string): string | undefined => this.#assembler.schema?.headerMap.find((mapping) => mapping.column === column)?.header;

  /**
   * Resolves the schema as soon as it is settled (after the header, or after the type-inference
   * sample), without consuming records; rejects if reading fails first.
   */
  whenSchema(): Promise<RecordSchema> {
    const settled = this.#assembler.schema;
    if (settled !== undefined) return Promise.resolve(settled);
    const closed = (): InputError => new InputError({ file: this.file, reason: 'the reader closed before the columns were known' });
    if (this.destroyed) return Promise.reject(this.errored ?? closed());
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        this.off('schema', onSchema);
        this.off('error', onError);
        this.off('close', onClose);
      };
      const onSchema = (schema: RecordSchema): void => (cleanup(), resolve(schema));
      const onError = (error: unknown): void => (cleanup(), reject(error instanceof Error ? error : new Error(String(error))));
      const onClose = (): void => (cleanup(), reject(closed()));
      this.on('schema', onSchema);
      this.on('error', onError);
      this.on('close', onClose);
    });
  }

  override [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return super[Symbol.asyncIterator]() as AsyncIterableIterator<T>;
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      const bytes = this.#guard.check(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      if (bytes.length > 0) this.#source.write(bytes);
    } catch (error) {
      // The callback is kept back: a failed reader takes no more input.
      this.#hold.fail(this.#toError(error));
      return;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    try {
      const rest = this.#guard.end();
      if (rest.length > 0) this.#source.write(rest);
      this.#source.end();
      this.#assembler.end();
    } catch (error) {
      this.#hold.fail(this.#toError(error));
      return;
    }
    callback();
  }

  #toError(error: unknown): Data8Error {
    if (error instanceof Data8Error) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new InputError({ file: this.file, reason: `cannot be read: ${message}`, cause: error });
  }
}
