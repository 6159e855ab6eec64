/**
 * Cuts a sequence of records into Data Group batches by the exact size of their JSON request
 * body. Pure: the stream feeds it one record at a time and sends what it returns.
 *
 * @packageDocumentation
 */
import { InputError } from '../core/errors.js';
import { type BatchEnvelope, encodeRecord } from './batch-body.js';
import { BatchTooLargeError } from './errors.js';

/** A batch ready to send: its body is complete and exactly measured. */
export interface CutBatch {
  /** 0-based position of the batch in the input. */
  readonly index: number;
  /** 1-based number of its first record in the input. */
  readonly firstRecord: number;
  readonly recordCount: number;
  /** The complete JSON request body, `body.length` ≤ the limit. */
  readonly body: Buffer;
}

/** Options of a {@link BatchCutter}. */
export interface BatchCutterOptions {
  /** The most bytes one request body may have. */
  readonly maxBatchBytes: number;
  /** The fields sent with every batch (output format, notification). */
  readonly envelope: BatchEnvelope;
  /** Label for input errors, e.g. the file name. @default '<input>' */
  readonly source?: string | undefined;
}

/**
 * Accumulates serialised records and cuts a batch as soon as the next record would push the
 * body past the limit. Holds at most one batch's worth of bytes.
 */
export class BatchCutter {
  readonly #maxBatchBytes: number;
  readonly #envelope: BatchEnvelope;
  readonly #source: string | undefined;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #recordsSeen = 0;
  #batchesCut = 0;

  constructor(options: BatchCutterOptions) {
    this.#maxBatchBytes = options.maxBatchBytes;
    this.#envelope = options.envelope;
    this.#source = options.source;
  }

  /** Records accepted so far. */
  get recordsSeen(): number {
    return this.#recordsSeen;
  }

  /** Records waiting for the next cut. */
  get pendingRecords(): number {
    return this.#pending.length;
  }

  /**
   * Adds one record. Returns the batch that had to be cut to make room for it, if any.
   * @throws {InputError} the record is not a JSON object.
   * @throws {BatchTooLargeError} the record does not fit in a batch even alone.
   */
  push(record: unknown): CutBatch | undefined {
    const number = this.#recordsSeen + 1;
    const encoded = encodeRecord(record);
    if (typeof encoded === 'string') throw new InputError({ file: this.#source, record: number, reason: encoded });
    const aloneBytes = this.#envelope.bodyBytes(encoded.length, 1);
    if (aloneBytes > this.#maxBatchBytes) {
      throw new BatchTooLargeError({ bodyBytes: aloneBytes, maxBatchBytes: this.#maxBatchBytes, recordCount: 1, record: number });
    }
    const grown = this.#envelope.bodyBytes(this.#pendingBytes + encoded.length, this.#pending.length + 1);
    const cut = grown > this.#maxBatchBytes ? this.flush() : undefined;
    this.#pending.push(encoded);
    this.#pendingBytes += encoded.length;
    this.#recordsSeen = number;
    return cut;
  }

  /** Cuts whatever is pending (the last, partial batch). */
  flush(): CutBatch | undefined {
    if (this.#pending.length === 0) return undefined;
    const recordCount = this.#pending.length;
    const batch: CutBatch = {
      index: this.#batchesCut,
      firstRecord: this.#recordsSeen - recordCount + 1,
      recordCount,
      body: this.#envelope.join(this.#pending, this.#pendingBytes),
    };
    this.#batchesCut += 1;
    this.#pending = [];
    this.#pendingBytes = 0;
    return batch;
  }
}
