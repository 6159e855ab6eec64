/**
 * The lifecycle of emulated Data Group batches: `QUEUED` for `queuedMs`, `PROCESSING` for as
 * long as their records take at `recordsPerSecond`, then `COMPLETED` (or `FAILED` when
 * `failBatch` says so) once the result is on disk, followed by the notification call.
 *
 * Memory: only batches that have not finished are held (their metadata, not their records);
 * finished ones are read back from disk on request. Batches are processed one at a time, so at
 * most one batch's records (≤ the body limit) are in memory at once.
 *
 * @packageDocumentation
 */
import type { DataRecord } from '../../core/wire.js';
import type { Clock, RandomSource } from '../context.js';
import type { AtomicFiles } from '../persist.js';
import { appendEmail } from './append-email.js';
import { describeTarget, sendNotification } from './notification.js';
import type { DataGroupEvent, ResolvedDataGroupOptions } from './options.js';
import { DataGroupBatchStore, type StoredBatch } from './store.js';

/** The states `GET .../batch/{batch_id}` reports. */
export type BatchState = 'QUEUED' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

/** What a new batch carries besides its body. */
export interface NewBatch {
  readonly jobId: string;
  readonly recordCount: number;
  readonly notification?: { readonly url: string; readonly method: 'GET' | 'POST' } | undefined;
}

/** What the batches need from the emulator. */
export interface BatchesDependencies {
  readonly settings: ResolvedDataGroupOptions;
  readonly dataDir: string;
  readonly files: AtomicFiles;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly onEvent: (event: DataGroupEvent) => void;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ID_SUFFIX_LENGTH = 6;

const key = (jobId: string, batchId: string): string => `${jobId}/${batchId}`;

/** Creates, schedules, processes and reports batches. */
export class DataGroupBatches {
  readonly #options: ResolvedDataGroupOptions;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #onEvent: (event: DataGroupEvent) => void;
  readonly #store: DataGroupBatchStore;
  readonly #active = new Map<string, StoredBatch>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #notifications = new Set<Promise<void>>();
  #work: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(dependencies: BatchesDependencies) {
    this.#options = dependencies.settings;
    this.#clock = dependencies.clock;
    this.#random = dependencies.random;
    this.#onEvent = dependencies.onEvent;
    this.#store = new DataGroupBatchStore(dependencies.dataDir, dependencies.files);
  }

  /** Stores a batch and schedules its processing. */
  async create(request: NewBatch, body: Buffer): Promise<StoredBatch> {
    const now = this.#clock.now();
    const startAt = now + this.#options.queuedMs;
    const batch: StoredBatch = {
      jobId: request.jobId,
      batchId: await this.#newBatchId(request.jobId, now),
      createdAt: now,
      startAt,
      finishAt: startAt + Math.ceil((request.recordCount * 1000) / this.#options.recordsPerSecond),
      recordCount: request.recordCount,
      status: 'PENDING',
      notification: request.notification,
    };
    await this.#store.create(batch, body);
    this.#onEvent({ type: 'datagroup.batch.created', jobId: batch.jobId, batchId: batch.batchId, recordCount: batch.recordCount, bytes: body.length });
    this.#schedule(batch);
    return batch;
  }

  /** The batch, or undefined when that job has no such batch. */
  async find(jobId: string, batchId: string): Promise<StoredBatch | undefined> {
    const active = this.#active.get(key(jobId, batchId));
    if (active !== undefined) return active;
    const stored = await this.#store.get(jobId, batchId);
    // A batch left unfinished by an earlier run (same data directory) is picked up again.
    if (stored?.status === 'PENDING') this.#schedule(stored);
    return stored;
  }

  /** The state a client sees at `now`. */
  stateOf(batch: StoredBatch, now = this.#clock.now()): BatchState {
    if (batch.status !== 'PENDING') return batch.status;
    return now < batch.startAt ? 'QUEUED' : 'PROCESSING';
  }

  /** The file holding a completed batch's `{"data":[...]}` result. */
  resultPath(batch: StoredBatch): string {
    return this.#store.resultPath(batch);
  }

  /** Stops scheduling, then waits for the batch being processed and notifications under way. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#settle();
  }

  /** Forgets every batch (emulator reset); scheduling carries on for new ones. */
  async reset(): Promise<void> {
    await this.#settle();
    this.#active.clear();
    await this.#store.clear();
  }

  async #settle(): Promise<void> {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await this.#work;
    await Promise.all(this.#notifications);
  }

  /** A batch id shaped like the vendor's example `160427130036tew`: a UTC timestamp and letters. */
  async #newBatchId(jobId: string, now: number): Promise<string> {
    const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(2, 14);
    for (;;) {
      let suffix = '';
      for (let index = 0; index < ID_SUFFIX_LENGTH; index += 1) suffix += ID_ALPHABET[this.#random.int(0, ID_ALPHABET.length - 1)] ?? 'x';
      const id = `${stamp}${suffix}`;
      // A restart on the same data directory with the same seed replays the same suffixes.
      if (!this.#active.has(key(jobId, id)) && (await this.#store.get(jobId, id)) === undefined) return id;
    }
  }

  #schedule(batch: StoredBatch): void {
    const id = key(batch.jobId, batch.batchId);
    if (this.#closed || this.#timers.has(id)) return;
    this.#active.set(id, batch);
    const timer = setTimeout(() => {
      this.#timers.delete(id);
      this.#work = this.#work
        .then(() => this.#finish(batch))
        .catch((error: unknown) => {
          // Left PENDING: a restart on the same data directory tries again.
          this.#onEvent({ type: 'datagroup.batch.error', jobId: batch.jobId, batchId: batch.batchId, error: String(error) });
        });
    }, Math.max(0, batch.finishAt - this.#clock.now()));
    this.#timers.set(id, timer);
  }

  async #finish(batch: StoredBatch): Promise<void> {
    const failed = this.#options.failBatch({ jobId: batch.jobId, batchId: batch.batchId, recordCount: batch.recordCount });
    let result: Buffer | undefined;
    if (!failed) {
      const body = JSON.parse((await this.#store.readInput(batch)).toString('utf8')) as { data: DataRecord[] };
      result = Buffer.from(JSON.stringify({ data: body.data.map(appendEmail) }));
    }
    const finished: StoredBatch = { ...batch, status: failed ? 'FAILED' : 'COMPLETED' };
    await this.#store.finish(finished, result);
    this.#active.delete(key(batch.jobId, batch.batchId));
    this.#onEvent({ type: 'datagroup.batch.finished', jobId: batch.jobId, batchId: batch.batchId, state: finished.status === 'FAILED' ? 'FAILED' : 'COMPLETED' });
    if (finished.notification !== undefined) this.#notify(finished, finished.notification);
  }

  #notify(batch: StoredBatch, target: { readonly url: string; readonly method: 'GET' | 'POST' }): void {
    const state = batch.status === 'FAILED' ? 'FAILED' : 'COMPLETED';
    const payload = { job_id: batch.jobId, batch_id: batch.batchId, state, created_date: String(batch.createdAt) } as const;
    const call = sendNotification(target, payload, this.#options.notificationTimeoutMs).then((outcome) => {
      this.#onEvent({
        type: 'datagroup.notification',
        jobId: batch.jobId,
        batchId: batch.batchId,
        method: target.method,
        target: describeTarget(target.url),
        ...outcome,
      });
    });
    this.#notifications.add(call);
    void call.finally(() => this.#notifications.delete(call));
  }
}
