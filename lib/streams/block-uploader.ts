/**
 * BlockUploader: an object-mode Writable of records into one input dataset. Records are
 * serialised into block bodies as they arrive (see block-encoder.ts), blocks are sent with
 * a bounded window of requests in flight (fixed, or adaptive: request-window.ts), and `_write`
 * withholds its callback while the window is full, so memory stays constant whatever the input size.
 *
 * @packageDocumentation
 */
import { Writable } from 'node:stream';
import { AbortError, ConfigError, InputError, IntegrityError, ValidationError } from '../core/errors.js';
import type { DataRecord } from '../core/wire.js';
import { BlockEncoder } from './block-encoder.js';
import { sendBlock, type OutgoingBlock, type SentBlock } from './block-sender.js';
import { BufferPool } from '../core/buffer-pool.js';
import { allowListenersFor } from '../core/signal-listeners.js';
import { CheckpointWriter, fingerprintFile, readCheckpoint, writeCheckpoint } from './checkpoint-file.js';
import {
  AcknowledgementTracker,
  checkpointMismatch,
  firstRecordOf,
  type CheckpointDocument,
  type CheckpointState,
  type InputFingerprint,
} from './checkpoint-state.js';
import { clientRetries } from './client-surface.js';
import type { SlowDownAnswer } from '../transport/transport.js';
import { destroyOnAbort } from '../formats/abort-on-signal.js';
import { ProgressMeter } from './progress.js';
import { RequestWindow, type WindowStats } from './request-window.js';
import { resolveUploaderOptions, type BlockUploaderOptions, type ResolvedUploaderOptions } from './uploader-options.js';
import { takeBatchesFrom } from '../core/bulk-chunks.js';

/** Figures of an upload; final once the stream has finished. */
export interface UploadStats {
  readonly dataset: string;
  /** Records written to the uploader, including those a resumed run skipped. */
  readonly recordsRead: number;
  /** Records this run sent and the server stored. */
  readonly records: number;
  /** Records skipped because a previous run (per the checkpoint) had stored them. */
  readonly recordsSkipped: number;
  /** Records the server refused and `onRejected` took. */
  readonly recordsRejected: number;
  /** Records stored by this uploader's blocks over all runs: the count the dataset is completed with. */
  readonly recordsStored: number;
  /** Blocks this run had acknowledged. */
  readonly blocks: number;
  /** The first block number of this uploader's range. */
  readonly firstBlock: number;
  /** The highest block number used, or undefined before the first record. */
  readonly lastBlock: number | undefined;
  /** Request-body bytes the server acknowledged. */
  readonly bytes: number;
  /** Requests the client retried while the upload ran (counted client-wide). */
  readonly retries: number;
  /** Blocks sent again without records the server refused. */
  readonly resends: number;
  /** The most records held at once (being encoded, waiting or in flight): ≤ (window max + 1) × blockSize. */
  readonly maxRecordsHeld: number;
  /** The most blocks in flight at once: ≤ the window's max. */
  readonly maxBlocksInFlight: number;
  /** The window of blocks in flight: its bounds, where it is and where it went over time. */
  readonly window: WindowStats;
  /** True once the dataset was marked complete (by this run or, per the checkpoint, a previous one). */
  readonly completed: boolean;
  readonly elapsedMs: number;
}

/** The `'block'` event: one block acknowledged. */
export interface BlockEvent {
  readonly blockNumber: number;
  /** Input records the block covers. */
  readonly records: number;
  /** Records the server stored for it. */
  readonly storedRecords: number;
  readonly bytes: number;
}

type WriteCallback = (error?: Error | null) => void;

/** Records with their input lines, as `readRecords(..., { output: 'batches' })` emits them. */
export interface RecordBatch {
  readonly records: readonly DataRecord[];
  /** `lines[i]`: the input line `records[i]` starts on. */
  readonly lines: readonly number[];
}

// A record's values are scalars, so an object holding two arrays is a batch, never a record.
function isRecordBatch(chunk: DataRecord | RecordBatch): chunk is RecordBatch {
  return Array.isArray(chunk.records) && Array.isArray(chunk.lines);
}

interface PendingBlock extends OutgoingBlock {
  readonly buffer: Buffer;
  readonly inputBytes: number | undefined;
}

/**
 * Uploads the records written to it into one input dataset, in blocks of `blockSize` numbered
 * from `firstBlock`, a window of them in flight at a time (`concurrency`: adaptive by default), then marks the dataset complete with the count
 * it stored (unless `complete: false`).
 *
 * Memory: records held at any time (being encoded, waiting for a slot, or in flight) never
 * exceed `(max + 1) × blockSize`, `max` being the window's largest value (the client's
 * `maxConcurrent`, 16 by default, for `'auto'`); `stats.maxRecordsHeld` reports the high-water mark.
 * Beside them, the Writable's own buffer holds at most `highWaterMark` chunks, the chunk being
 * written included (`writableLength`): by default one record or one batch. So a pipeline from
 * `readRecords` batches of one block (the defaults) keeps at most `(max + 2) ×
 * blockSize` records in the uploader, whatever the input's size and the server's speed.
 *
 * Chunks are records, or batches of records with their lines (`readRecords(path, { output:
 * 'batches' })`, the fast path: the stream's per-chunk cost is paid once a batch).
 *
 * Events: `'progress'` (a `ProgressEvent`, phase `upload`), `'block'` ({@link BlockEvent}).
 * Errors: a refused record is a `RecordRejectedError` naming input file, line, record and
 * column (unless `onRejected` takes it); other failures are the client's typed errors.
 *
 * @example
 * ```ts
 * await pipeline(readRecords('people.csv'), new BlockUploader({ client, dataset: 'people' }));
 * ```
 */
export class BlockUploader extends Writable {
  readonly options: ResolvedUploaderOptions;
  readonly #encoder: BlockEncoder;
  readonly #pool: BufferPool;
  readonly #controller = new AbortController();
  readonly #meter = new ProgressMeter('upload');
  readonly #settling = new Set<Promise<void>>();
  readonly #window: RequestWindow;
  #tracker: AcknowledgementTracker;
  #checkpoint: CheckpointWriter | undefined;
  #fingerprint: InputFingerprint | undefined;
  #previous: CheckpointDocument | undefined;
  #index = 0;
  #slot = 0;
  #nextBlock: number;
  #skipping = false;
  #lines: Uint32Array | undefined;
  #inputRecords: Float64Array | undefined;
  #lastRecord: DataRecord | undefined;
  #queued: PendingBlock | undefined;
  #held: WriteCallback | undefined;
  #batch: { readonly batch: RecordBatch; next: number; readonly callback: WriteCallback } | undefined;
  /** Requests the service may be serving now (the window counts these). */
  #inFlight = 0;
  /** Requests waiting out a 429's Retry-After: they hold their block but no place in the window. */
  #waiting = 0;
  /** Waiting requests whose wait is over, each to be given a place as one frees. */
  #readmits: (() => void)[] = [];
  #recordsHeld = 0;
  #idle: (() => void)[] = [];
  #retriesAtStart: number;
  /** Input records the checkpoint of an earlier run says are stored already. */
  #resumedRecords = 0;
  #counts = { records: 0, skipped: 0, rejected: 0, blocks: 0, bytes: 0, resends: 0, maxRecordsHeld: 0, maxBlocksInFlight: 0 };
  #completed = false;
  #uploaded = false;
  #finalStats: UploadStats | undefined;

  constructor(options: BlockUploaderOptions) {
    const resolved = resolveUploaderOptions(options);
    super({ objectMode: true, highWaterMark: resolved.highWaterMark });
    this.options = resolved;
    this.#window = new RequestWindow(resolved.window, resolved.client);
    this.#pool = new BufferPool(resolved.concurrency + 2);
    allowListenersFor(this.#controller.signal, resolved.concurrency);
    this.#encoder = new BlockEncoder({ columns: resolved.expectedColumns, pool: this.#pool });
    this.#nextBlock = resolved.firstBlock;
    this.#tracker = new AcknowledgementTracker({ nextBlock: resolved.firstBlock, records: 0, storedRecords: 0 });
    this.#retriesAtStart = clientRetries(resolved.client);
    resolved.source.trackRecords?.();
    destroyOnAbort(this, resolved.signal, 'the upload was aborted');
    // Records piped from readRecords travel in batches: the plain pipeline takes the fast path.
    this.on('pipe', takeBatchesFrom);
  }

  /** The upload's figures so far; final after `'finish'`. */
  get stats(): UploadStats {
    return this.#finalStats ?? this.#snapshot();
  }

  override _construct(callback: (error?: Error | null) => void): void {
    this.#openCheckpoint().then(() => callback(), callback);
  }

  override _write(chunk: DataRecord | RecordBatch, _encoding: BufferEncoding, callback: WriteCallback): void {
    if (isRecordBatch(chunk)) {
      this.#batch = { batch: chunk, next: 0, callback };
      this.#continueBatch();
      return;
    }
    const error = this.#accept(chunk, undefined);
    if (error !== undefined) callback(error);
    else if (this.#queued === undefined) callback();
    else this.#held = callback;
  }

  // Takes records of the batch until a sealed block must wait for a slot; resumed when one frees.
  #continueBatch(): void {
    const pending = this.#batch;
    if (pending === undefined) return;
    const { records, lines } = pending.batch;
    while (pending.next < records.length) {
      if (this.#queued !== undefined) return;
      const index = pending.next++;
      const error = this.#accept(records[index] as DataRecord, lines[index]);
      if (error !== undefined) {
        this.#batch = undefined;
        pending.callback(error);
        return;
      }
    }
    this.#batch = undefined;
    if (this.#queued === undefined) pending.callback();
    else this.#held = pending.callback;
  }

  /** Adds one record to the open block (or skips it when resuming); an error to fail the write with. */
  #accept(record: DataRecord, line: number | undefined): Error | undefined {
    const { blockSize, firstBlock, maxBlocks } = this.options;
    const index = this.#index++;
    if (this.#slot === 0) {
      const blockNumber = this.#nextBlock++;
      if (blockNumber >= firstBlock + maxBlocks) {
        const range = `blocks ${firstBlock}..${firstBlock + maxBlocks - 1} (maxBlocks ${maxBlocks} × blockSize ${blockSize})`;
        return this.#inputError(index, record, line, `more records than ${range} can hold`);
      }
      this.#skipping = this.#tracker.isAcknowledged(blockNumber);
      if (!this.#skipping) {
        this.#encoder.begin(blockNumber);
        this.#lines = line === undefined && this.options.source.lineOf === undefined ? undefined : new Uint32Array(blockSize);
        // Batches carry their lines and are never reordered: a record's input number is its place
        // in the upload, which the rejection derives; only records one at a time need a lookup.
        this.#inputRecords = line !== undefined || this.options.source.recordNumberOf === undefined ? undefined : new Float64Array(blockSize);
      }
    }
    this.#slot++;
    if (this.#skipping) this.#counts.skipped++;
    else {
      const { lineOf, recordNumberOf } = this.options.source;
      if (this.#lines !== undefined) this.#lines[this.#encoder.recordCount] = line ?? lineOf?.(index + 1, record) ?? 0;
      if (this.#inputRecords !== undefined) this.#inputRecords[this.#encoder.recordCount] = recordNumberOf?.(record) ?? 0;
      try {
        this.#encoder.add(record);
      } catch (error) {
        return this.#inputError(index, record, line, `a value cannot be sent as JSON (${(error as Error).message})`, error);
      }
      this.#lastRecord = record;
      if (++this.#recordsHeld > this.#counts.maxRecordsHeld) this.#counts.maxRecordsHeld = this.#recordsHeld;
    }
    if (this.#slot === blockSize) {
      this.#slot = 0;
      if (!this.#skipping) this.#dispatch(this.#seal());
    }
    return undefined;
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#finish().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#controller.abort(error ?? new AbortError('the upload was destroyed'));
    this.#queued = undefined;
    this.#held = undefined;
    this.#batch = undefined;
    this.#encoder.discard();
    for (const admit of this.#readmits.splice(0)) admit();
    this.#wakeIdle();
    // Record every acknowledgement so far (the writer may be waiting out its interval).
    if (this.#finalStats === undefined && !this.#uploaded) this.#checkpoint?.update(this.#document('uploading'));
    void Promise.all(this.#settling)
      .then(() => this.#checkpoint?.flush())
      .then(
        () => callback(error),
        (checkpointError: unknown) => callback(error ?? (checkpointError as Error)),
      );
  }

  async #openCheckpoint(): Promise<void> {
    const options = this.options.checkpoint;
    if (options === undefined) return;
    this.#fingerprint = options.fingerprint ?? (options.inputFile === undefined ? undefined : await fingerprintFile(options.inputFile));
    const { dataset, blockSize, firstBlock } = this.options;
    const previous = await readCheckpoint(options.path);
    if (previous !== undefined) {
      const mismatch = checkpointMismatch(previous, { dataset, blockSize, firstBlock, fingerprint: this.#fingerprint });
      if (mismatch !== undefined) {
        throw new ConfigError(`checkpoint ${options.path} does not fit this upload: ${mismatch}; delete it to start over`);
      }
      this.#tracker = new AcknowledgementTracker(previous, previous.acknowledgedBlocks);
      this.#resumedRecords = previous.records + previous.acknowledgedBlocks.reduce((sum, ack) => sum + ack.records, 0);
      this.#previous = previous;
      this.#completed = previous.state === 'completed';
    }
    await writeCheckpoint(options.path, this.#document(previous?.state ?? 'uploading'));
    this.#checkpoint = new CheckpointWriter(options.path, options.intervalMs ?? 250, (error) => this.destroy(error as Error));
  }

  #document(state: CheckpointState, totals?: { records: number; stored: number }): CheckpointDocument {
    const { dataset, blockSize, firstBlock } = this.options;
    return {
      format: 'data8-batch/upload-checkpoint',
      version: 1,
      dataset,
      blockSize,
      firstBlock,
      ...this.#tracker.position,
      acknowledgedBlocks: this.#tracker.acknowledgedBeyond,
      state,
      totalRecords: totals?.records,
      totalStoredRecords: totals?.stored,
      fingerprint: this.#fingerprint,
      updatedAt: new Date().toISOString(),
    };
  }

  #seal(): PendingBlock {
    const sealed = this.#encoder.seal();
    const { file, headerOf } = this.options.source;
    const { blockSize, firstBlock, dataset } = this.options;
    return {
      blockNumber: sealed.blockNumber,
      recordCount: sealed.recordCount,
      body: sealed.body,
      buffer: sealed.buffer,
      // Asked once a block, for its last record (the reader remembers recent records only).
      inputBytes: this.#lastRecord === undefined ? undefined : this.options.source.bytesAfter?.(this.#index, this.#lastRecord),
      origin: {
        file,
        dataset,
        blockNumber: sealed.blockNumber,
        firstRecord: firstRecordOf(sealed.blockNumber, firstBlock, blockSize) + 1,
        lines: this.#lines ?? [],
        inputRecords: this.#inputRecords,
        headerOf: (column) => headerOf?.(column) ?? column,
      },
    };
  }

  #dispatch(block: PendingBlock): void {
    if (this.#hasRoom()) this.#start(block);
    else this.#queued = block;
  }

  /**
   * A new block may go out: a place in the window, and its records within the bound (blocks
   * waiting out a 429 hold theirs too, so the window's max bounds both together).
   */
  #hasRoom(): boolean {
    return this.#inFlight < this.#window.size && this.#inFlight + this.#waiting < this.#window.controller.max && this.#readmits.length === 0;
  }

  #start(block: PendingBlock): void {
    this.#inFlight++;
    const sending = this.#inFlight + this.#waiting;
    if (sending > this.#counts.maxBlocksInFlight) this.#counts.maxBlocksInFlight = sending;
    const ticket = this.#window.begin(this.#inFlight);
    const request = { holding: true };
    const onSlowDown = (answer: SlowDownAnswer): void => {
      ticket?.onSlowDown(answer);
      const resume = this.#yieldPlace(request);
      if (resume !== undefined) answer.holdRetry(resume);
    };
    const context = { client: this.options.client, dataset: this.options.dataset, signal: this.#controller.signal, onSlowDown, onRejected: this.options.onRejected };
    const settled = sendBlock(context, block).then(
      (sent) => {
        this.#settled(settled, request);
        this.#window.end(ticket);
        this.#acknowledged(block, sent);
      },
      (error: unknown) => {
        this.#settled(settled, request);
        if (!this.destroyed) this.destroy(error as Error);
        this.#wakeIdle();
      },
    );
    this.#settling.add(settled);
  }

  #settled(settled: Promise<void>, request: { holding: boolean }): void {
    this.#settling.delete(settled);
    if (request.holding) this.#inFlight--;
    else this.#waiting--;
  }

  /**
   * The service refused a request for now (429): while it waits out the Retry-After, its place
   * in the window goes to the next block; the retry waits for a place again.
   */
  #yieldPlace(request: { holding: boolean }): (() => Promise<void>) | undefined {
    if (!request.holding || this.destroyed) return undefined;
    request.holding = false;
    this.#inFlight--;
    this.#waiting++;
    // Not from inside the client's call: the next block is encoded and sent on a fresh stack.
    queueMicrotask(() => this.#nextInLine());
    return () =>
      new Promise<void>((resolve) => {
        const admit = (): void => {
          request.holding = true;
          this.#waiting--;
          this.#inFlight++;
          resolve();
        };
        // Waiting retries go before new blocks; a destroyed upload lets them go (to meet the abort).
        if (this.destroyed || (this.#readmits.length === 0 && this.#inFlight < this.#window.size)) admit();
        else this.#readmits.push(admit);
      });
  }

  /** Gives free places to waiting retries first, then to the block waiting for one. */
  #nextInLine(): void {
    while (this.destroyed || this.#inFlight < this.#window.size) {
      const admit = this.#readmits.shift();
      if (admit === undefined) break;
      admit();
    }
    const queued = this.#queued;
    if (queued === undefined || this.destroyed || !this.#hasRoom()) return;
    this.#queued = undefined;
    this.#start(queued);
    const held = this.#held;
    this.#held = undefined;
    if (held !== undefined) held();
    else this.#continueBatch();
  }

  #acknowledged(block: PendingBlock, sent: SentBlock): void {
    if (this.destroyed) return;
    this.#pool.release(block.buffer);
    this.#recordsHeld -= block.recordCount;
    const counts = this.#counts;
    counts.records += sent.storedRecords;
    counts.rejected += sent.rejectedRecords;
    counts.resends += sent.resends;
    counts.blocks++;
    counts.bytes += sent.bytes;
    const ack = { blockNumber: block.blockNumber, records: block.recordCount, storedRecords: sent.storedRecords, inputBytes: block.inputBytes };
    this.#tracker.acknowledge(ack);
    this.#checkpoint?.update(this.#document('uploading'));
    const event: BlockEvent = { blockNumber: block.blockNumber, records: block.recordCount, storedRecords: sent.storedRecords, bytes: sent.bytes };
    this.emit('block', event);
    this.#progress(false);
    this.#nextInLine();
    this.#wakeIdle();
  }

  #wakeIdle(): void {
    if ((this.#inFlight === 0 && this.#waiting === 0) || this.destroyed) for (const resolve of this.#idle.splice(0)) resolve();
  }

  #progress(done: boolean): void {
    const { dataset, onProgress } = this.options;
    const resumed = this.#resumedRecords === 0 ? {} : { resumedRecords: this.#resumedRecords };
    const event = this.#meter.event({ dataset, records: this.#counts.records, blocks: this.#counts.blocks, bytes: this.#counts.bytes, window: this.#window.size, done, ...resumed });
    this.emit('progress', event);
    onProgress?.(event);
  }

  async #drained(): Promise<void> {
    while ((this.#inFlight > 0 || this.#waiting > 0 || this.#queued !== undefined) && !this.destroyed) {
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    }
    if (this.destroyed) throw new AbortError('the upload was destroyed before it finished');
  }

  async #finish(): Promise<void> {
    if (this.#slot > 0 && !this.#skipping) this.#dispatch(this.#seal());
    this.#slot = 0;
    await this.#drained();
    const position = this.#tracker.position;
    const previousTotal = this.#previous?.totalRecords;
    if (
      position.nextBlock !== this.#nextBlock ||
      this.#tracker.acknowledgedBeyond.length > 0 ||
      (previousTotal !== undefined && previousTotal !== this.#index)
    ) {
      throw new IntegrityError(
        `the input has ${this.#index} records but checkpoint ${this.options.checkpoint?.path ?? ''} says a previous run ` +
          `uploaded ${previousTotal ?? this.#tracker.acknowledgedBeyond.reduce((sum, ack) => sum + ack.records, position.records)} from it: ` +
          'is it the same input? Delete the checkpoint and the dataset to start over',
      );
    }
    const totals = { records: this.#index, stored: position.storedRecords };
    this.#uploaded = true;
    if (this.#previous?.state !== 'completed') this.#checkpoint?.update(this.#document('uploaded', totals));
    await this.#checkpoint?.flush();
    if (this.options.complete && !this.#completed) {
      await this.#complete(totals.stored);
      this.#completed = true;
      this.#checkpoint?.update(this.#document('completed', totals));
      await this.#checkpoint?.flush();
    }
    this.options.window.finish();
    this.#finalStats = this.#snapshot();
    this.#progress(true);
  }

  async #complete(count: number): Promise<void> {
    const { client, dataset } = this.options;
    try {
      await client.datasets.complete(dataset, count, { signal: this.#controller.signal });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // A run killed after its PUT but before its checkpoint said so finds the dataset complete.
      if (this.#previous !== undefined) {
        const stored = await client.datasets.get(dataset, { signal: this.#controller.signal });
        if (stored.completed && stored.recordCount === count) return;
      }
      throw new IntegrityError(
        `dataset "${dataset}" could not be completed with the ${count} records this upload stored: ${error.problem?.detail ?? error.message}`,
        { cause: error },
      );
    }
  }

  #inputError(index: number, record: DataRecord, line: number | undefined, reason: string, cause?: unknown): InputError {
    const { file, lineOf, recordNumberOf } = this.options.source;
    const knownLine = line ?? lineOf?.(index + 1, record);
    const inputRecord = recordNumberOf === undefined || line !== undefined ? index + 1 : recordNumberOf(record);
    return new InputError({ file, line: knownLine, record: inputRecord ?? index + 1, reason: inputRecord === undefined && knownLine === undefined ? `${reason} (record ${index + 1} of the upload; its input line is not known)` : reason, cause });
  }

  #snapshot(): UploadStats {
    const counts = this.#counts;
    return {
      dataset: this.options.dataset,
      recordsRead: this.#index,
      records: counts.records,
      recordsSkipped: counts.skipped,
      recordsRejected: counts.rejected,
      recordsStored: this.#tracker.storedRecords,
      blocks: counts.blocks,
      firstBlock: this.options.firstBlock,
      lastBlock: this.#nextBlock > this.options.firstBlock ? this.#nextBlock - 1 : undefined,
      bytes: counts.bytes,
      retries: clientRetries(this.options.client) - this.#retriesAtStart,
      resends: counts.resends,
      maxRecordsHeld: counts.maxRecordsHeld,
      maxBlocksInFlight: counts.maxBlocksInFlight,
      window: this.#window.stats(),
      completed: this.#completed,
      elapsedMs: this.#meter.elapsedMs(),
    };
  }
}
