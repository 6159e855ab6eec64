/**
 * The in-flight window: how many requests a stream keeps in flight (blocks for the uploader,
 * pages for the reader, batches for the Data Group stream). Pure: no stream or HTTP imports;
 * the streams feed it one sample per finished request and ask it how many may be in flight.
 *
 * What it takes from existing work, and why:
 * - From Netflix concurrency-limits' **Gradient2** limit: the gradient `tolerance × floor ÷
 *   round latency`, clamped to [0.5, 1], as the one multiplicative decrease when latency
 *   inflates (the service is queueing), and the 1.5 tolerance. Gradient2 compares averages,
 *   not minimums, so the jitter of a real network (20-40 ms is common) does not read as a
 *   queue; **Vegas**, which compares with the minimum latency, would shrink the window on
 *   every jittery path.
 * - From TCP **BBR**: samples grouped in rounds (one round = `window` requests finished), a
 *   start-up phase that grows the window by half each round and ends once the delivery rate stops
 *   growing by 25% for three rounds (throughput no longer grows: more in flight only queues),
 *   and the delivery rate as a second witness: latency that rises while the rate falls in
 *   proportion is a longer path, not a queue, so the floor moves up and the window is kept.
 * - From TCP's **AIMD**: one additive step per round once start-up is over. A 429/503 is
 *   the service's own word on its limit, so it is read exactly rather than halved on: the
 *   requests in flight when the refused request was sent are the service's ceiling (never
 *   less than half the window it was sent under: requests sent together arrive in any order),
 *   and the window drops to one below it (a multiplicative 0.7 only when the client cannot say
 *   which request was refused). The window stays below a ceiling and tries it again only after
 *   {@link PROBE_AFTER} requests, twice as long after each try that meets it again; a try that
 *   meets no 429 moves the ceiling up one. So a service that limits concurrent requests costs a
 *   few retries per run, not one per probe.
 *
 * The window never leaves `[min, max]`; the streams set `max` to the client's `maxConcurrent`
 * (requests beyond it would only wait in the client's own gate), so the records a stream holds
 * are bounded by `max × block size` whatever the input's size.
 *
 * @packageDocumentation
 */

/** Requests before the first try at a ceiling the service set with a 429. */
export const PROBE_AFTER = 200;
/** The longest wait between two tries at a ceiling (each try that meets it doubles the wait). */
const PROBE_AFTER_MAX = 25_600;
/** Gradient2's default tolerance of latency above its floor before the window shrinks. */
const TOLERANCE = 1.5;
/** BBR leaves start-up after this many rounds without this much growth of the delivery rate. */
const STARTUP_ROUNDS = 3;
const STARTUP_GROWTH = 1.25;
/** Start-up's growth per round: 4, 6, 9, 14, 16 (gentler than TCP's doubling: an overshoot of a limited service costs retries). */
const STARTUP_GAIN = 1.5;
/** The window after a 429/503: AIMD's multiplicative decrease (Netflix's AIMD limit uses 0.9; a limit far below needs a larger step). */
const OVERLOAD_DECREASE = 0.7;
/** Rounds the best delivery rate is remembered (BBR's windowed maximum). */
const RATE_ROUNDS = 10;
/** How fast the latency floor follows the latency up (it follows it down at once). */
const FLOOR_RISE = 0.05;
/** A step up is kept when the delivery rate grew by this factor with it. */
const PROBE_GAIN = 1.04;
/** Rounds without a step up after one that did not pay. */
const HOLD_ROUNDS = 8;
/** Points kept in the window's history (older ones are thinned to every other one). */
const HISTORY_POINTS = 512;

/** Bounds of an adaptive window. */
export interface WindowBounds {
  readonly min: number;
  readonly max: number;
}

/** One finished request. */
export interface WindowSample {
  /** How long the request took, in milliseconds (from first send to answer). */
  readonly latencyMs: number;
  /** Requests in flight when it started, itself included. */
  readonly inFlight: number;
  /** The service answered 429 or 503 (asked to slow down) while it ran. */
  readonly overloaded: boolean;
  /** It was retried (its latency includes a wait and is not a sample of the service's). */
  readonly retried: boolean;
}

/** The window at one moment. */
export interface WindowPoint {
  /** Milliseconds since the stream started. */
  readonly ms: number;
  readonly window: number;
}

/** What a stream reports of its window (`stats.window`). */
export interface WindowStats {
  /** `'auto'` when the window adapts, `'fixed'` when a number was given. */
  readonly mode: 'auto' | 'fixed';
  /** Requests allowed in flight now. */
  readonly current: number;
  readonly min: number;
  readonly max: number;
  /** The highest window reached. */
  readonly peak: number;
  /** The service's concurrency ceiling learnt from a 429, if any. */
  readonly ceiling: number | undefined;
  /** Times the window shrank because latency inflated or the service said 429/503. */
  readonly decreases: number;
  /** The window over time: a point at the start and at every change (at most 512, thinned evenly). */
  readonly history: readonly WindowPoint[];
}

/** What the controller remembers of a service between streams of one client. */
export interface ServiceMemory {
  /** The fewest requests in flight at which the service said 429 (the window stays below it). */
  ceiling: number | undefined;
  /** The window a finished stream ended with, where the next one starts. */
  window: number | undefined;
  /** Requests finished since the service last said 429. */
  sinceOverload: number;
  /** Requests to finish before the window tries the ceiling again. */
  probeAfter: number;
}

/** A memory of a service the client has not heard from yet. */
export function freshMemory(): ServiceMemory {
  return { ceiling: undefined, window: undefined, sinceOverload: 0, probeAfter: PROBE_AFTER };
}

interface Round {
  startedAt: number;
  samples: number;
  latencySum: number;
  overloaded: boolean;
}

/** Sizes the requests in flight; see the module comment. */
export class WindowController {
  readonly min: number;
  readonly max: number;
  readonly #adaptive: boolean;
  readonly #now: () => number;
  readonly #origin: number;
  readonly #memory: ServiceMemory;
  #window: number;
  #peak: number;
  #startup = true;
  #floorMs: number | undefined;
  #rates: number[] = [];
  #startupBest = 0;
  #flatRounds = 0;
  #round: Round;
  #probeRate: number | undefined;
  #hold = 0;
  #decreases = 0;
  #history: WindowPoint[] = [];

  /**
   * @param bounds the window's bounds; `min === max` is a fixed window
   * @param initial the first window (clamped to the bounds)
   * @param memory shared by the streams of one client, so a ceiling learnt by one holds for the next
   */
  constructor(bounds: WindowBounds, initial: number, memory: ServiceMemory = freshMemory(), now: () => number = () => performance.now()) {
    this.min = bounds.min;
    this.max = bounds.max;
    this.#adaptive = bounds.min < bounds.max;
    this.#now = now;
    this.#origin = now();
    this.#memory = memory;
    const remembered = memory.window ?? initial;
    this.#window = this.#clamp(memory.ceiling === undefined ? remembered : Math.min(remembered, memory.ceiling - 1));
    this.#peak = this.#window;
    this.#round = { startedAt: this.#origin, samples: 0, latencySum: 0, overloaded: false };
    this.#history.push({ ms: 0, window: this.#window });
  }

  /** Requests allowed in flight now. */
  get window(): number {
    return this.#window;
  }

  /** Takes one finished request into account. */
  sample(sample: WindowSample): void {
    if (!this.#adaptive) return;
    this.#memory.sinceOverload++;
    if (sample.overloaded) {
      // A request sent beyond the window now started before the last decrease: already answered for.
      if (sample.inFlight <= this.#window) this.#overloaded();
      return;
    }
    const round = this.#round;
    if (!sample.retried) {
      round.samples++;
      round.latencySum += sample.latencyMs;
    }
    if (round.samples >= this.#window) this.#endRound();
  }

  /** The window's figures, for a stream's stats. */
  stats(): WindowStats {
    return {
      mode: this.#adaptive ? 'auto' : 'fixed',
      current: this.#window,
      min: this.min,
      max: this.max,
      peak: this.#peak,
      ceiling: this.#memory.ceiling,
      decreases: this.#decreases,
      history: [...this.#history],
    };
  }

  /** Remembers where this stream ended, for the client's next stream. */
  finish(): void {
    if (this.#adaptive) this.#memory.window = this.#window;
  }

  /**
   * The service answered 429/503 to a request sent when `inFlight` requests were in flight
   * (itself included) and the window was `windowAtSend`: fewer than that is what it takes at
   * once. Requests sent together reach the service in any order (a path's jitter), so the
   * ceiling one refusal sets is never below half the window it was sent under (TCP's
   * multiplicative decrease): a request sent fourth of sixteen may arrive last.
   */
  slowDown(inFlight: number, windowAtSend: number = inFlight): void {
    if (!this.#adaptive) return;
    const ceiling = this.#learnCeiling(Math.max(inFlight, Math.floor(windowAtSend / 2)));
    if (this.#window >= ceiling) this.#decrease(ceiling - 1);
  }

  #overloaded(): void {
    // The client could not say which request was refused: the window at the time is the
    // ceiling, and the window drops below it by a multiplicative step.
    const known = this.#memory.ceiling;
    const ceiling = this.#learnCeiling(this.#window);
    // A try one above a known ceiling found it still there: back to just below it.
    const next = known !== undefined && this.#window <= known ? this.#window - 1 : Math.floor(this.#window * OVERLOAD_DECREASE);
    this.#decrease(Math.min(ceiling - 1, next));
  }

  /** A 429 came with `refusedAt` in flight: the ceiling is the lower of it and the one known. */
  #learnCeiling(refusedAt: number): number {
    const memory = this.#memory;
    const known = memory.ceiling;
    // A try at the known ceiling met it again (the first refusal of its burst): wait twice as long before the next.
    if (known !== undefined && refusedAt >= known && memory.sinceOverload > 0) {
      memory.probeAfter = Math.min(PROBE_AFTER_MAX, memory.probeAfter * 2);
    }
    const ceiling = Math.max(this.min + 1, known === undefined ? refusedAt : Math.min(known, refusedAt));
    memory.ceiling = ceiling;
    memory.sinceOverload = 0;
    return ceiling;
  }

  #decrease(window: number): void {
    this.#startup = false;
    this.#probeRate = undefined;
    this.#decreases++;
    this.#set(window);
    this.#round = { startedAt: this.#now(), samples: 0, latencySum: 0, overloaded: true };
  }

  #endRound(): void {
    const now = this.#now();
    const round = this.#round;
    this.#round = { startedAt: now, samples: 0, latencySum: 0, overloaded: false };
    const ceiling = this.#memory.ceiling;
    if (ceiling !== undefined && this.#window >= ceiling && !round.overloaded) {
      // A whole round at the ceiling without a 429: the service takes one more now (or a
      // request in transit made the count look higher): the ceiling moves up one, and the
      // next try at it comes as soon as a first one would.
      this.#memory.ceiling = ceiling + 1;
      this.#memory.probeAfter = PROBE_AFTER;
      this.#memory.sinceOverload = 0;
    }
    const latency = round.latencySum / round.samples;
    const rate = (round.samples * 1000) / Math.max(1, now - round.startedAt);
    const best = Math.max(0, ...this.#rates);
    this.#rates.push(rate);
    if (this.#rates.length > RATE_ROUNDS) this.#rates.shift();
    const floor = this.#floorMs;
    if (floor === undefined || latency < floor) this.#floorMs = latency;
    else this.#floorMs = floor + FLOOR_RISE * (latency - floor);
    if (floor !== undefined && latency > floor * TOLERANCE) {
      // Latency inflated. If the rate fell with it, the path got longer: move the floor, keep the window.
      if (rate < best * 0.8) {
        this.#floorMs = latency;
        this.#rates = [rate];
        return;
      }
      this.#startup = false;
      this.#probeRate = undefined;
      this.#decreases++;
      this.#set(Math.floor(this.#window * Math.max(0.5, (TOLERANCE * floor) / latency)));
      return;
    }
    if (this.#startup) {
      if (rate >= this.#startupBest * STARTUP_GROWTH) {
        this.#startupBest = rate;
        this.#flatRounds = 0;
      } else if (++this.#flatRounds >= STARTUP_ROUNDS) this.#startup = false;
      this.#grow(this.#window * STARTUP_GAIN);
      return;
    }
    // Probe one more; keep it only if the delivery rate grew with it (more in flight is not
    // free: it is memory, and on a saturated service only queueing).
    const probe = this.#probeRate;
    if (probe !== undefined) {
      this.#probeRate = undefined;
      if (rate < probe * PROBE_GAIN) {
        this.#set(this.#window - 1);
        this.#hold = HOLD_ROUNDS;
      }
      return;
    }
    if (this.#hold > 0) {
      this.#hold--;
      return;
    }
    const before = this.#window;
    this.#grow(before + 1);
    if (this.#window > before) this.#probeRate = rate;
  }

  #grow(target: number): void {
    const { ceiling, sinceOverload, probeAfter } = this.#memory;
    const below = ceiling === undefined ? this.max : sinceOverload >= probeAfter ? ceiling : ceiling - 1;
    if (this.#window >= below) return;
    this.#set(Math.min(target, below));
  }

  #set(window: number): void {
    const next = this.#clamp(window);
    if (next === this.#window) return;
    this.#window = next;
    if (next > this.#peak) this.#peak = next;
    this.#history.push({ ms: Math.round(this.#now() - this.#origin), window: next });
    if (this.#history.length > HISTORY_POINTS) this.#history = this.#history.filter((_, index) => index % 2 === 0);
  }

  #clamp(window: number): number {
    return Math.max(this.min, Math.min(this.max, Math.round(window)));
  }
}
