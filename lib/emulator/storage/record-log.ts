/**
 * The records of an output dataset: an append-only JSON-lines file plus an offset index (the
 * byte offset of every {@link INDEX_STRIDE}th record), so `GET /Dataset/{name}/data?start=N`
 * reads only the bytes of the page it answers, however large the dataset.
 *
 * @packageDocumentation
 */
import { open, readFile, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { DataRecord } from '../../core/wire.js';
import { writeFileAtomic } from '../persist.js';

/** Records between two index entries. */
export const INDEX_STRIDE = 1000;
const NEWLINE = 0x0a;
const OPEN_BRACKET = Buffer.from('[');
const CLOSE_BRACKET = Buffer.from(']');
const COMMA = Buffer.from(',');

/** Appends records to a record log; {@link close} writes the index. */
export class RecordLogWriter {
  readonly #handle: FileHandle;
  readonly #indexPath: string;
  readonly #durable: boolean;
  readonly #offsets: number[] = [];
  #bytes = 0;
  #count = 0;

  private constructor(handle: FileHandle, indexPath: string, durable: boolean) {
    this.#handle = handle;
    this.#indexPath = indexPath;
    this.#durable = durable;
  }

  /**
   * Starts an empty log at `path` (truncating any earlier attempt) with its index at
   * `indexPath`; `durable` flushes both to disk on {@link close}.
   */
  static async create(path: string, indexPath: string, durable: boolean): Promise<RecordLogWriter> {
    await rm(indexPath, { force: true });
    return new RecordLogWriter(await open(path, 'w'), indexPath, durable);
  }

  /** Records appended so far. */
  get recordCount(): number {
    return this.#count;
  }

  /** Appends `records` in one write. */
  async append(records: readonly DataRecord[]): Promise<void> {
    if (records.length === 0) return;
    let text = '';
    let offset = this.#bytes;
    for (const record of records) {
      if (this.#count % INDEX_STRIDE === 0) this.#offsets.push(offset);
      const line = `${JSON.stringify(record)}\n`;
      text += line;
      offset += Buffer.byteLength(line);
      this.#count += 1;
    }
    await this.#handle.appendFile(text);
    this.#bytes = offset;
  }

  /** Flushes the log and writes its index; answers the record count. */
  async close(): Promise<number> {
    if (this.#durable) await this.#handle.sync();
    await this.#handle.close();
    const index = new Uint8Array(new Float64Array(this.#offsets).buffer);
    await writeFileAtomic(this.#indexPath, index, { fsync: this.#durable });
    return this.#count;
  }

  /** Closes the log without writing an index (the job failed or was cancelled). */
  async abandon(): Promise<void> {
    await this.#handle.close();
  }
}

/** Reads pages of a completed record log. */
export class RecordLogReader {
  readonly #path: string;
  readonly #offsets: Float64Array;
  readonly #size: number;

  private constructor(path: string, offsets: Float64Array, size: number) {
    this.#path = path;
    this.#offsets = offsets;
    this.#size = size;
  }

  /** Opens the log at `path` and loads its index (8 bytes per {@link INDEX_STRIDE} records). */
  static async open(path: string, indexPath: string): Promise<RecordLogReader> {
    const index = await readFile(indexPath);
    const offsets = new Float64Array(index.buffer.slice(index.byteOffset, index.byteOffset + index.byteLength));
    return new RecordLogReader(path, offsets, (await stat(path)).size);
  }

  /**
   * Answers records `start` .. `start + count - 1` (1-based) as the bytes of a JSON array,
   * short or empty past the end. Reads at most the index strides the page touches.
   */
  async page(start: number, count: number): Promise<Buffer> {
    const first = start - 1;
    const firstStride = Math.floor(first / INDEX_STRIDE);
    const from = this.#offsets[firstStride];
    if (from === undefined || count < 1) return Buffer.concat([OPEN_BRACKET, CLOSE_BRACKET]);
    const lastStride = Math.floor((first + count - 1) / INDEX_STRIDE);
    const to = this.#offsets[lastStride + 1] ?? this.#size;
    const bytes = Buffer.alloc(to - from);
    const handle = await open(this.#path, 'r');
    try {
      await handle.read(bytes, 0, bytes.length, from);
    } finally {
      await handle.close();
    }
    const parts: Buffer[] = [OPEN_BRACKET];
    let skip = first - firstStride * INDEX_STRIDE;
    let taken = 0;
    let lineStart = 0;
    while (taken < count && lineStart < bytes.length) {
      const end = bytes.indexOf(NEWLINE, lineStart);
      const lineEnd = end === -1 ? bytes.length : end;
      if (skip > 0) {
        skip -= 1;
      } else {
        if (taken > 0) parts.push(COMMA);
        parts.push(bytes.subarray(lineStart, lineEnd));
        taken += 1;
      }
      lineStart = lineEnd + 1;
    }
    parts.push(CLOSE_BRACKET);
    return Buffer.concat(parts);
  }
}
