/**
 * Serialises records into the `PATCH /Dataset/{name}/data` body as they arrive, so a block's
 * body is ready the moment its last record is added: `{"blockNumber":n,"records":[r1,r2,...]}`
 * written straight into a pooled buffer that grows when needed. No array of records and no
 * array of strings is kept. Pure: no stream or HTTP imports.
 *
 * @packageDocumentation
 */
import type { DataRecord } from '../core/wire.js';
import { BufferPool } from '../core/buffer-pool.js';
import { compileRecordSerializer, type RecordSerializer } from './record-serializer.js';

/** Options of {@link BlockEncoder}. */
export interface BlockEncoderOptions {
  /**
   * The dataset's columns. Records with exactly these keys are serialised by a compiled
   * serializer; others by `JSON.stringify`.
   * @default the keys of the first record
   */
  readonly columns?: readonly string[] | undefined;
  /** Where block buffers come from and go back to. @default a pool of 4 */
  readonly pool?: BufferPool | undefined;
  /** Bytes of the first buffer; later ones are sized from the largest block so far. @default 65536 */
  readonly initialCapacity?: number | undefined;
}

/** A finished block body. */
export interface SealedBlock {
  readonly blockNumber: number;
  readonly recordCount: number;
  /** The request body: a view of `buffer`. */
  readonly body: Buffer;
  /** The pooled buffer behind `body`; release it to the pool once the request settled. */
  readonly buffer: Buffer;
}

const CLOSE = ']}';

/** Builds one block body at a time. */
export class BlockEncoder {
  readonly #pool: BufferPool;
  #serialize: RecordSerializer | undefined;
  #capacityHint: number;
  #buffer: Buffer | undefined;
  #length = 0;
  #count = 0;
  #blockNumber = -1;

  constructor(options: BlockEncoderOptions = {}) {
    this.#pool = options.pool ?? new BufferPool(4);
    this.#capacityHint = options.initialCapacity ?? 65_536;
    if (options.columns !== undefined) this.#serialize = compileRecordSerializer(options.columns);
  }

  /** True between {@link begin} and {@link seal}. */
  get open(): boolean {
    return this.#buffer !== undefined;
  }

  /** Records in the open block. */
  get recordCount(): number {
    return this.#count;
  }

  /** Bytes of the open block so far (without the closing `]}`). */
  get byteLength(): number {
    return this.#length;
  }

  /** Starts the body of block `blockNumber`. */
  begin(blockNumber: number): void {
    if (this.#buffer !== undefined) throw new Error(`block ${this.#blockNumber} is still open`);
    this.#buffer = this.#pool.acquire(this.#capacityHint);
    this.#blockNumber = blockNumber;
    this.#count = 0;
    this.#length = 0;
    this.#write(`{"blockNumber":${blockNumber},"records":[`);
  }

  /** Appends one record. Throws (a `TypeError` from JSON) for a value JSON cannot carry. */
  add(record: DataRecord): void {
    const serialize = (this.#serialize ??= compileRecordSerializer(Object.keys(record)));
    const text = serialize(record);
    // One write per record: the separator travels with the record.
    this.#write(this.#count > 0 ? `,${text}` : text);
    this.#count++;
  }

  /** Closes the body and hands it over; the encoder is ready for {@link begin} again. */
  seal(): SealedBlock {
    const buffer = this.#write(CLOSE);
    const sealed: SealedBlock = { blockNumber: this.#blockNumber, recordCount: this.#count, body: buffer.subarray(0, this.#length), buffer };
    // Next buffers start big enough for the largest block seen, plus a little.
    if (this.#length > this.#capacityHint) this.#capacityHint = Math.ceil(this.#length * 1.125);
    this.#buffer = undefined;
    this.#count = 0;
    this.#length = 0;
    return sealed;
  }

  /** Gives the open block's buffer back without sealing it (the upload is being abandoned). */
  discard(): void {
    if (this.#buffer !== undefined) this.#pool.release(this.#buffer);
    this.#buffer = undefined;
    this.#count = 0;
    this.#length = 0;
  }

  /** Appends `text`; returns the buffer now holding the block. */
  #write(text: string): Buffer {
    let buffer = this.#buffer;
    if (buffer === undefined) throw new Error('no block is open');
    const room = buffer.length - this.#length;
    // A UTF-16 unit never takes more than 3 UTF-8 bytes: only count bytes when it might not fit.
    if (text.length * 3 > room) {
      const needed = this.#length + Buffer.byteLength(text);
      if (needed > buffer.length) buffer = this.#grow(buffer, needed);
    }
    this.#length += buffer.write(text, this.#length);
    return buffer;
  }

  #grow(old: Buffer, needed: number): Buffer {
    const grown = this.#pool.acquire(Math.max(needed, old.length * 2));
    old.copy(grown, 0, 0, this.#length);
    this.#pool.release(old);
    this.#buffer = grown;
    return grown;
  }
}
