/**
 * One budget of retries for a whole client (a token bucket): a retry takes a token, tokens come
 * back with time and with successes. A service failing everywhere at once drains the budget,
 * and calls then fail fast instead of multiplying the load with their retries.
 */

/** A snapshot of the budget, for `client.stats()`. */
export interface RetryBudgetStats {
  /** Retries that could be made right now. */
  readonly available: number;
  readonly capacity: number;
  /** Retries refused because the budget was empty. */
  readonly exhausted: number;
}

/** A token bucket of retries. */
export class RetryBudget {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  readonly #perSuccess: number;
  readonly #now: () => number;
  #tokens: number;
  #refilledAt: number;
  #exhausted = 0;

  constructor(
    options: { readonly capacity: number; readonly refillPerSecond: number; readonly perSuccess: number },
    now: () => number = performance.now.bind(performance),
  ) {
    this.#capacity = options.capacity;
    this.#refillPerMs = options.refillPerSecond / 1000;
    this.#perSuccess = options.perSuccess;
    this.#now = now;
    this.#tokens = options.capacity;
    this.#refilledAt = now();
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#refilledAt) * this.#refillPerMs);
    this.#refilledAt = now;
  }

  /** Takes one retry from the budget; `false` when it is empty. */
  tryTake(): boolean {
    this.#refill();
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return true;
    }
    this.#exhausted += 1;
    return false;
  }

  /** Credits a successful request. */
  recordSuccess(): void {
    if (this.#tokens < this.#capacity) this.#tokens = Math.min(this.#capacity, this.#tokens + this.#perSuccess);
  }

  stats(): RetryBudgetStats {
    this.#refill();
    return { available: Math.floor(this.#tokens), capacity: this.#capacity, exhausted: this.#exhausted };
  }
}
