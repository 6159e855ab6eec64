/**
 * Options of {@link BlockUploader}, their defaults (applied here, in one place) and their checks.
 *
 * @packageDocumentation
 */
import { ConfigError, type RecordRejectedError } from '../core/errors.js';
import { invalidOption, numberOption, stringOption } from '../core/option-checks.js';
import type { DataRecord } from '../core/wire.js';
import type { InputFingerprint } from './checkpoint-state.js';
import type { UploaderClient } from './client-surface.js';
import { windowController, type WindowOption } from './request-window.js';
import type { WindowController } from '../core/window-controller.js';
import type { ProgressListener } from './progress.js';

/** Where the uploader's records come from, so errors can point at the input. */
export interface RecordSource {
  /** The input file's path, or a label such as `<stdin>`. */
  readonly file?: string | undefined;
  /**
   * The 1-based input line where a record starts, or `undefined` when it is not known. Called
   * once per record as it is written, with its 1-based place among the records written to the
   * uploader and the record itself. A reader's `lineOf` fits as it is, and goes by the record
   * object, so a transform between reader and uploader that drops or reorders records never
   * makes it name another record's line.
   */
  readonly lineOf?: ((recordNumber: number, record: DataRecord) => number | undefined) | undefined;
  /**
   * The record's 1-based number in the input, or `undefined` when it is not known (a reader's
   * `recordNumberOf` fits). When given, an error names a record by its input number, and a
   * record with neither line nor number is named by its place in the upload and said to be so.
   */
  readonly recordNumberOf?: ((record: DataRecord) => number | undefined) | undefined;
  /**
   * Called once, when the uploader is made: a reader starts knowing its records by identity
   * then, so that lookups by record work (a reader's `trackRecords` fits).
   */
  readonly trackRecords?: (() => void) | undefined;
  /** The input's own spelling of a column (its original header), for messages. */
  readonly headerOf?: ((column: string) => string | undefined) | undefined;
  /** The input byte offset just after a record, when the reader knows it (kept in checkpoints). */
  readonly bytesAfter?: ((recordNumber: number, record: DataRecord) => number | undefined) | undefined;
}

/** A checkpoint the uploader keeps, so a crashed upload resumes where it stopped. */
export interface CheckpointOptions {
  /** The checkpoint file. Created when missing; resumed from when present. */
  readonly path: string;
  /**
   * The input file: its fingerprint (size, modification time and a hash of its first MiB) is
   * stored in the checkpoint and a resumed run refuses an input that does not match, so an
   * input edited in place, even beyond its first MiB, is never resumed as if unchanged.
   */
  readonly inputFile?: string | undefined;
  /** A fingerprint computed by the caller instead of `inputFile`. */
  readonly fingerprint?: InputFingerprint | undefined;
  /** Least time between two checkpoint writes, in milliseconds. @default 250 */
  readonly intervalMs?: number | undefined;
}

/** A record the server refused, handed to {@link BlockUploaderOptions.onRejected}. */
export interface RejectedRecord {
  readonly record: DataRecord;
  /** The error naming file, line, record, column and the server's reason. */
  readonly error: RecordRejectedError;
  readonly blockNumber: number;
}

/** Options of {@link BlockUploader}. */
export interface BlockUploaderOptions {
  /** A `Data8Client`, or anything with the same dataset methods. */
  readonly client: UploaderClient;
  /** The input dataset, created beforehand with its columns. */
  readonly dataset: string;
  /**
   * Records per block (one `PATCH` request). At most the client's `maxBlockRecords`.
   * Records held at any time never exceed `(window max + 1) × blockSize`, besides those
   * waiting in the Writable's buffer (see `highWaterMark`).
   * @default 1000
   */
  readonly blockSize?: number | undefined;
  /**
   * Blocks sent at once: a number (a fixed window), `'auto'` (the window adapts to the
   * service's throughput and latency, from 4 within 1 .. the client's `maxConcurrent`, 16 by
   * default) or `{ min, max }` (adapts between them, `max` at most the client's
   * `maxConcurrent`). The window's largest value bounds memory: records held never exceed
   * `(max + 1) × blockSize`, 17,000 with the defaults. `stats.window` shows it over time.
   * A block the service refused for now (429, or 503 with `Retry-After`) waits out the
   * service's delay without a place in the window: the next block takes it, within that bound.
   * @default 'auto'
   */
  readonly concurrency?: WindowOption | undefined;
  /**
   * The number of this uploader's first block. Several uploaders can fill one dataset, each
   * owning a range of block numbers (`firstBlock` .. `firstBlock + maxBlocks - 1`).
   * @default 0
   */
  readonly firstBlock?: number | undefined;
  /** The most blocks this uploader may use; more records than fit are an error. @default unlimited */
  readonly maxBlocks?: number | undefined;
  /**
   * Mark the dataset complete, with the count this uploader stored, when the input ends.
   * Set false when several uploaders share the dataset: one completes it with the total.
   * @default true
   */
  readonly complete?: boolean | undefined;
  /** The dataset's columns, so records are serialised by a serializer compiled for them. @default the first record's keys */
  readonly expectedColumns?: readonly string[] | undefined;
  /** Keep a checkpoint file (a path, or options). @default none */
  readonly checkpoint?: string | CheckpointOptions | undefined;
  /** Aborts the upload: in-flight requests are aborted and the checkpoint is left consistent. */
  readonly signal?: AbortSignal | undefined;
  /** Called with every progress event (also emitted as `'progress'`). */
  readonly onProgress?: ProgressListener | undefined;
  /** Where records come from, for errors that point at the input. */
  readonly source?: RecordSource | undefined;
  /**
   * Called for each record the server refuses; the block is then sent again without it and
   * the record is counted in `stats.recordsRejected`. Without it, a refused record fails the
   * upload with a `RecordRejectedError`.
   */
  readonly onRejected?: ((rejected: RejectedRecord) => void | Promise<void>) | undefined;
  /**
   * Chunks the Writable's own buffer holds, the chunk being written included, before `write()`
   * returns false. A chunk is a record or a whole batch, so the records waiting there are at
   * most `highWaterMark × records per chunk`: the default keeps one chunk, a single batch of
   * `readRecords(..., { output: 'batches' })` (1,000 records, one default block). A chunk
   * taken at once leaves the buffer at once: a higher value only lets the source run further
   * ahead of a slow server.
   * @default 1
   */
  readonly highWaterMark?: number | undefined;
}

/** The options with their defaults applied. */
export interface ResolvedUploaderOptions {
  readonly client: UploaderClient;
  readonly dataset: string;
  readonly blockSize: number;
  /** The window's largest value: what memory is bounded by. */
  readonly concurrency: number;
  /** The window, fixed or adaptive. */
  readonly window: WindowController;
  readonly firstBlock: number;
  readonly maxBlocks: number;
  readonly complete: boolean;
  readonly expectedColumns: readonly string[] | undefined;
  readonly checkpoint: CheckpointOptions | undefined;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ProgressListener | undefined;
  readonly source: RecordSource;
  readonly onRejected: BlockUploaderOptions['onRejected'];
  readonly highWaterMark: number;
}

/** Applies defaults and checks every option. */
export function resolveUploaderOptions(options: BlockUploaderOptions): ResolvedUploaderOptions {
  if (typeof options !== 'object') throw new ConfigError('BlockUploader needs an options object');
  if (typeof options.client !== 'object') throw new ConfigError('option "client" must be a Data8Client');
  stringOption('dataset', options.dataset);
  const limit = options.client.assumedValues.maxBlockRecords;
  const window = windowController('concurrency', options.concurrency, options.client, 1024);
    const checkpoint = typeof options.checkpoint === 'string' ? { path: options.checkpoint } : options.checkpoint;
  if (checkpoint !== undefined && (typeof checkpoint.path !== 'string' || checkpoint.path === '')) {
    invalidOption('checkpoint', 'a file path or { path }', options.checkpoint);
  }
  return {
    client: options.client,
    dataset: options.dataset,
    blockSize: numberOption('blockSize', options.blockSize, Math.min(1000, limit), { min: 1, max: limit }),
    concurrency: window.max,
    window,
    firstBlock: numberOption('firstBlock', options.firstBlock, 0),
    maxBlocks: numberOption('maxBlocks', options.maxBlocks, Number.MAX_SAFE_INTEGER, { min: 1 }),
    complete: options.complete ?? true,
    expectedColumns: options.expectedColumns,
    checkpoint,
    signal: options.signal,
    onProgress: options.onProgress,
    source: options.source ?? {},
    onRejected: options.onRejected,
    highWaterMark: numberOption('highWaterMark', options.highWaterMark, 1, { min: 1 }),
  };
}
