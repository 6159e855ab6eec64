/**
 * Checks fault settings given programmatically, over HTTP or on the command line, with
 * messages that name the setting, what was expected and what was given.
 *
 * @packageDocumentation
 */
import { ConfigError } from '../../core/errors.js';
import type { FaultOptions, FaultPlan } from './types.js';

function describe(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function fail(name: string, expected: string, value: unknown): never {
  throw new ConfigError(`faults.${name} must be ${expected}; got ${describe(value)}.`);
}

function checkRate(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    fail(name, 'a probability between 0 and 1', value);
  }
}

function checkCount(name: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(name, `an integer >= ${min}`, value);
}

const OPTION_NAMES = new Set([
  'rate429', 'rate503', 'dropRate', 'dropMode', 'latencyMs', 'retryAfterSeconds', 'seed', 'tokenTtlSeconds', 'tokenEndpoint', 'maxInFlight',
]);

/** Throws a {@link ConfigError} naming the first wrong setting. */
export function checkFaultOptions(options: FaultOptions): void {
  if (typeof options !== 'object' || Array.isArray(options)) fail('', 'an object', options);
  for (const name of Object.keys(options)) if (!OPTION_NAMES.has(name)) fail(name, 'a known setting (not set)', name);
  checkRate('rate429', options.rate429);
  checkRate('rate503', options.rate503);
  checkRate('dropRate', options.dropRate);
  const total = (options.rate429 ?? 0) + (options.rate503 ?? 0) + (options.dropRate ?? 0);
  if (total > 1) fail('rate429 + rate503 + dropRate', 'at most 1', total);
  if (options.dropMode !== undefined && !['before', 'after', 'either'].includes(options.dropMode)) {
    fail('dropMode', '"before", "after" or "either"', options.dropMode);
  }
  const latency: unknown = options.latencyMs;
  if (latency !== undefined) {
    const ok =
      Array.isArray(latency) &&
      latency.length === 2 &&
      latency.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 60_000) &&
      latency[0] <= latency[1];
    if (!ok) fail('latencyMs', '[min, max] whole milliseconds, 0 <= min <= max <= 60000', latency);
  }
  checkCount('retryAfterSeconds', options.retryAfterSeconds, 0);
  checkCount('maxInFlight', options.maxInFlight, 1);
  checkCount('seed', options.seed, 0);
  checkCount('tokenTtlSeconds', options.tokenTtlSeconds, 1);
  if (options.tokenEndpoint !== undefined && typeof options.tokenEndpoint !== 'boolean') {
    fail('tokenEndpoint', 'a boolean', options.tokenEndpoint);
  }
}

/** Throws a {@link ConfigError} naming the first wrong field of a plan. */
export function checkFaultPlan(plan: FaultPlan): void {
  if (typeof plan !== 'object' || Array.isArray(plan)) fail('plan', 'an object', plan);
  if (typeof plan.path !== 'string' || !plan.path.startsWith('/')) fail('plan.path', 'a path pattern starting with "/"', plan.path);
  if (plan.method !== undefined && (typeof plan.method !== 'string' || !/^[A-Za-z]+$/.test(plan.method))) {
    fail('plan.method', 'an HTTP method', plan.method);
  }
  checkCount('plan.nth', plan.nth, 1);
  checkCount('plan.times', plan.times, 1);
  const fault: unknown = plan.fault;
  if (typeof fault !== 'object' || fault === null) fail('plan.fault', 'an object', fault);
  if ('status' in fault) {
    const { status, retryAfterSeconds } = fault as { status: unknown; retryAfterSeconds?: unknown };
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
      fail('plan.fault.status', 'an error status between 400 and 599', status);
    }
    checkCount('plan.fault.retryAfterSeconds', retryAfterSeconds, 0);
  } else if ('drop' in fault) {
    const { drop } = fault;
    if (drop !== 'before' && drop !== 'after') fail('plan.fault.drop', '"before" or "after"', drop);
  } else if ('latencyMs' in fault) {
    checkCount('plan.fault.latencyMs', fault.latencyMs, 0);
  } else {
    fail('plan.fault', 'one of { status }, { drop } or { latencyMs }', fault);
  }
}

/**
 * Parses the command line's `--faults 429=0.1,503=0.05,drop=0.02,latency=0-30`.
 * Also accepts `drop-mode=before|after|either`, `retry-after=S` and `inflight=N` (429 above N
 * API requests in flight).
 */
export function parseFaultSpec(spec: string): FaultOptions {
  const options: { -readonly [K in keyof FaultOptions]: Exclude<FaultOptions[K], undefined> } = {};
  for (const item of spec.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const [name, value, extra] = item.split('=');
    if (name === undefined || value === undefined || extra !== undefined) {
      throw new ConfigError(`--faults: "${item}" is not NAME=VALUE (e.g. 429=0.1,503=0.05,drop=0.02,latency=0-30).`);
    }
    const number = Number(value);
    switch (name.trim()) {
      case '429': options.rate429 = number; break;
      case '503': options.rate503 = number; break;
      case 'drop': options.dropRate = number; break;
      case 'drop-mode': options.dropMode = value as 'before'; break;
      case 'retry-after': options.retryAfterSeconds = number; break;
      case 'inflight': options.maxInFlight = number; break;
      case 'latency': {
        const match = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
        if (!match) throw new ConfigError(`--faults: latency must be MIN-MAX milliseconds (e.g. 0-30); got "${value}".`);
        const min = Number(match[1]);
        options.latencyMs = [min, match[2] === undefined ? min : Number(match[2])];
        break;
      }
      default:
        throw new ConfigError(`--faults: unknown fault "${name}" (known: 429, 503, drop, drop-mode, latency, retry-after, inflight).`);
    }
  }
  checkFaultOptions(options);
  return options;
}
