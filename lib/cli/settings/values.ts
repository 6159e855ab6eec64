/**
 * How a setting's text (from a flag, an environment variable or a config file) becomes its
 * value: counts, `auto`, durations (`500ms`, `10s`, `2m`; a bare number is seconds, as curl's
 * timeouts), rates (`600/60s`), URLs and files. Each parser throws a plain message; the caller
 * adds where the text came from.
 */

/** A rate limit: at most `requests` every `intervalMs`. */
export interface Rate {
  readonly requests: number;
  readonly intervalMs: number;
}

/** The kinds of value a setting takes. */
export type SettingKind = 'count' | 'count-or-auto' | 'duration' | 'rate' | 'url' | 'proxy' | 'file' | 'text';

/** A setting's value once read (a string may be `auto` for the record path's counts). */
export type SettingValue = number | Rate | string | false;

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `10s`, `500ms`, `2m`, `1h`, or a bare number of seconds, in milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) throw new Error(`expected a duration such as 10s, 500ms or 2m, got "${text}"`);
  const ms = Math.round(Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000));
  if (ms < 1) throw new Error(`expected a duration of at least 1ms, got "${text}"`);
  return ms;
}

/** `<requests>/<interval>`: `600/60s`, `10/1s`, `100/1m` (a bare interval is seconds). */
export function parseRate(text: string): Rate {
  const match = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec(text);
  const requests = match === null ? Number.NaN : Number(match[1]);
  if (match === null || !Number.isSafeInteger(requests) || requests < 1) {
    throw new Error(`expected <requests>/<interval> such as 600/60s or 10/1s, got "${text}"`);
  }
  return { requests, intervalMs: parseDuration(match[2] ?? '') };
}

/** A rate as written in the docs. */
export function formatRate(rate: Rate): string {
  const { intervalMs } = rate;
  const interval = intervalMs % 60_000 === 0 ? `${intervalMs / 60_000}m` : intervalMs % 1000 === 0 ? `${intervalMs / 1000}s` : `${intervalMs}ms`;
  return `${rate.requests}/${interval}`;
}

/** A duration as written in the docs. */
export function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function count(text: string, min: number, max: number): number {
  const trimmed = text.trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new Error(`expected a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

function url(text: string, schemes: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    throw new Error(`expected a ${schemes.join(' or ')} URL`);
  }
  if (!schemes.includes(parsed.protocol.slice(0, -1))) throw new Error(`expected a ${schemes.map((scheme) => `${scheme}://`).join(' or ')} URL`);
  return text.trim();
}

/** Reads `value` (text, or a JSON number/boolean from a config file) as `kind`. */
export function parseSetting(
  kind: SettingKind,
  value: unknown,
  { min = 1, max = Number.MAX_SAFE_INTEGER, schemes = ['http', 'https'] }: { min?: number; max?: number; schemes?: readonly string[] } = {},
): SettingValue {
  if (typeof value === 'number' && (kind === 'count' || kind === 'count-or-auto' || kind === 'duration')) value = String(value);
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`expected ${kind === 'count-or-auto' ? 'a whole number or auto' : 'a value'}, got ${JSON.stringify(value)}`);
  switch (kind) {
    case 'count':
      return count(value, min, max);
    case 'count-or-auto':
      return value.trim() === 'auto' ? 'auto' : count(value, min, max);
    case 'duration':
      return parseDuration(value);
    case 'rate':
      return parseRate(value);
    case 'url':
      return url(value, schemes);
    case 'proxy':
      return value.trim() === 'none' ? false : url(value, ['http', 'https']);
    case 'file':
    case 'text':
      return value.trim();
  }
}
