/**
 * Deciding whether a resource found on the server is the one a lost request created, so that
 * a create retried after its answer was lost succeeds instead of failing with 409.
 */
import { type ApiError, NotFoundError } from '../core/errors.js';

/** Resolves a DELETE that meets 404 after a retry: an earlier attempt deleted it. */
export function goneAfterRetry(error: ApiError): Promise<{ readonly value: undefined } | undefined> {
  return Promise.resolve(error instanceof NotFoundError ? { value: undefined } : undefined);
}

/** Whether two JSON-like values are equal (object key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Whether every entry of `sent` is in `stored` with the same value (the server may add defaults). */
export function includesEntries(stored: Readonly<Record<string, unknown>> | undefined, sent: Readonly<Record<string, unknown>> | undefined): boolean {
  if (sent === undefined) return true;
  return Object.entries(sent).every(([key, value]) => stored !== undefined && sameJson(stored[key], value));
}
