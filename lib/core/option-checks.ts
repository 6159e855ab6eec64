/**
 * Checks for options objects. Each failure is a `ConfigError` whose message names the option,
 * what was expected and what was given (the type only, for options that hold secrets).
 */
import { ConfigError } from './errors.js';

/** A plain object of options, as given by a caller who may not use TypeScript. */
export type OptionBag = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

/** Throws the `ConfigError` of an option. */
export function invalidOption(name: string, expected: string, value: unknown, secret = false): never {
  const given = secret ? (typeof value === 'string' ? 'an empty string' : `a ${typeof value}`) : describe(value);
  throw new ConfigError(`Invalid option "${name}": expected ${expected}, got ${given}`);
}

/** An options object (or `undefined`), with no keys outside `known`. */
export function bag(name: string, value: unknown, known: readonly string[]): OptionBag {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalidOption(name, 'an object', value);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new ConfigError(`Unknown option "${name === '' ? key : `${name}.${key}`}": expected one of ${known.join(', ')}`);
    }
  }
  return value as OptionBag;
}

/** A number in [min, max] (integer when asked), or the default when `undefined` (required without a default). */
export function numberOption(
  name: string,
  value: unknown,
  fallback: number | undefined,
  { min = 0, max = Number.MAX_SAFE_INTEGER, integer = true }: { min?: number; max?: number; integer?: boolean } = {},
): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `between ${min} and ${max}`;
    invalidOption(name, `${integer ? 'an integer' : 'a number'} ${range}`, value);
  }
  return value;
}

/** A non-empty string, or the default when `undefined` and a default exists. */
export function stringOption(name: string, value: unknown, fallback?: string, secret = false): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) invalidOption(name, 'a non-empty string', value, secret);
  return value;
}

/** An http(s) URL without credentials, query or fragment, returned without a trailing slash. */
export function urlOption(name: string, value: unknown, fallback?: string): string {
  const text = stringOption(name, value, fallback);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalidOption(name, 'an absolute http(s) URL', value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') invalidOption(name, 'an http or https URL', value);
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(`Invalid option "${name}": the URL must not carry credentials (pass them as clientId and clientSecret)`);
  }
  if (url.search !== '' || url.hash !== '') invalidOption(name, 'a URL without query or fragment', value);
  return url.href.replace(/\/+$/, '');
}

/** One of a list of literals. */
export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    invalidOption(name, allowed.map((entry) => `"${entry}"`).join(' or '), value);
  }
  return value as T;
}

/** A boolean, or the default when `undefined`. */
export function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') invalidOption(name, 'true or false', value);
  return value;
}

/** A plain object passed through as it is, or `undefined`. */
export function objectOption(name: string, value: unknown): object | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalidOption(name, 'an object', value);
  return value;
}

/** A function, or `undefined`. */
export function functionOption(name: string, value: unknown): ((...args: never[]) => unknown) | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') invalidOption(name, 'a function', value);
  return value as (...args: never[]) => unknown;
}
