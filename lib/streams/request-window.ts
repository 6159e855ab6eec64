/**
 * The streams' side of the in-flight window (lib/core/window-controller.ts): reads the
 * `concurrency` / `prefetch` option (a number, `'auto'` or `{ min, max }`), bounds it by the
 * client's `maxConcurrent`, and turns each request into a sample, reading the client's counters
 * to tell a 429/503 or a retry from a plain answer.
 *
 * @packageDocumentation
 */
import { invalidOption, numberOption } from '../core/option-checks.js';
import { WindowController, freshMemory, type ServiceMemory, type WindowStats } from '../core/window-controller.js';
import type { SlowDownAnswer } from '../transport/transport.js';
import type { ClientCounters } from './client-surface.js';

/**
 * Requests a stream keeps in flight: a number (a fixed window), `'auto'` (adapts between 1 and
 * the client's `maxConcurrent`), or `{ min, max }` (adapts between them; `max` at most the
 * client's `maxConcurrent`, as more would only wait in the client's own gate).
 */
export type WindowOption = number | 'auto' | { readonly min?: number | undefined; readonly max?: number | undefined };

export type { WindowStats };

/** The window an adaptive stream starts with (the fixed default before it adapted). */
export const INITIAL_WINDOW = 4;
/** The bound when a client does not tell its `maxConcurrent` (the `Data8Client` default). */
const DEFAULT_MAX = 16;

type CountingClient = { stats?(): ClientCounters };

// Shared by every stream of one client: a ceiling the service set holds for the next stream.
const memories = new WeakMap<object, ServiceMemory>();

function memoryOf(client: object): ServiceMemory {
  let memory = memories.get(client);
  if (memory === undefined) memories.set(client, (memory = freshMemory()));
  return memory;
}

/**
 * Checks the option and builds the controller. `limit` bounds a number given; an adaptive
 * window stays within the client's `maxConcurrent` and `memoryMax` (what the stream can hold).
 */
export function windowController(name: string, value: WindowOption | undefined, client: CountingClient, limit: number, memoryMax = limit): WindowController {
  const clientMax = Math.min(client.stats?.().concurrency?.max ?? DEFAULT_MAX, memoryMax);
  if (typeof value === 'number') {
    const fixed = numberOption(name, value, undefined, { min: 1, max: limit });
    return new WindowController({ min: fixed, max: fixed }, fixed);
  }
  const given: unknown = value;
  if (given !== undefined && given !== 'auto' && (typeof given !== 'object' || given === null || Array.isArray(given))) {
    invalidOption(name, "a number, 'auto' or { min, max }", value);
  }
  const bounds = (given === undefined || given === 'auto' ? {} : given) as { readonly min?: unknown; readonly max?: unknown };
  const max = Math.min(numberOption(`${name}.max`, bounds.max, clientMax, { min: 1, max: limit }), clientMax);
  const min = numberOption(`${name}.min`, bounds.min, 1, { min: 1, max });
  return new WindowController({ min, max }, INITIAL_WINDOW, memoryOf(client));
}

/** A request being timed. */
export interface WindowTicket {
  readonly startedAt: number;
  readonly inFlight: number;
  readonly retries: number;
  /** Call from the call's `onSlowDown`: a 429 to this request tells the window the service's limit. */
  readonly onSlowDown: (answer: SlowDownAnswer) => void;
}

/** Feeds a stream's requests to its controller. */
export class RequestWindow {
  readonly controller: WindowController;
  readonly #client: CountingClient;
  readonly #adaptive: boolean;
  #rateLimited: number;
  #lastDecreaseAt = -Infinity;

  constructor(controller: WindowController, client: CountingClient) {
    this.controller = controller;
    this.#client = client;
    this.#adaptive = controller.min < controller.max;
    this.#rateLimited = this.#adaptive ? (client.stats?.().rateLimited ?? 0) : 0;
  }

  /** Requests allowed in flight now. */
  get size(): number {
    return this.controller.window;
  }

  /** Call as a request starts, with the requests in flight counting it. */
  begin(inFlight: number): WindowTicket | undefined {
    if (!this.#adaptive) return undefined;
    const windowAtSend = this.controller.window;
    let told = false;
    const onSlowDown = (): void => {
      // The client counted this answer too: it is not news for end()'s count of 429s.
      this.#rateLimited = this.#client.stats?.().rateLimited ?? this.#rateLimited;
      // Its retries are the same request again, sent when the window already knew.
      if (told) return;
      told = true;
      this.#lastDecreaseAt = performance.now();
      this.controller.slowDown(inFlight, windowAtSend);
    };
    return { startedAt: performance.now(), inFlight, retries: this.#client.stats?.().retries ?? 0, onSlowDown };
  }

  /** Call when it succeeded. */
  end(ticket: WindowTicket | undefined): void {
    if (ticket === undefined) return;
    const now = performance.now();
    const stats = this.#client.stats?.();
    const rateLimited = stats?.rateLimited ?? 0;
    // One 429 burst is one signal: only a request started after the last decrease can cause another.
    let overloaded = false;
    if (rateLimited > this.#rateLimited) {
      this.#rateLimited = rateLimited;
      if (ticket.startedAt > this.#lastDecreaseAt) {
        overloaded = true;
        this.#lastDecreaseAt = now;
      }
    }
    const retried = (stats?.retries ?? 0) > ticket.retries;
    this.controller.sample({ latencyMs: now - ticket.startedAt, inFlight: ticket.inFlight, overloaded, retried });
  }

  stats(): WindowStats {
    return this.controller.stats();
  }
}
