/**
 * A running job's pace and progress: counts the input records the workflow has read, holds it
 * to the configured records per second, and keeps `percentComplete` and
 * `estimatedFinishTime` current (contract, "What the emulator adds": jobs take time).
 *
 * @packageDocumentation
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../context.js';
import type { JobRecord } from '../storage/job-store.js';

/** Tracks one job's progress through its input records. */
export class JobProgress {
  readonly #job: JobRecord;
  readonly #total: number;
  readonly #recordsPerMs: number;
  readonly #clock: Clock;
  readonly #started = performance.now();
  #done = 0;

  /**
   * @param total input records the job will read
   * @param recordsPerSecond the pace; `Infinity` for as fast as the disk allows
   */
  constructor(job: JobRecord, total: number, recordsPerSecond: number, clock: Clock) {
    this.#job = job;
    this.#total = total;
    this.#recordsPerMs = recordsPerSecond / 1000;
    this.#clock = clock;
    this.#update();
  }

  /** Input records read so far. */
  get done(): number {
    return this.#done;
  }

  /** Counts `records` more as read, then waits as long as the pace requires. */
  async advance(records: number, signal: AbortSignal): Promise<void> {
    this.#done += records;
    this.#update();
    const due = this.#started + this.#done / this.#recordsPerMs;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait, undefined, { signal });
  }

  #update(): void {
    const elapsed = Math.max(performance.now() - this.#started, 1);
    const remaining = this.#total - this.#done;
    // Before any record the configured pace is the best guess; after, what was observed.
    const perMs = this.#done > 0 ? Math.min(this.#done / elapsed, this.#recordsPerMs) : this.#recordsPerMs;
    const remainingMs = Number.isFinite(perMs) && perMs > 0 ? remaining / perMs : 0;
    // Reading every input is not the end: the outputs still have to be written, so 99 at most.
    this.#job.percentComplete = this.#total === 0 ? 99 : Math.min(99, Math.floor((this.#done * 100) / this.#total));
    this.#job.estimatedFinishTime = new Date(this.#clock.now() + remainingMs).toISOString();
  }
}
