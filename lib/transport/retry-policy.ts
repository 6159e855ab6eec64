/**
 * The retry policy as pure functions: which failures are worth another attempt, and how long
 * to wait first (exponential backoff with equal jitter, or the server's `Retry-After`).
 */
import { AbortError, ApiError, AuthenticationError, NetworkError } from '../core/errors.js';
import { PROXY_TUNNEL_FAILED } from './network-failures.js';
import type { ResolvedRetryOptions } from './normalize-options.js';

/** Statuses worth another attempt. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** System error codes worth another attempt (a socket hang-up is `ECONNRESET`). */
export const RETRYABLE_SYSTEM_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET',
  PROXY_TUNNEL_FAILED,
]);

/**
 * Failures that prove the server did not act on the request, so even a call that must not be
 * repeated can be: a connection never made, a request timeout, a throttled request.
 */
const NOT_PROCESSED_STATUSES: ReadonlySet<number> = new Set([408, 429, 503]);

/**
 * `Retry-After` in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3), relative to
 * `now`; `undefined` when absent or unreadable.
 */
export function parseRetryAfter(header: string | readonly string[] | undefined, now: number): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header) as string | undefined;
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Whether `error` is a transient failure; `idempotent: false` narrows it to failures the server never acted on. */
export function isRetryable(error: unknown, idempotent = true): boolean {
  if (error instanceof AbortError || error instanceof AuthenticationError) return false;
  if (error instanceof ApiError) {
    return idempotent ? RETRYABLE_STATUSES.has(error.status) : NOT_PROCESSED_STATUSES.has(error.status);
  }
  if (error instanceof NetworkError) {
    if (error.systemCode === undefined) return false;
    return idempotent ? RETRYABLE_SYSTEM_CODES.has(error.systemCode) : error.systemCode === 'ECONNREFUSED' || error.systemCode === PROXY_TUNNEL_FAILED;
  }
  return false;
}

/** What the policy is asked. */
export interface RetryPolicyInput {
  /** Attempts made so far (1 after the first failure). */
  readonly attempt: number;
  /** The failure of the latest attempt. */
  readonly error: unknown;
  /** Time since the first attempt started. */
  readonly elapsedMs: number;
  readonly options: ResolvedRetryOptions;
  /** Whether repeating the call is harmless. @default true */
  readonly idempotent?: boolean;
  /** A source of randomness in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** The policy's answer. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: string };

/**
 * The backoff before retry number `attempt` (1 for the first), with equal jitter: half of the
 * ceiling `min(maxDelayMs, baseDelayMs × 2^(attempt-1))` is always waited, the other half is
 * random, so the delay is uniform in [ceiling / 2, ceiling].
 *
 * Full jitter (uniform in [0, ceiling]) spreads clients a little more, but its draws can all be
 * short: with six attempts, about 0.6% of calls gave up within a 2-second outage. The fixed
 * half makes the time a call keeps trying predictable: with the defaults (6 attempts, 500 ms
 * base) at least 7.75 s and at most 15.5 s of waits, whatever the draws.
 */
export function backoffDelay(attempt: number, options: ResolvedRetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(attempt - 1, 52));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Whether to try again after a failed attempt, and after how long. The wait is the backoff, or
 * the server's `Retry-After` when that is longer; a `Retry-After` above `maxRetryAfterMs`, or a
 * wait that would overrun `maxRetryTimeMs`, means no retry.
 */
export function decideRetry(input: RetryPolicyInput): RetryDecision {
  const { attempt, error, elapsedMs, options } = input;
  if (!isRetryable(error, input.idempotent ?? true)) return { retry: false, reason: 'not a transient failure' };
  if (attempt >= options.maxAttempts) return { retry: false, reason: `retry.maxAttempts (${options.maxAttempts}) reached` };
  let delayMs = backoffDelay(attempt, options, input.random);
  const retryAfterMs = error instanceof ApiError ? error.retryAfterMs : undefined;
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > options.maxRetryAfterMs) {
      return { retry: false, reason: `the server asked to wait ${retryAfterMs} ms, over retry.maxRetryAfterMs (${options.maxRetryAfterMs})` };
    }
    delayMs = Math.max(delayMs, retryAfterMs);
  }
  if (elapsedMs + delayMs > options.maxRetryTimeMs) {
    return { retry: false, reason: `retry.maxRetryTimeMs (${options.maxRetryTimeMs}) would be exceeded` };
  }
  return { retry: true, delayMs };
}
