/**
 * Query-string parameters of the list and read routes, checked by hand so that a `400`
 * names the parameter and says what was expected.
 *
 * @packageDocumentation
 */
import { invalidField } from '../problems.js';
import { isIsoDateTime } from './record-validator.js';

/** A parsed query string as fastify hands it over. */
export type Query = Readonly<Record<string, unknown>>;

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidField(name, 'must be given once');
  return value;
}

/** A whole-number parameter within `[min, max]`, or `fallback` when absent. */
export function integerParameter(query: Query, name: string, range: { min: number; max?: number }, fallback: number): number {
  const text = single(query, name);
  if (text === undefined) return fallback;
  const value = /^-?\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  const { min, max } = range;
  if (!Number.isSafeInteger(value) || value < min || (max !== undefined && value > max)) {
    const bounds = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`;
    throw invalidField(name, `must be a whole number ${bounds} (got "${text}")`);
  }
  return value;
}

/** A `true` / `false` parameter, or `fallback` when absent. */
export function booleanParameter(query: Query, name: string, fallback: boolean): boolean {
  const text = single(query, name);
  if (text === undefined) return fallback;
  if (text === 'true' || text === 'false') return text === 'true';
  throw invalidField(name, `must be true or false (got "${text}")`);
}

/**
 * An ISO 8601 date or date-time parameter as milliseconds since the epoch, or `undefined`
 * when absent. A date alone means its first instant (UTC); with `endOfDay`, its last.
 */
export function dateParameter(query: Query, name: string, endOfDay = false): number | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  if (!isIsoDateTime(text)) throw invalidField(name, `must be an ISO 8601 date or date-time, e.g. 2024-05-01T00:00:00Z (got "${text}")`);
  const dateOnly = text.length === 10;
  // Dates are UTC (contract, "Conventions"): a time without an offset is read as UTC, not local.
  const zoned = dateOnly ? `${text}T00:00:00Z` : /(?:Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text}Z`;
  const time = Date.parse(zoned);
  return dateOnly && endOfDay ? time + 86_400_000 - 1 : time;
}
