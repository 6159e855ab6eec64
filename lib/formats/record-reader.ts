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
import type { InputDescription, RecordSchema } from './schema.js';
import { SAMPLE_BYTES, decideInput } from './input-decision.js';
import type { Transcoder } from './transcoder.js';
import { TAKE_BATCHES } from '../core/bulk-chunks.js';

const SOURCES = { csv: CsvSource, ndjson: NdjsonSource, json: JsonArraySource } as const;

/**
 * Input parsed at a time. An input chunk is parsed a slice at a time and parsing stops while
 * the buffer is full, so however large the chunks a stream hands over, the records waiting
 * beyond `highWaterMark` are those of one slice.
 */
const READ_SLICE_BYTES = 16 * 1024;

/** An input chunk parsed in part: the rest waits for the consumer. */
interface PartlyParsed {
  readonly bytes: Buffer;
  offset: number;
  readonly callback: TransformCallback;
}

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
 * Memory: the reader parses only while its buffer has room for `highWaterMark` objects, 16 KiB
 * of input at a time, so the records waiting for the consumer are at most `highWaterMark`
 * objects, the records of one slice, and the batch being gathered (`output: 'batches'`) or
 * the `sampleSize` records held until their types are inferred (`inferTypes`).
 *
 * Events: `'schema'` (a {@link RecordSchema}) once the columns and their types are settled,
 * before the first record; `'note'` (a sentence) for each thing the reader decided for the
 * caller, once per file (also in `reader.notes` and `schema.input.notes`); `'error'` with an `InputError` naming file, line, record, column
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

  /** What the reader decided for the caller (encoding, delimiter, skipped lines, renamed headers...), in order. */
  readonly notes: string[] = [];

  readonly #options: ResolvedReadOptions;
  readonly #assembler: RecordAssembler;
  #guard: InputGuard | undefined;
  #source: RecordSource | undefined;
  #transcoder: Transcoder | undefined;
  /** The first bytes, held until there are enough to decide how to read the input. */
  #head: Buffer[] | undefined = [];
  #headLength = 0;
  readonly #hold = new ErrorHold(this);
  readonly #batches: boolean;
  #partlyParsed: PartlyParsed | undefined;
  /** Pushes that found the buffer full, and reads asked of a partly parsed chunk: counted, so
   * that a slice can tell whether either happened while it was parsed. */
  #refusedPushes = 0;
  #reads = 0;
  #parsing = false;
  /** A `_read` no push has answered yet: Node makes no other until one does. */
  #readUnanswered = false;

  /**
   * Reads `input` (its bytes piped in); a file's read stream, or any input the reader `owns`
   * (opened it itself), is closed with the reader.
   */
  constructor(options: ResolvedReadOptions, input: NodeJS.ReadableStream, owns = false) {
    super({ readableObjectMode: true, readableHighWaterMark: options.highWaterMark });
    this.file = options.fileName;
    this.format = options.format;
    this.#options = options;
    this.#batches = options.output === 'batches';
    this.#assembler = new RecordAssembler(
      options,
      (chunk) => {
        this.#readUnanswered = false;
        if (!this.push(chunk)) this.#refusedPushes++;
      },
      (schema) => this.emit('schema', schema),
    );
    this.#assembler.onNote = (message) => this.#note(message);
    destroyOnAbort(this, options.signal, 'reading was aborted');
    this.#readFrom(input, owns);
  }

  #readFrom(input: NodeJS.ReadableStream, owns: boolean): void {
    input.on('error', (error: unknown) => {
      // Decompression says itself what is wrong (a truncated gzip file...).
      if (error instanceof InputError) this.#hold.fail(error);
      else this.#hold.fail(new InputError({ file: this.file, reason: `cannot be read (${describeSystemError(error)})`, cause: error }));
    });
    this.once('close', () => {
      input.unpipe(this);
      if (owns || input instanceof ReadStream) (input as NodeJS.ReadableStream & { destroy(): void }).destroy();
    });
    this.#hold.wire(() => input.pipe(this));
  }

  /**
   * Switches `output: 'records'` to batches for a consumer that takes both (see
   * lib/core/bulk-chunks.ts); the records stay the same, in the same order.
   * @internal
   */
  [TAKE_BATCHES](): boolean {
    return this.#assembler.emitBatches();
  }

  /** The columns (header mapping and types), once settled; see the `'schema'` event. */
  get schema(): RecordSchema | undefined {
    return this.#assembler.schema;
  }

  /** Each file header and the column name it maps to, once the header is read. */
  get headerMap(): HeaderMap | undefined {
    return this.#assembler.headerMap;
  }

  /** Records read so far (emitted, or waiting in this stream's buffer). */
  get recordsRead(): number {
    return this.#assembler.recordsRead;
  }

  /**
   * The input line a record starts on. Given the record object (as `BlockUploader` gives it),
   * the answer goes by the object's identity: a record this reader emitted (`output: 'records'`
   * or `'numbered'`), passed on by any transform, filter or reordering, answers its own line; any
   * other object (a transform built a new one) answers `undefined`, never another record's line.
   * Given only `recordNumber` (1-based, in reading order), or with `output: 'batches'` (whose
   * batches carry their lines), it answers the line of record number `recordNumber`.
   * `undefined` once the record is older than the last 65,536 read: lines are kept in a fixed
   * ring, at no cost on the record path. Bound, so the reader itself can be a `BlockUploader`'s
   * `source`.
   */
  readonly lineOf = (recordNumber: number, record?: object): number | undefined => {
    const number = this.#numberOf(recordNumber, record);
    return number === undefined ? undefined : this.#assembler.lineOf(number);
  };

  /**
   * The byte offset in the input just after a record and its line break (CSV only; `undefined`
   * for JSON or once older than the last 65,536 records). By record object or number, as
   * {@link lineOf}. Bound, like `lineOf`.
   */
  readonly bytesAfter = (recordNumber: number, record?: object): number | undefined => {
    const number = this.#numberOf(recordNumber, record);
    return number === undefined ? undefined : this.#assembler.bytesAfter(number);
  };

  // Batches carry their own lines, so their records are not tagged: a batch's consumer numbers
  // them by place, as before.
  #numberOf(recordNumber: number, record: object | undefined): number | undefined {
    return record === undefined || this.#batches ? recordNumber : this.#assembler.recordNumberOf(record);
  }

  /**
   * The 1-based number, in reading order, of a record object this reader emitted
   * (`output: 'records'` or `'numbered'`); `undefined` for any other object. Bound, like `lineOf`.
   */
  readonly recordNumberOf = (record: object): number | undefined => this.#assembler.recordNumberOf(record);

  /**
   * Starts knowing the records this reader emits by object identity, for {@link lineOf} and
   * {@link recordNumberOf} by record. A `BlockUploader` calls it for its `source`, and so does the
   * first lookup by record; before that the reader pays nothing per record, and remembers only
   * its first 4,096 records (those read ahead before the uploader was made), whose lines are
   * then known as well. Bound, like `lineOf`.
   */
  readonly trackRecords = (): void => this.#assembler.track();

  /**
   * Lets a transform that builds a new record keep the input line of the one it came from:
   * `(record) => reader.carryLine(record, { ...record, name: tidy(record.name) })`. Returns `to`.
   */
  readonly carryLine = <R extends object>(from: object, to: R): R => {
    this.#assembler.carryNumber(from, to);
    return to;
  };

  /** The file's header for a column name (`first_name` → `First Name`), once the header is read. Bound, like `lineOf`. */
  readonly headerOf = (column: string): string | undefined => this.#assembler.headerMap?.find((mapping) => mapping.column === column)?.header;

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

  // Node's own iterator type (with [Symbol.asyncDispose] where the lib has it), typed by record:
  // a narrower type here makes the class unassignable to Readable under target esnext.
  override [Symbol.asyncIterator](): NodeJS.AsyncIterator<T> {
    return super[Symbol.asyncIterator]() as NodeJS.AsyncIterator<T>;
  }

  #note(message: string): void {
    this.notes.push(message);
    this.emit('note', message);
    this.#options.onNote?.({ file: this.file, message });
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    const head = this.#head;
    if (head === undefined) {
      this.#partlyParsed = { bytes, offset: 0, callback };
      this.#parse();
      return;
    }
    head.push(bytes);
    this.#headLength += bytes.length;
    if (this.#headLength < SAMPLE_BYTES) {
      callback();
      return;
    }
    this.#open(false).then(
      (sample) => {
        if (this.destroyed) return;
        this.#partlyParsed = { bytes: sample, offset: 0, callback };
        this.#parse();
      },
      (error: unknown) => this.#hold.fail(this.#toError(error)),
    );
  }

  /** Decides how to read the input from the bytes held so far; returns them, to be parsed. */
  async #open(ended: boolean): Promise<Buffer> {
    const sample = Buffer.concat(this.#head ?? []);
    this.#head = undefined;
    const decision = await decideInput(this.#options, sample, ended);
    this.#guard = new InputGuard(this.file, decision.guardEncoding, decision.sawUtf8);
    this.#transcoder = decision.transcoder;
    // One list of notes: the decision's, then the header's and the keys' as the schema settles.
    this.#assembler.input = { ...decision.input, notes: this.notes };
    for (const note of decision.input.notes) this.#note(note);
    this.#source = new SOURCES[this.format](decision.options, this.#assembler, this.#guard);
    return decision.skipBytes === 0 ? sample : sample.subarray(decision.skipBytes);
  }

  /** How the input is read (encoding, CSV dialect, notes), once the first bytes are in. */
  get input(): InputDescription | undefined {
    return this.#assembler.input;
  }

  override _read(size: number): void {
    this.#readUnanswered = true;
    if (this.#partlyParsed === undefined) {
      super._read(size);
      return;
    }
    // A read while parsing (push() may call back) must not be lost: it means "go on".
    this.#reads++;
    if (!this.#parsing) this.#parse();
  }

  // Parses the input chunk a slice at a time; stops when a slice filled the buffer (push() said
  // so, so Node calls _read once the consumer takes some) and leaves the rest for that _read.
  #parse(): void {
    const pending = this.#partlyParsed;
    if (pending === undefined) return;
    const { bytes } = pending;
    this.#parsing = true;
    try {
      while (pending.offset < bytes.length) {
        const slice = bytes.subarray(pending.offset, pending.offset + READ_SLICE_BYTES);
        pending.offset += slice.length;
        if (this.#parseSlice(slice) && pending.offset < bytes.length) return;
      }
    } catch (error) {
      // The callback is kept back: a failed reader takes no more input.
      this.#partlyParsed = undefined;
      this.#hold.fail(this.#toError(error));
      return;
    } finally {
      this.#parsing = false;
    }
    this.#partlyParsed = undefined;
    pending.callback();
    // The rest of the chunk held no whole record (or batch): with the buffer full, Transform
    // keeps the input's callback for a _read that Node, still waiting for a push, will not
    // make. Take that read as the one asked for.
    if (this.#readUnanswered) super._read(0);
  }

  /** Parses one slice; answers whether the rest must wait for the consumer. */
  #parseSlice(slice: Buffer): boolean {
    const refusedPushes = this.#refusedPushes;
    const reads = this.#reads;
    const guard = this.#guard as InputGuard;
    const checked = guard.check(this.#transcoder === undefined ? slice : this.#transcoder.write(slice));
    if (checked.length > 0) this.#source?.write(checked);
    return this.#refusedPushes !== refusedPushes && this.#reads === reads;
  }

  override _flush(callback: TransformCallback): void {
    if (this.#head !== undefined) {
      // The whole input was shorter than a sample.
      this.#open(true).then(
        (sample) => {
          if (this.destroyed) return;
          this.#partlyParsed = { bytes: sample, offset: 0, callback: () => this.#finish(callback) };
          this.#parse();
        },
        (error: unknown) => this.#hold.fail(this.#toError(error)),
      );
      return;
    }
    this.#finish(callback);
  }

  #finish(callback: TransformCallback): void {
    try {
      const guard = this.#guard as InputGuard;
      const source = this.#source as RecordSource;
      const tail = this.#transcoder?.end();
      if (tail !== undefined && tail.length > 0) {
        const checked = guard.check(tail);
        if (checked.length > 0) source.write(checked);
      }
      const rest = guard.end();
      if (rest.length > 0) source.write(rest);
      source.end();
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
