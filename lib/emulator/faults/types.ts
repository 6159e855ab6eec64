/**
 * Fault injection settings (contract, "What the emulator adds": seeded 429 with Retry-After,
 * 503, dropped connections, latency, short token lifetimes) and fault plans by count.
 *
 * @packageDocumentation
 */

/** Random faults. Probabilities are per request, in [0, 1], and drawn in this order. */
export interface FaultOptions {
  /** Probability of `429 Too Many Requests` with `Retry-After`. @default 0 */
  readonly rate429?: number;
  /** Probability of `503 Service Unavailable` with `Retry-After`. @default 0 */
  readonly rate503?: number;
  /** Probability of a dropped connection (the socket is destroyed without an answer). @default 0 */
  readonly dropRate?: number;
  /**
   * When a random drop happens: `before` the request is handled (nothing changed on the
   * server), `after` it was handled (the change happened but its answer is lost), or `either`
   * (each drop draws one of the two).
   * @default 'before'
   */
  readonly dropMode?: 'before' | 'after' | 'either';
  /** Added latency, a uniform draw in `[min, max]` milliseconds. @default [0, 0] */
  readonly latencyMs?: readonly [number, number];
  /**
   * The service's limit of API requests in flight at once: a request arriving while this many
   * are being served is answered `429` with `Retry-After` (`retryAfterSeconds`), as a service
   * that limits concurrent requests per account does. Counted after the added latency, so the
   * latency stands for the network path. `--faults inflight=6` or `--max-in-flight 6`.
   * @default unlimited
   */
  readonly maxInFlight?: number;
  /** `Retry-After` seconds on injected 429 and 503. @default 1 */
  readonly retryAfterSeconds?: number;
  /** Seed of the fault sequence. @default the emulator's `seed` */
  readonly seed?: number;
  /** Lifetime of tokens issued while these faults are set (a short one forces refreshes). */
  readonly tokenTtlSeconds?: number;
  /** Apply random faults to `POST /connect/token` too. @default false */
  readonly tokenEndpoint?: boolean;
}

/** What a plan does to a request it selects. */
export type PlannedFault =
  /** Answer with this status (429, 500, 502, 503, 504...) and, when given, `Retry-After`. */
  | { readonly status: number; readonly retryAfterSeconds?: number }
  /** Destroy the connection before or after handling the request. */
  | { readonly drop: 'before' | 'after' }
  /** Delay the request by this many milliseconds, then handle it normally. */
  | { readonly latencyMs: number };

/**
 * "The 7th `PATCH /Dataset/{any}/data` gets a 503 with `Retry-After: 1`, once":
 * `{ method: 'PATCH', path: '/Dataset/*\/data', nth: 7, fault: { status: 503, retryAfterSeconds: 1 } }`.
 * Counting starts when the plan is added; plans apply before random faults, to API and token routes.
 */
export interface FaultPlan {
  /** HTTP method to match; any when left out. */
  readonly method?: string;
  /** Path pattern: `*` matches one path segment, `**` any number (query strings are ignored). */
  readonly path: string;
  /** The first matching request (1-based) that gets the fault. @default 1 */
  readonly nth?: number;
  /** How many consecutive matching requests get it, from the nth. @default 1 */
  readonly times?: number;
  readonly fault: PlannedFault;
}

/** A plan with its progress, as listed by `faults.plans()` and `GET /_emulator/faults`. */
export interface FaultPlanState extends FaultPlan {
  readonly id: number;
  /** Requests that matched so far. */
  readonly matched: number;
  /** Requests that got the fault so far. */
  readonly fired: number;
}

/** The decision for one request. */
export interface FaultDecision {
  readonly latencyMs: number;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly drop?: 'before' | 'after';
  /** `plan #id` or `random`, for the journal. */
  readonly source: string;
}

/** The programmatic control, `emulator.faults`. */
export interface FaultControl {
  /** Replaces the random fault settings (and restarts their seeded sequence). */
  set(options: FaultOptions): void;
  /** The random fault settings in force. */
  settings(): FaultOptions;
  /** Adds a plan; answers its id. */
  plan(plan: FaultPlan): number;
  /** Every plan with its counts. */
  plans(): readonly FaultPlanState[];
  /** Removes every random fault and plan. */
  clear(): void;
}
