/**
 * Building request paths: every name is one URL-encoded segment (job names hold spaces), and
 * query strings skip absent values.
 */

/** One path segment, URL-encoded (`Contact Check 1` → `Contact%20Check%201`). */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}

/** A query value: dates travel as ISO 8601 UTC. */
export type QueryValue = string | number | boolean | Date | undefined;

/** `path?a=1&b=2`, leaving out `undefined` values. */
export function withQuery(path: string, query: Readonly<Record<string, QueryValue>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}
