/**
 * JobWaiter: waits for a job, as a promise (`wait()`) and as an async iterable of progress
 * snapshots. It polls `GET /Job/{name}` on an adaptive schedule (poll-schedule.ts), and never
 * cancels or deletes the server's job: a timeout or a stall ends the wait, not the job.
 *
 * @packageDocumentation
 */
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobStatusCodes } from '../core/assumed-values.js';
import { AbortError, JobFailedError, JobStalledError, TimeoutError } from '../core/errors.js';
import type { Job } from '../core/wire.js';
import type { WaiterClient } from './client-surface.js';
import { nextPollDelay, type PollInterval, type PollObservation } from './poll-schedule.js';
import { ProgressMeter, type ProgressListener } from './progress.js';
import { numberOption } from '../core/option-checks.js';
import { isRetryable } from '../transport/retry-policy.js';

/** Options of {@link JobWaiter}. */
export interface JobWaiterOptions {
  /** A `Data8Client`, or anything with `jobs.get` and `assumedValues`. */
  readonly client: WaiterClient;
  /** The job's name (or the job as `jobs.start` returned it). */
  readonly job: string | Job;
  /**
   * Bounds of the time between polls, in milliseconds. Between them the delay aims at half the
   * job's remaining time and is never under a tenth of the time waited so far (see
   * poll-schedule.ts for the request budget). @default { min: 50, max: 15000 }
   */
  readonly pollInterval?: Partial<PollInterval> | undefined;
  /** Give up waiting after this many milliseconds (`TimeoutError`); the job keeps running. @default none */
  readonly timeout?: number | undefined;
  /** Give up when neither status nor percentage moved for this many milliseconds (`JobStalledError`). @default none */
  readonly stallTimeout?: number | undefined;
  /** Failed polls in a row tolerated (the failures the client retries: network errors, 408, 429, 500, 502-504) before the wait fails. @default 5 */
  readonly maxPollFailures?: number | undefined;
  /** Records the job works on, so progress events can count records. @default unknown */
  readonly totalRecords?: number | undefined;
  /** Aborts the wait (the job keeps running). */
  readonly signal?: AbortSignal | undefined;
  /** Called with every progress event (also emitted as `'progress'`). */
  readonly onProgress?: ProgressListener | undefined;
}

/** A status name of the assumed-values table, or `Unknown (n)` for a code it does not list. */
export type JobStatusName = keyof JobStatusCodes | `Unknown (${number})`;

/** What one poll saw. */
export interface JobSnapshot {
  readonly job: Job;
  readonly status: JobStatusName;
  readonly percentComplete: number;
  /** True for the last snapshot (Completed, Failed or Cancelled). */
  readonly done: boolean;
  /** Milliseconds since the wait began. */
  readonly elapsedMs: number;
  /** Polls made so far. */
  readonly polls: number;
}

/** Figures of a wait. */
export interface JobWaitStats {
  readonly polls: number;
  readonly pollFailures: number;
  readonly elapsedMs: number;
  readonly status: JobStatusName | undefined;
}

/** Status name of a code, from the client's assumed values. */
export function jobStatusName(codes: JobStatusCodes, code: number): JobStatusName {
  for (const [name, value] of Object.entries(codes) as [keyof JobStatusCodes, number][]) if (value === code) return name;
  return `Unknown (${code})`;
}

/**
 * Waits for one job. `await waiter.wait()` resolves the completed job; `for await (const s of waiter)`
 * yields a {@link JobSnapshot} per poll and ends after the completed one. Both throw
 * `JobFailedError` (carrying the job) when it ends Failed or Cancelled, `JobStalledError` when
 * it stops moving for `stallTimeout`, and `TimeoutError` after `timeout`.
 * Emits `'progress'` (a `ProgressEvent`, phase `job`) and `'snapshot'`.
 */
export class JobWaiter extends EventEmitter {
  readonly name: string;
  readonly #options: JobWaiterOptions;
  readonly #maxPollFailures: number;
  readonly #interval: PollInterval;
  readonly #controller = new AbortController();
  readonly #meter = new ProgressMeter('job');
  #result: Promise<Job> | undefined;
  #waitRequested = false;
  #iterators = 0;
  #latest: JobSnapshot | undefined;
  #polls = 0;
  #pollFailures = 0;

  constructor(options: JobWaiterOptions) {
    super();
    this.#options = options;
    this.name = typeof options.job === 'string' ? options.job : options.job.name;
    const min = numberOption('pollInterval.min', options.pollInterval?.min, 50, { min: 1 });
    const max = numberOption('pollInterval.max', options.pollInterval?.max, Math.max(15_000, min), { min });
    this.#interval = { min, max };
    if (options.timeout !== undefined) numberOption('timeout', options.timeout, undefined, { min: 1 });
    if (options.stallTimeout !== undefined) numberOption('stallTimeout', options.stallTimeout, undefined, { min: 1 });
    this.#maxPollFailures = numberOption('maxPollFailures', options.maxPollFailures, 5, { min: 0 });
  }

  /** The figures of the wait so far. */
  get stats(): JobWaitStats {
    return { polls: this.#polls, pollFailures: this.#pollFailures, elapsedMs: this.#meter.elapsedMs(), status: this.#latest?.status };
  }

  /** Resolves the job once it completed. */
  wait(): Promise<Job> {
    this.#waitRequested = true;
    return this.#start();
  }

  /** Yields a snapshot per poll; ends after the completed job's, throws as {@link wait} does. */
  async *[Symbol.asyncIterator](): AsyncGenerator<JobSnapshot, void> {
    const queue: JobSnapshot[] = this.#latest === undefined ? [] : [this.#latest];
    let wake: (() => void) | undefined;
    const listener = (snapshot: JobSnapshot): void => {
      queue.push(snapshot);
      wake?.();
    };
    this.on('snapshot', listener);
    this.#iterators++;
    const state = { settled: false };
    const result = this.#start();
    const finished = result.then(
      () => (state.settled = true),
      () => (state.settled = true),
    );
    try {
      for (;;) {
        const next = queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (state.settled) break;
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), finished]);
        wake = undefined;
      }
      await result;
    } finally {
      this.off('snapshot', listener);
      this.#iterators--;
      // Nobody listens any more: stop polling (the job itself is not touched).
      if (this.#iterators === 0 && !this.#waitRequested) this.#controller.abort(new AbortError('nobody waits for the job any more'));
    }
  }

  #start(): Promise<Job> {
    if (this.#result === undefined) {
      this.#result = this.#run();
      this.#result.catch(() => undefined);
    }
    return this.#result;
  }

  async #run(): Promise<Job> {
    const { signal: userSignal, timeout, stallTimeout } = this.#options;
    const signal = userSignal === undefined ? this.#controller.signal : AbortSignal.any([userSignal, this.#controller.signal]);
    const startedAt = Date.now();
    let earliest: PollObservation | undefined;
    let lastChange = { at: startedAt, key: '' };
    let delay: number | undefined;
    for (;;) {
      const job = await this.#poll(signal);
      const now = Date.now();
      if (job !== undefined) {
        const snapshot = this.#snapshot(job);
        if (snapshot.done) return this.#settle(snapshot);
        const key = `${snapshot.status}/${snapshot.percentComplete}`;
        if (key !== lastChange.key) lastChange = { at: now, key };
        const estimate = job.estimatedFinishTime === null ? undefined : Date.parse(job.estimatedFinishTime);
        const latest = { at: now, percentComplete: job.percentComplete, estimatedFinishAt: estimate };
        if (earliest === undefined && job.percentComplete > 0) earliest = latest;
        delay = nextPollDelay({ interval: this.#interval, previousDelay: delay, latest, earliest, now, elapsedMs: now - startedAt });
      } else {
        delay = nextPollDelay({ interval: this.#interval, previousDelay: delay, latest: { at: now, percentComplete: 0 }, now, elapsedMs: now - startedAt });
      }
      const status = this.#latest?.status ?? 'not yet known';
      if (timeout !== undefined && now - startedAt >= timeout) {
        throw new TimeoutError(`job "${this.name}" did not finish within ${timeout} ms (status ${status}); it is left running on the server`);
      }
      if (stallTimeout !== undefined && now - lastChange.at >= stallTimeout) {
        throw new JobStalledError(
          `job "${this.name}" made no progress for ${now - lastChange.at} ms (status ${status}, ${this.#latest?.percentComplete ?? 0}% complete); it is left as it is on the server`,
          this.#latest?.job,
        );
      }
      // Wake at a deadline rather than past it, so the last poll happens right at it.
      if (timeout !== undefined) delay = Math.min(delay, startedAt + timeout - now);
      if (stallTimeout !== undefined) delay = Math.min(delay, lastChange.at + stallTimeout - now);
      await this.#sleep(Math.max(1, delay), signal);
    }
  }

  async #poll(signal: AbortSignal): Promise<Job | undefined> {
    const maxFailures = this.#maxPollFailures;
    try {
      this.#polls++;
      const job = await this.#options.client.jobs.get(this.name, { signal });
      this.#pollFailures = 0;
      return job;
    } catch (error) {
      if (signal.aborted) throw this.#abortError(signal);
      if (!isRetryable(error) || ++this.#pollFailures > maxFailures) throw error;
      return undefined;
    }
  }

  async #sleep(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      throw this.#abortError(signal);
    }
  }

  #abortError(signal: AbortSignal): AbortError {
    return signal.reason instanceof AbortError ? signal.reason : new AbortError(`waiting for job "${this.name}" was aborted`, { cause: signal.reason });
  }

  #snapshot(job: Job): JobSnapshot {
    const codes = this.#options.client.assumedValues.jobStatus;
    const status = jobStatusName(codes, job.status);
    const done = job.status === codes.Completed || job.status === codes.Failed || job.status === codes.Cancelled;
    const elapsedMs = this.#meter.elapsedMs();
    const snapshot: JobSnapshot = { job, status, percentComplete: job.percentComplete, done, elapsedMs, polls: this.#polls };
    this.#latest = snapshot;
    this.emit('snapshot', snapshot);
    const total = this.#options.totalRecords;
    const completed = job.status === codes.Completed;
    const percent = completed ? 100 : job.percentComplete;
    const records = total === undefined ? 0 : Math.round((total * percent) / 100);
    const event = this.#meter.event({
      job: this.name,
      records,
      ...(total === undefined ? {} : { totalRecords: total }),
      percent,
      status,
      done: completed,
      ...(job.estimatedFinishTime === null || completed ? {} : { estimatedFinishTime: job.estimatedFinishTime }),
    });
    this.emit('progress', event);
    this.#options.onProgress?.(event);
    return snapshot;
  }

  #settle(snapshot: JobSnapshot): Job {
    const { job, status } = snapshot;
    if (job.status === this.#options.client.assumedValues.jobStatus.Completed) return job;
    const reason = typeof job.statistics.error === 'string' ? `: ${job.statistics.error}` : '';
    throw new JobFailedError(`job "${this.name}" (workflow ${job.workflowName}) ended ${status}${reason}`, job);
  }
}
