/**
 * `DataGroupBatchStream`: records in, appended records out, in input order, each once.
 *
 * The writable side cuts records into batches by the exact size of their JSON body; each batch
 * takes one of the window's slots (`concurrency`, adaptive by default) from the moment it is cut until its last result record has
 * been pushed out, and `_write` holds its callback while every slot is taken. Batches run
 * (create → poll → result) in parallel; results leave strictly in input order, so a finished
 * batch waits for the ones before it, and a reader that stops reading stops the whole pipeline.
 *
 * @packageDocumentation
 */
import { Duplex } from 'node:stream';
import { AbortError, IntegrityError } from '../core/errors.js';
import type { DataRecord } from '../core/wire.js';
import { allowListenersFor } from '../core/signal-listeners.js';
import { ProgressMeter, type ProgressEvent } from '../streams/progress.js';
import { RequestWindow, type WindowStats } from '../streams/request-window.js';
import { BatchEnvelope } from './batch-body.js';
import { envelopeFieldsOf } from './batch-fields.js';
import { BatchCutter, type CutBatch } from './batch-cutter.js';
import { type BatchPosition, runBatch } from './batch-lifecycle.js';
import type { DataGroupBatch } from './types.js';
import { type DataGroupBatchStreamOptions, normalizeBatchStreamOptions, type ResolvedBatchStreamOptions } from './batch-stream-options.js';

/** What the stream did, as `stats()` returns and the `'stats'` event carries at the end. */
export interface DataGroupBatchStreamStats {
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly batches: number;
  readonly bytesSent: number;
  /** State polls made. */
  readonly polls: number;
  /** Most batches held at once (never above the window's max). */
  readonly maxBatchesHeld: number;
  /** The window of batches held: its bounds, where it is and where it went over time. */
  readonly window: WindowStats;
  /** Retries the client made while the stream ran (when the client counts them). */
  readonly retries: number;
  readonly elapsedMs: number;
}

interface Slot {
  readonly position: BatchPosition;
  body: Buffer | undefined;
  results: DataRecord[] | undefined;
  emitted: number;
}

type WriteCallback = (error?: Error | null) => void;

/** Sends records through The Data Group's asynchronous batch API. See {@link DataGroupBatchStreamOptions}. */
export class DataGroupBatchStream extends Duplex {
  readonly #options: ResolvedBatchStreamOptions;
  readonly #cutter: BatchCutter;
  readonly #controller = new AbortController();
  readonly #slots: Slot[] = [];
  readonly #meters = { upload: new ProgressMeter('upload'), job: new ProgressMeter('job'), download: new ProgressMeter('download') };
  readonly #started = performance.now();
  readonly #retriesAtStart: number;
  readonly #window: RequestWindow;
  #waiting: { batch: CutBatch; callback: WriteCallback } | undefined;
  #finalCallback: WriteCallback | undefined;
  #ending = false;
  #draining = false;
  #ended = false;
  #counts = { recordsIn: 0, recordsOut: 0, batches: 0, batchesCreated: 0, batchesDone: 0, batchesOut: 0, recordsSent: 0, recordsDone: 0, bytesSent: 0, polls: 0, maxBatchesHeld: 0 };
  readonly #onAbort = (): void => {
    const reason: unknown = this.#options.signal?.reason;
    this.destroy(new AbortError('The Data Group batch stream was aborted', { cause: reason }));
  };

  constructor(options: DataGroupBatchStreamOptions) {
    const resolved = normalizeBatchStreamOptions(options);
    super({ objectMode: true, readableHighWaterMark: resolved.readableHighWaterMark, writableHighWaterMark: 1 });
    this.#options = resolved;
    this.#cutter = new BatchCutter({ maxBatchBytes: resolved.maxBatchBytes, envelope: new BatchEnvelope(envelopeFieldsOf(resolved.fields)), source: resolved.source });
    this.#retriesAtStart = resolved.client.stats?.().retries ?? 0;
    this.#window = new RequestWindow(resolved.window, resolved.client);
    allowListenersFor(this.#controller.signal, resolved.window.max);
    if (resolved.signal?.aborted === true) queueMicrotask(this.#onAbort);
    else resolved.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** What the stream has done so far. */
  stats(): DataGroupBatchStreamStats {
    const c = this.#counts;
    return {
      recordsIn: c.recordsIn,
      recordsOut: c.recordsOut,
      batches: c.batches,
      bytesSent: c.bytesSent,
      polls: c.polls,
      maxBatchesHeld: c.maxBatchesHeld,
      window: this.#window.stats(),
      retries: (this.#options.client.stats?.().retries ?? 0) - this.#retriesAtStart,
      elapsedMs: performance.now() - this.#started,
    };
  }

  override _write(record: unknown, _encoding: BufferEncoding, callback: WriteCallback): void {
    let batch: CutBatch | undefined;
    try {
      batch = this.#cutter.push(record);
    } catch (error) {
      callback(error as Error);
      return;
    }
    this.#counts.recordsIn += 1;
    if (batch === undefined) callback();
    else this.#admit(batch, callback);
  }

  override _final(callback: WriteCallback): void {
    this.#ending = true;
    this.#finalCallback = callback;
    const last = this.#cutter.flush();
    if (last === undefined) this.#drain();
    else this.#admit(last, () => this.#drain());
  }

  override _read(): void {
    this.#drain();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    // In-flight requests and poll waits end now, not when they would have finished.
    this.#controller.abort(error ?? new AbortError('The Data Group batch stream was destroyed'));
    this.#slots.length = 0;
    this.#waiting = undefined;
    callback(error);
  }

  /** Starts the batch now if a slot is free; otherwise holds it, and the writer, until one is. */
  #admit(batch: CutBatch, callback: WriteCallback): void {
    if (this.#slots.length < this.#window.size) {
      this.#launch(batch);
      callback();
    } else {
      this.#waiting = { batch, callback };
    }
  }

  #launch(batch: CutBatch): void {
    const slot: Slot = { position: { index: batch.index, firstRecord: batch.firstRecord, recordCount: batch.recordCount }, body: batch.body, results: undefined, emitted: 0 };
    this.#slots.push(slot);
    this.#counts.batches += 1;
    this.#counts.maxBatchesHeld = Math.max(this.#counts.maxBatchesHeld, this.#slots.length);
    const { client, jobId } = this.#options;
    const signal = this.#controller.signal;
    // A batch's sample is its whole life (create, wait, results): a busy vendor makes it longer.
    const ticket = this.#window.begin(this.#slots.length);
    const onSlowDown = ticket?.onSlowDown;
    // No closure here may name `batch`: closures of one function share its scope, so one that
    // did would keep the cut batch, and its body of up to 10 MB, alive while the batch is polled.
    const create = async (): Promise<string> => {
      const body = slot.body ?? Buffer.alloc(0);
      const batchId = await client.createEncodedBatch(jobId, { recordCount: slot.position.recordCount, body }, { signal, onSlowDown });
      slot.body = undefined;
      this.#counts.bytesSent += body.length;
      return batchId;
    };
    const events = {
      created: (): void => {
        this.#counts.batchesCreated += 1;
        this.#counts.recordsSent += slot.position.recordCount;
        this.#progress('upload', { records: this.#counts.recordsSent, blocks: this.#counts.batchesCreated, bytes: this.#counts.bytesSent });
      },
      polled: (batch: DataGroupBatch): void => {
        this.#counts.polls += 1;
        this.#progress('job', { records: this.#counts.recordsDone, blocks: this.#counts.batchesDone, status: batch.state });
      },
    };
    runBatch(client, jobId, slot.position, create, this.#options, events, signal).then(
      (records) => {
        this.#window.end(ticket);
        slot.results = records;
        this.#counts.batchesDone += 1;
        this.#counts.recordsDone += records.length;
        this.#progress('job', { records: this.#counts.recordsDone, blocks: this.#counts.batchesDone, status: 'COMPLETED' });
        this.#drain();
      },
      (error: unknown) => {
        this.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  /** Pushes finished results in input order, as far as the reader lets it, and frees slots. */
  #drain(): void {
    if (this.#draining || this.destroyed || this.#ended) return;
    this.#draining = true;
    try {
      let readerWantsMore = true;
      while (readerWantsMore) {
        const head = this.#slots[0];
        if (head?.results === undefined) break;
        readerWantsMore = this.#pushResults(head, head.results);
        if (head.emitted < head.results.length) return;
        this.#release();
      }
      if (this.#ending && this.#waiting === undefined && this.#slots.length === 0) this.#end();
    } finally {
      this.#draining = false;
    }
  }

  /** Pushes what is left of a batch's results until the reader's buffer is full; false when it is. */
  #pushResults(slot: Slot, results: readonly DataRecord[]): boolean {
    while (slot.emitted < results.length) {
      const record = results[slot.emitted] as DataRecord;
      slot.emitted += 1;
      this.#counts.recordsOut += 1;
      if (!this.push(record)) return false;
    }
    return true;
  }

  /** The head batch has been pushed out whole: its slot goes to the batch waiting for one. */
  #release(): void {
    this.#slots.shift();
    this.#counts.batchesOut += 1;
    this.#progress('download', { records: this.#counts.recordsOut, blocks: this.#counts.batchesOut });
    const waiting = this.#waiting;
    if (waiting !== undefined && this.#slots.length < this.#window.size) {
      this.#waiting = undefined;
      this.#launch(waiting.batch);
      waiting.callback();
    }
  }

  #end(): void {
    this.#ended = true;
    const c = this.#counts;
    if (c.recordsOut !== c.recordsIn) {
      this.destroy(new IntegrityError(`The Data Group batch stream took ${c.recordsIn} records but gave back ${c.recordsOut}`));
      return;
    }
    const totals = { totalRecords: c.recordsIn, done: true };
    this.#progress('upload', { records: c.recordsSent, blocks: c.batchesCreated, bytes: c.bytesSent, ...totals });
    this.#progress('job', { records: c.recordsDone, blocks: c.batchesDone, status: 'COMPLETED', percent: 100, ...totals });
    this.#progress('download', { records: c.recordsOut, blocks: c.batchesOut, percent: 100, ...totals });
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.#options.window.finish();
    this.emit('stats', this.stats());
    this.push(null);
    this.#finalCallback?.();
  }

  #progress(phase: 'upload' | 'job' | 'download', facts: Omit<ProgressEvent, 'phase' | 'elapsedMs' | 'recordsPerSecond' | 'done' | 'job'> & { done?: boolean }): void {
    const event = this.#meters[phase].event({ job: this.#options.jobId, done: false, ...facts });
    this.emit('progress', event);
    this.#options.onProgress?.(event);
  }
}
