/**
 * Counters of the request path, read through `client.stats()`.
 */
import type { ConcurrencyStats } from './concurrency-gate.js';
import type { RetryBudgetStats } from './retry-budget.js';

/** What the client has done so far. */
export interface ClientStats {
  /** HTTP requests sent to the API, every attempt counted (token requests excluded). */
  readonly requests: number;
  /** Attempts that followed a failure. */
  readonly retries: number;
  /** Answers by HTTP status, e.g. `{ 200: 10, 429: 2 }`. */
  readonly byStatus: Readonly<Record<number, number>>;
  /** Attempts that got no answer (reset, refused, timed out). */
  readonly networkErrors: number;
  /** Answers that asked the client to slow down: 429, or 503 with `Retry-After`. */
  readonly rateLimited: number;
  /** Token requests sent to the token server. */
  readonly tokenRequests: number;
  /** Times the API refused a token (401) and a new one was fetched. */
  readonly reauthentications: number;
  /** Bytes of request bodies sent to the API. */
  readonly bytesSent: number;
  readonly retryBudget: RetryBudgetStats;
  readonly concurrency: ConcurrencyStats;
}

/** The mutable counters behind {@link ClientStats}. */
export class StatsCounters {
  requests = 0;
  retries = 0;
  networkErrors = 0;
  rateLimited = 0;
  tokenRequests = 0;
  reauthentications = 0;
  bytesSent = 0;
  readonly byStatus = new Map<number, number>();

  countStatus(status: number): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }

  snapshot(retryBudget: RetryBudgetStats, concurrency: ConcurrencyStats): ClientStats {
    return {
      requests: this.requests,
      retries: this.retries,
      byStatus: Object.fromEntries(this.byStatus),
      networkErrors: this.networkErrors,
      rateLimited: this.rateLimited,
      tokenRequests: this.tokenRequests,
      reauthentications: this.reauthentications,
      bytesSent: this.bytesSent,
      retryBudget,
      concurrency,
    };
  }
}
