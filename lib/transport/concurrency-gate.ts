/**
 * The local concurrency gate, with additive increase and multiplicative decrease (AIMD): the
 * limit halves when the service says it is overloaded (429, or 503 with Retry-After) and grows
 * by one after each window of `limit` successes, never above the configured maximum. A
 * decrease applies once per window: requests already in flight when it happened cannot cause
 * another, so one burst of 429s halves the limit once, not eight times.
 */
import { abortErrorOf } from './abort.js';

/** A snapshot of the gate, for `client.stats()`. */
export interface ConcurrencyStats {
  /** Requests allowed in flight now. */
  readonly limit: number;
  /** The configured maximum. */
  readonly max: number;
  readonly inFlight: number;
  /** Requests waiting for a slot. */
  readonly queued: number;
  readonly decreases: number;
  readonly increases: number;
}

/** A slot held by one request; give it back with {@link ConcurrencyGate.release}. */
export interface Slot {
  readonly epoch: number;
}

/** What became of a request, for the AIMD rule. */
export type Outcome = 'success' | 'overloaded' | 'other';

interface Waiter {
  readonly resolve: (slot: Slot) => void;
  readonly reject: (error: Error) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/** Bounds the requests in flight, adapting the bound when `adaptive`. */
export class ConcurrencyGate {
  readonly #max: number;
  readonly #adaptive: boolean;
  #limit: number;
  #inFlight = 0;
  #epoch = 0;
  #successesInWindow = 0;
  #decreases = 0;
  #increases = 0;
  readonly #waiters: Waiter[] = [];
  #slots: Slot = { epoch: 0 };

  constructor(max: number, adaptive: boolean) {
    this.#max = max;
    this.#limit = max;
    this.#adaptive = adaptive;
  }

  /** Waits for a slot; rejects with an `AbortError` if `signal` fires first. */
  acquire(signal: AbortSignal | undefined, what: string): Promise<Slot> {
    if (signal?.aborted === true) return Promise.reject(abortErrorOf(signal, what));
    if (this.#inFlight < this.#limit && this.#waiters.length === 0) {
      this.#inFlight += 1;
      return Promise.resolve(this.#slots);
    }
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index !== -1) this.#waiters.splice(index, 1);
          reject(abortErrorOf(signal as AbortSignal, what));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Gives a slot back and applies the AIMD rule. */
  release(slot: Slot, outcome: Outcome): void {
    this.#inFlight -= 1;
    if (this.#adaptive) this.#adapt(slot, outcome);
    this.#wake();
  }

  #adapt(slot: Slot, outcome: Outcome): void {
    if (outcome === 'overloaded') {
      if (slot.epoch !== this.#epoch) return;
      this.#limit = Math.max(1, Math.floor(this.#limit / 2));
      this.#nextWindow();
      this.#decreases += 1;
    } else if (outcome === 'success' && this.#limit < this.#max) {
      this.#successesInWindow += 1;
      if (this.#successesInWindow >= this.#limit) {
        this.#limit += 1;
        this.#nextWindow();
        this.#increases += 1;
      }
    }
  }

  #nextWindow(): void {
    this.#epoch += 1;
    this.#successesInWindow = 0;
    this.#slots = { epoch: this.#epoch };
  }

  #wake(): void {
    while (this.#inFlight < this.#limit) {
      const waiter = this.#waiters.shift();
      if (waiter === undefined) return;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.#inFlight += 1;
      waiter.resolve(this.#slots);
    }
  }

  stats(): ConcurrencyStats {
    return {
      limit: this.#limit,
      max: this.#max,
      inFlight: this.#inFlight,
      queued: this.#waiters.length,
      decreases: this.#decreases,
      increases: this.#increases,
    };
  }
}
