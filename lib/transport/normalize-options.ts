/**
 * Applies the defaults of `Data8ClientOptions` and checks every option, in one place.
 */
import { createHash } from 'node:crypto';
import type { AssumedValuesOverride } from '../core/assumed-values.js';
import { ConfigError } from '../core/errors.js';
import {
  bag,
  booleanOption,
  functionOption,
  numberOption,
  objectOption,
  oneOf,
  stringOption,
  urlOption,
} from '../core/option-checks.js';
import type { Agents, Logger, RetryOptions, TokenEndpointAuthMethod } from './options.js';
import { networkOptions } from './network-options.js';

/** The issuer of Data8's token server. */
export const DEFAULT_AUTH_URL = 'https://auth.data-8.co.uk';

/** Retry settings with every default applied. */
export interface ResolvedRetryOptions {
  readonly maxAttempts: number;
  readonly maxRetryTimeMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly budget: { readonly capacity: number; readonly refillPerSecond: number; readonly perSuccess: number };
}

/** Rate-limit settings with every default applied. */
export interface ResolvedRateLimitOptions {
  readonly maxConcurrent: number;
  readonly minTimeMs: number;
  readonly reservoir: { readonly amount: number; readonly intervalMs: number } | undefined;
  readonly adaptive: boolean;
}

/** Redis limiter settings with every default applied. */
export interface ResolvedRedisOptions {
  readonly url: string;
  readonly clientOptions: object;
  readonly id: string;
  readonly clearOnStart: boolean;
  readonly expireAfterMs: number;
}

/** Every client option, checked, with defaults applied. */
export interface ResolvedClientOptions {
  readonly apiUrl: string;
  readonly authUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string;
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  readonly timeouts: { readonly connectMs: number; readonly responseMs: number; readonly requestMs: number };
  readonly retry: ResolvedRetryOptions;
  readonly rateLimit: ResolvedRateLimitOptions;
  readonly redis: ResolvedRedisOptions | undefined;
  readonly logger: Logger | undefined;
  readonly assumedValues: AssumedValuesOverride;
  readonly userAgent: string;
  readonly proxy: string | false | undefined;
  readonly agent: Agents | undefined;
  readonly ca: readonly string[] | undefined;
}

/** The options of the network (user agent, proxy, agents, CA) every client takes. */
export const NETWORK_OPTIONS = ['userAgent', 'userAgentSuffix', 'proxy', 'agent', 'ca'] as const;

const TOP_LEVEL = [
  'apiUrl', 'authUrl', 'clientId', 'clientSecret', 'scope', 'tokenEndpointAuthMethod', 'timeouts',
  'retry', 'rateLimit', 'redis', 'logger', 'assumedValues', ...NETWORK_OPTIONS,
] as const;

const DAY_MS = 86_400_000;

/**
 * Retry options with defaults applied, e.g. for {@link decideRetry}.
 * @throws ConfigError naming the first wrong option
 */
export function resolveRetryOptions(value?: RetryOptions): ResolvedRetryOptions {
  return normalizeRetry(value);
}

function normalizeRetry(value: unknown): ResolvedRetryOptions {
  const retry = bag('retry', value, ['maxAttempts', 'maxRetryTimeMs', 'baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs', 'budget']);
  const budget = bag('retry.budget', retry['budget'], ['capacity', 'refillPerSecond', 'perSuccess']);
  return {
    maxAttempts: numberOption('retry.maxAttempts', retry['maxAttempts'], 6, { min: 1, max: 100 }),
    maxRetryTimeMs: numberOption('retry.maxRetryTimeMs', retry['maxRetryTimeMs'], 120_000, { max: DAY_MS }),
    baseDelayMs: numberOption('retry.baseDelayMs', retry['baseDelayMs'], 500, { max: DAY_MS }),
    maxDelayMs: numberOption('retry.maxDelayMs', retry['maxDelayMs'], 30_000, { max: DAY_MS }),
    maxRetryAfterMs: numberOption('retry.maxRetryAfterMs', retry['maxRetryAfterMs'], 120_000, { max: DAY_MS }),
    budget: {
      capacity: numberOption('retry.budget.capacity', budget['capacity'], 100, { min: 0, integer: false }),
      refillPerSecond: numberOption('retry.budget.refillPerSecond', budget['refillPerSecond'], 2, { integer: false }),
      perSuccess: numberOption('retry.budget.perSuccess', budget['perSuccess'], 0.1, { max: 1, integer: false }),
    },
  };
}

function normalizeRateLimit(value: unknown): ResolvedRateLimitOptions {
  const rate = bag('rateLimit', value, ['maxConcurrent', 'minTimeMs', 'reservoir', 'adaptive']);
  let reservoir: ResolvedRateLimitOptions['reservoir'];
  if (rate['reservoir'] !== undefined) {
    const given = bag('rateLimit.reservoir', rate['reservoir'], ['amount', 'intervalMs']);
    reservoir = {
      amount: numberOption('rateLimit.reservoir.amount', given['amount'], undefined, { min: 1 }),
      intervalMs: numberOption('rateLimit.reservoir.intervalMs', given['intervalMs'], undefined, { min: 1, max: DAY_MS }),
    };
  }
  return {
    maxConcurrent: numberOption('rateLimit.maxConcurrent', rate['maxConcurrent'], 16, { min: 1, max: 10_000 }),
    minTimeMs: numberOption('rateLimit.minTimeMs', rate['minTimeMs'], 0, { max: DAY_MS }),
    reservoir,
    adaptive: booleanOption('rateLimit.adaptive', rate['adaptive'], true),
  };
}

function normalizeRedis(value: unknown, apiUrl: string, clientId: string): ResolvedRedisOptions | undefined {
  if (value === undefined) return undefined;
  const redis = bag('redis', value, ['url', 'clientOptions', 'id', 'clearOnStart', 'expireAfterMs']);
  const url = stringOption('redis.url', redis['url'], 'redis://127.0.0.1:6379');
  if (!/^rediss?:\/\//.test(url)) throw new ConfigError(`Invalid option "redis.url": expected a redis:// or rediss:// URL`);
  const account = createHash('sha256').update(`${apiUrl}\n${clientId}`).digest('hex').slice(0, 24);
  return {
    url,
    clientOptions: objectOption('redis.clientOptions', redis['clientOptions']) ?? {},
    id: stringOption('redis.id', redis['id'], `data8-batch-${account}`),
    clearOnStart: booleanOption('redis.clearOnStart', redis['clearOnStart'], false),
    expireAfterMs: numberOption('redis.expireAfterMs', redis['expireAfterMs'], 600_000, { min: 1000, max: DAY_MS * 30 }),
  };
}

/**
 * Checks `options` and applies the defaults.
 * @throws ConfigError naming the first wrong option
 */
export function normalizeClientOptions(options: unknown): ResolvedClientOptions {
  if (options === undefined) throw new ConfigError('Data8Client needs options: { apiUrl, clientId, clientSecret } at least');
  const given = bag('', options, TOP_LEVEL);
  const apiUrl = urlOption('apiUrl', given['apiUrl']);
  const clientId = stringOption('clientId', given['clientId']);
  const timeouts = bag('timeouts', given['timeouts'], ['connectMs', 'responseMs', 'requestMs']);
  const assumedValues = bag('assumedValues', given['assumedValues'], [
    'columnTypes', 'jobStatus', 'maxBlockRecords', 'maxPageRecords', 'datasetsPerPage', 'jobsPerPage', 'maxNameLength', 'maxJobNameLength',
  ]);
  for (const key of ['maxBlockRecords', 'maxPageRecords', 'datasetsPerPage', 'jobsPerPage', 'maxNameLength', 'maxJobNameLength']) {
    numberOption(`assumedValues.${key}`, assumedValues[key], 1, { min: 1 });
  }
  return {
    apiUrl,
    authUrl: urlOption('authUrl', given['authUrl'], DEFAULT_AUTH_URL),
    clientId,
    clientSecret: stringOption('clientSecret', given['clientSecret'], undefined, true),
    scope: stringOption('scope', given['scope'], 'BatchApi'),
    tokenEndpointAuthMethod: oneOf('tokenEndpointAuthMethod', given['tokenEndpointAuthMethod'], ['client_secret_basic', 'client_secret_post'], 'client_secret_basic'),
    timeouts: {
      connectMs: numberOption('timeouts.connectMs', timeouts['connectMs'], 10_000, { min: 1, max: DAY_MS }),
      responseMs: numberOption('timeouts.responseMs', timeouts['responseMs'], 60_000, { min: 1, max: DAY_MS }),
      requestMs: numberOption('timeouts.requestMs', timeouts['requestMs'], 120_000, { min: 1, max: DAY_MS }),
    },
    retry: normalizeRetry(given['retry']),
    rateLimit: normalizeRateLimit(given['rateLimit']),
    redis: normalizeRedis(given['redis'], apiUrl, clientId),
    logger: functionOption('logger', given['logger']) as Logger | undefined,
    assumedValues,
    ...networkOptions(given),
  };
}
