/**
 * DatasetReader: an object-mode Readable (and so an async iterable) over a completed output
 * dataset. It reads `recordCount`, then pages of up to 1,000 records, keeping `prefetch` pages
 * in flight and delivering them in order; it starts no request while its consumer is not
 * reading, and checks it delivered exactly the records the dataset holds.
 *
 * @packageDocumentation
 */
import { Readable } from 'node:stream';
import { AbortError, ConfigError, IntegrityError } from '../core/errors.js';
import type { DataRecord } from '../core/wire.js';
import { clientRetries, type ReaderClient } from './client-surface.js';
import { expectedRecords, pageMismatch, planPages, type PageRequest } from './page-plan.js';
import { destroyOnAbort } from '../formats/abort-on-signal.js';
import { ProgressMeter, type ProgressListener } from './progress.js';
import { numberOption, stringOption } from '../core/option-checks.js';
import { allowListenersFor } from '../core/signal-listeners.js';
import { RequestWindow, windowController, type WindowOption, type WindowStats } from './request-window.js';
import { TAKE_PAGES } from '../core/bulk-chunks.js';

/** Options of {@link DatasetReader}. */
export interface DatasetReaderOptions {
  /** A `Data8Client`, or anything with `datasets.get`, `datasets.readRecords` and `assumedValues`. */
  readonly client: ReaderClient;
  /** The output dataset to read. */
  readonly dataset: string;
  /** 1-based number of the first record to read (resume a download from there). @default 1 */
  readonly start?: number | undefined;
  /** Records per request, at most the client's `maxPageRecords`. @default 1000 */
  readonly pageSize?: number | undefined;
  /**
   * Pages held at once (requested, waiting, or being delivered): a number (a fixed window),
   * `'auto'` (the window adapts to the service's throughput and latency, from 4 within 1 .. the
   * client's `maxConcurrent`, 16 by default) or `{ min, max }` (adapts between them, `max` at
   * most the client's `maxConcurrent` and 64). Memory is bounded by the window's largest value:
   * `max × pageSize` records (16,000 with the defaults) plus the stream's buffer
   * (`highWaterMark` chunks: records, or whole pages), which is only filled as the consumer
   * reads. `stats.window` shows the window over time.
   * @default 'auto'
   */
  readonly prefetch?: WindowOption | undefined;
  /**
   * What the stream emits: each record, or each page as an array of records (fewer chunks
   * through the stream: the fast path for consumers that take arrays, such as `writeRecords`).
   * @default 'records'
   */
  readonly output?: 'records' | 'pages' | undefined;
  /** Chunks (records, or pages) buffered before the reader stops pushing. @default 16 records, 1 page */
  readonly highWaterMark?: number | undefined;
  /** Aborts the reading; in-flight requests are aborted. */
  readonly signal?: AbortSignal | undefined;
  /** Called with every progress event (also emitted as `'progress'`). */
  readonly onProgress?: ProgressListener | undefined;
}

/** Figures of a read; final once the stream ended. */
export interface DownloadStats {
  readonly dataset: string;
  /** The dataset's recordCount. */
  readonly recordCount: number;
  /** Records delivered. */
  readonly records: number;
  /** Pages received. */
  readonly pages: number;
  /** The most pages held at once: ≤ the window's max. */
  readonly maxPagesHeld: number;
  /** The window of pages held: its bounds, where it is and where it went over time. */
  readonly window: WindowStats;
  /** Requests the client retried while the read ran (counted client-wide). */
  readonly retries: number;
  readonly elapsedMs: number;
}

interface Page extends PageRequest {
  records: DataRecord[] | undefined;
  offset: number;
}

/**
 * Reads an output dataset as a stream of records (or pages of records), in order.
 *
 * @example
 * ```ts
 * for await (const record of new DatasetReader({ client, dataset: 'people_output' })) console.log(record);
 * ```
 */
export class DatasetReader extends Readable {
  readonly dataset: string;
  readonly #client: ReaderClient;
  readonly #start: number;
  readonly #pageSize: number;
  readonly #window: RequestWindow;
  readonly #onProgress: ProgressListener | undefined;
  readonly #controller = new AbortController();
  readonly #meter = new ProgressMeter('download');
  readonly #held: Page[] = [];
  #plan: Generator<PageRequest, void> | undefined;
  #recordCount = 0;
  #delivered = 0;
  #pages = 0;
  #maxPagesHeld = 0;
  #requesting = 0;
  #retriesAtStart: number;
  #ended = false;
  #delivering = false;
  /** Set by `_read`, cleared when `push` answers that the buffer is full. */
  #wanted = false;
  #pagesOut: boolean;

  constructor(options: DatasetReaderOptions) {
    const pages = options.output === 'pages';
    // Checked before the stream exists: a reader refused for its options sends no request.
    const window = windowController('prefetch', options.prefetch, options.client, 64);
    super({ objectMode: true, highWaterMark: options.highWaterMark ?? (pages ? 1 : 16) });
    this.#pagesOut = pages;
    this.dataset = stringOption('dataset', options.dataset);
    this.#client = options.client;
    this.#start = numberOption('start', options.start, 1, { min: 1 });
    const limit = options.client.assumedValues.maxPageRecords;
    this.#pageSize = numberOption('pageSize', options.pageSize, Math.min(1000, limit), { min: 1, max: limit });
    this.#window = new RequestWindow(window, options.client);
    allowListenersFor(this.#controller.signal, window.max);
    this.#onProgress = options.onProgress;
    this.#retriesAtStart = clientRetries(options.client);
    destroyOnAbort(this, options.signal, `reading dataset "${this.dataset}" was aborted`);
  }

  /**
   * Switches `output: 'records'` to pages for a consumer that takes both (see
   * lib/core/bulk-chunks.ts): the same records in the same order.
   * @internal
   */
  [TAKE_PAGES](): boolean {
    if (this.#pagesOut) return false;
    this.#pagesOut = true;
    // The buffer's mark counted 16 records; as pages it holds one, as `output: 'pages'` does.
    // (Node reads the mark from its state on every push; no public way sets it after construction.)
    const state = (this as unknown as { _readableState?: { highWaterMark?: unknown } })._readableState;
    if (typeof state?.highWaterMark === 'number') state.highWaterMark = 1;
    return true;
  }

  /** The read's figures so far. */
  get stats(): DownloadStats {
    return {
      dataset: this.dataset,
      recordCount: this.#recordCount,
      records: this.#delivered,
      pages: this.#pages,
      maxPagesHeld: this.#maxPagesHeld,
      window: this.#window.stats(),
      retries: clientRetries(this.#client) - this.#retriesAtStart,
      elapsedMs: this.#meter.elapsedMs(),
    };
  }

  override _construct(callback: (error?: Error | null) => void): void {
    this.#open().then(() => callback(), callback);
  }

  async #open(): Promise<void> {
    const dataset = await this.#client.datasets.get(this.dataset, { signal: this.#controller.signal });
    if (this.#start > dataset.recordCount + 1) {
      throw new ConfigError(`option "start" is ${this.#start} but dataset "${this.dataset}" holds ${dataset.recordCount} records`);
    }
    this.#recordCount = dataset.recordCount;
    this.#plan = planPages(this.#start, dataset.recordCount, this.#pageSize);
  }

  override _read(): void {
    this.#wanted = true;
    this.#fill();
    this.#deliver();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#controller.abort(error ?? new AbortError(`reading dataset "${this.dataset}" was stopped`));
    this.#held.length = 0;
    callback(error);
  }

  // Starts requests while fewer pages are held than the window allows.
  #fill(): void {
    const plan = this.#plan;
    if (plan === undefined) return;
    while (this.#held.length < this.#window.size) {
      const next = plan.next();
      if (next.done === true) return;
      const page: Page = { ...next.value, records: undefined, offset: 0 };
      this.#held.push(page);
      this.#maxPagesHeld = Math.max(this.#maxPagesHeld, this.#held.length);
      const ticket = this.#window.begin(++this.#requesting);
      this.#client.datasets.readRecords(this.dataset, { start: page.start, count: page.count }, { signal: this.#controller.signal, onSlowDown: ticket?.onSlowDown }).then(
        (records) => {
          this.#requesting--;
          this.#window.end(ticket);
          this.#arrived(page, records);
        },
        (error: unknown) => {
          if (!this.destroyed) this.destroy(error as Error);
        },
      );
    }
  }

  #arrived(page: Page, records: DataRecord[]): void {
    if (this.destroyed) return;
    const mismatch = pageMismatch(this.dataset, page, records.length, this.#recordCount);
    if (mismatch !== undefined) {
      this.destroy(new IntegrityError(mismatch));
      return;
    }
    page.records = records;
    this.#pages++;
    if (this.#held[0] === page) this.#deliver();
  }

  // Pushes records of the head page, in order, from a _read until push() answers that the buffer
  // is full: a page that arrives meanwhile waits in #held, so no request starts until the
  // consumer reads. push() can call back into _read synchronously; the guard keeps one loop in
  // charge.
  #deliver(): void {
    if (this.#delivering) return;
    this.#delivering = true;
    try {
      this.#deliverPages();
    } finally {
      this.#delivering = false;
    }
  }

  #deliverPages(): void {
    for (;;) {
      const head = this.#held[0];
      if (head === undefined) {
        this.#end();
        return;
      }
      const records = head.records;
      if (records === undefined || !this.#wanted) return;
      if (this.#pagesOut) {
        // A page begun record by record before the switch goes on from where it stopped.
        const rest = head.offset === 0 ? records : records.slice(head.offset);
        this.#delivered += rest.length;
        head.offset = records.length;
        this.#pageDone();
        this.#push(rest);
        continue;
      }
      while (head.offset < records.length) {
        this.#delivered++;
        if (!this.#push(records[head.offset++] as DataRecord) && head.offset < records.length) return;
      }
      this.#pageDone();
    }
  }

  /** Pushes a chunk; answers whether more are wanted. */
  #push(chunk: DataRecord | DataRecord[]): boolean {
    // Cleared first: a _read that push() calls synchronously sets it again, and must not be lost.
    this.#wanted = false;
    if (this.push(chunk)) this.#wanted = true;
    return this.#wanted;
  }

  #pageDone(): void {
    this.#held.shift();
    this.#progress(false);
    this.#fill();
  }

  #end(): void {
    if (this.#ended || this.#plan === undefined) return;
    this.#ended = true;
    const expected = expectedRecords(this.#start, this.#recordCount);
    if (this.#delivered !== expected) {
      this.destroy(new IntegrityError(`dataset "${this.dataset}" delivered ${this.#delivered} records, expected ${expected}`));
      return;
    }
    this.#window.controller.finish();
    this.#progress(true);
    this.push(null);
  }

  #progress(done: boolean): void {
    const total = expectedRecords(this.#start, this.#recordCount);
    const percent = total === 0 ? 100 : Math.min(100, (this.#delivered * 100) / total);
    const event = this.#meter.event({ dataset: this.dataset, records: this.#delivered, totalRecords: total, blocks: this.#pages, window: this.#window.size, percent, done });
    this.emit('progress', event);
    this.#onProgress?.(event);
  }
}
