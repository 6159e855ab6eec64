/**
 * The one progress-event schema every phase emits (read, upload, job, download), and a small
 * meter that stamps elapsed time and throughput onto events. Pure: no stream or HTTP imports.
 *
 * @packageDocumentation
 */

/** The phases of a cleansing run, in the order they happen. */
export type Phase = 'read' | 'upload' | 'job' | 'download';

/** One progress report. The same shape for every phase, so one dashboard shows them all. */
export interface ProgressEvent {
  readonly phase: Phase;
  /** The dataset the phase works on (upload, download). */
  readonly dataset?: string;
  /** The job the phase waits for (job). */
  readonly job?: string;
  /** Records done in this phase so far. */
  readonly records: number;
  /** Records the phase will handle in all, when known (download, job). */
  readonly totalRecords?: number;
  /** Blocks acknowledged (upload) or pages delivered (download). */
  readonly blocks?: number;
  /** Requests allowed in flight at this moment (upload, download): the adaptive window. */
  readonly window?: number;
  /** Bytes sent (upload) or read (read). */
  readonly bytes?: number;
  /** 0..100 when known. */
  readonly percent?: number;
  /** Average over the phase so far. */
  readonly recordsPerSecond?: number;
  /** Milliseconds since the phase started. */
  readonly elapsedMs: number;
  /** True on the last event of the phase (sent once, when the phase succeeded). */
  readonly done: boolean;
  /** The job's status name (`Queued`, `Running`, ...), in the job phase. */
  readonly status?: string;
  /**
   * Input records an earlier run had stored already (upload, when resuming from a checkpoint):
   * they are skipped, and `records` does not count them.
   */
  readonly resumedRecords?: number;
  /** When the service expects the job to finish (its `estimatedFinishTime`, ISO 8601), in the job phase. */
  readonly estimatedFinishTime?: string;
}

/** A listener of {@link ProgressEvent}s, as `onProgress` options take it. */
export type ProgressListener = (event: ProgressEvent) => void;

/** The fields a phase supplies; the meter adds `phase`, `elapsedMs` and `recordsPerSecond`. */
export type ProgressFacts = Omit<ProgressEvent, 'phase' | 'elapsedMs' | 'recordsPerSecond'>;

/**
 * Stamps events of one phase with the time since the phase started and its average rate.
 * The clock is injectable so schedules can be tested without waiting.
 */
export class ProgressMeter {
  readonly phase: Phase;
  readonly #now: () => number;
  readonly #startedAt: number;

  constructor(phase: Phase, now: () => number = performance.now.bind(performance)) {
    this.phase = phase;
    this.#now = now;
    this.#startedAt = now();
  }

  /** Milliseconds since the meter was created. */
  elapsedMs(): number {
    return this.#now() - this.#startedAt;
  }

  /** A complete event from the phase's facts. */
  event(facts: ProgressFacts): ProgressEvent {
    const elapsedMs = Math.max(0, this.elapsedMs());
    const event: ProgressEvent = { phase: this.phase, ...facts, elapsedMs };
    if (elapsedMs > 0) return { ...event, recordsPerSecond: Math.round((facts.records * 1000) / elapsedMs) };
    return event;
  }
}
