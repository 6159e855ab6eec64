/**
 * When to poll a job next. Starts short, backs off while nothing can be predicted, and once
 * the job gives an `estimatedFinishTime` or its `percentComplete` moves, aims at half the
 * remaining time, so polls thin out on long jobs and close in as the end nears. No delay is
 * shorter than a tenth of the time waited so far ({@link OVERHEAD_SHARE}): the wait past the
 * job's end stays within ~10% of the job (50 ms for a short one), and a long job is never polled
 * more than ~10 times per doubling of its age. Pure: no stream or HTTP imports; times are plain
 * milliseconds.
 *
 * Request budget (polls of a job whose estimate is right): 0.5 s job 6 polls, at most 50 ms
 * late; 5 s job 6; 1 min 7; 10 min 41; 1 h 241, one per 15 s (the longest delay) once the end is
 * far. Without an estimate but with a moving percentage: 7, 7, 14, 53, 254.
 *
 * @packageDocumentation
 */

/** Bounds of the time between two polls, in milliseconds. */
export interface PollInterval {
  /** The first delay and the shortest one. @default 50 */
  readonly min: number;
  /** The longest delay. @default 15000 */
  readonly max: number;
}

/** One poll's reading of the job. */
export interface PollObservation {
  /** When the poll answered (ms since the epoch, local clock). */
  readonly at: number;
  readonly percentComplete: number;
  /** The server's estimate of the finish (ms since the epoch), when it gave one. */
  readonly estimatedFinishAt?: number | undefined;
}

/** What the schedule looks at. */
export interface PollScheduleInput {
  readonly interval: PollInterval;
  /** The delay used before this poll; undefined after the first poll. */
  readonly previousDelay: number | undefined;
  /** The latest reading. */
  readonly latest: PollObservation;
  /** The earliest reading since the job started moving (for the rate), if any. */
  readonly earliest?: PollObservation | undefined;
  /** Now, on the same clock as the readings. */
  readonly now: number;
  /** Milliseconds waited so far: no delay is shorter than a tenth of it. @default 0 */
  readonly elapsedMs?: number | undefined;
}

/** The shortest delay as a share of the time waited: the overhead a wait adds to a job. */
export const OVERHEAD_SHARE = 0.1;
/** The longest delay as a share of the time waited. */
const ESTIMATE_DOUBT = 0.5;

/** How much faster than "no information" the delay may grow in one step. */
const BACKOFF = 1.5;

/** The delay before the next poll, in milliseconds, within the interval's bounds. */
export function nextPollDelay(input: PollScheduleInput): number {
  const { interval, previousDelay, latest, earliest, now } = input;
  const elapsed = input.elapsedMs;
  const floor = Math.max(interval.min, (elapsed ?? 0) * OVERHEAD_SHARE);
  // An estimate can be wrong (a job that speeds up): no delay longer than half the time waited, so
  // the wait past the end stays within half the job whatever the estimates said.
  const ceiling = elapsed === undefined ? interval.max : Math.min(interval.max, Math.max(floor, elapsed * ESTIMATE_DOUBT));
  const clamp = (delay: number): number => Math.round(Math.min(ceiling, Math.max(floor, delay)));
  const remaining = remainingMs(latest, earliest, now);
  if (remaining !== undefined) return clamp(remaining / 2);
  return clamp(previousDelay === undefined ? interval.min : previousDelay * BACKOFF);
}

/** The time the job still needs, from its estimate or from the rate its percentage moves. */
export function remainingMs(latest: PollObservation, earliest: PollObservation | undefined, now: number): number | undefined {
  if (latest.estimatedFinishAt !== undefined && Number.isFinite(latest.estimatedFinishAt)) {
    return Math.max(0, latest.estimatedFinishAt - now);
  }
  if (earliest === undefined) return undefined;
  const moved = latest.percentComplete - earliest.percentComplete;
  const took = latest.at - earliest.at;
  if (moved <= 0 || took <= 0) return undefined;
  return ((100 - latest.percentComplete) * took) / moved;
}
