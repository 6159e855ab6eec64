/**
 * Options of {@link DataGroupClient} and their defaults, applied in one place.
 *
 * @packageDocumentation
 */
import { ConfigError } from '../core/errors.js';
import { NETWORK_OPTIONS, normalizeClientOptions, type ResolvedClientOptions } from '../transport/normalize-options.js';
import { bag, booleanOption, functionOption, invalidOption, numberOption, stringOption, urlOption } from '../core/option-checks.js';
import type { Agents, Logger, RateLimitOptions, RetryOptions, TimeoutOptions } from '../transport/options.js';

/** The vendor's documented API address. */
export const DATAGROUP_DEFAULT_URL = 'https://api.thedatagroup.com';

/**
 * The default batch body limit. The vendor documents "10 MB"; the library reads it as
 * 10,000,000 bytes, the stricter of the usual readings (10 MiB would be 10,485,760), so a batch
 * it sends fits whichever the service means. Override with `maxBatchBytes` if the service
 * tells you otherwise.
 */
export const DATAGROUP_MAX_BATCH_BYTES = 10_000_000;

/** Returns the current `AuthorizationToken`; called again after the API refuses one. */
export type AuthorizationTokenProvider = () => Promise<string>;

/** Options of {@link DataGroupClient}. */
export interface DataGroupClientOptions {
  /** The API's base URL (an emulator's `url` in tests). @default 'https://api.thedatagroup.com' */
  readonly baseUrl?: string;
  /** Sent as `x-api-key`; never logged or put in an error. */
  readonly apiKey: string;
  /**
   * Sent as `AuthorizationToken`: the token itself, or a function that returns one (how the
   * vendor issues tokens is up to the caller). A function's token is cached until the API
   * answers 401, then the function is called once more. Never logged or put in an error.
   */
  readonly authorizationToken: string | AuthorizationTokenProvider;
  /** The API version path segment. @default 'v3' */
  readonly version?: string;
  /** The solution path, e.g. `append/email`. @default 'append/email' */
  readonly solution?: string;
  /** The largest batch body sent, in bytes; larger batches are refused before they are sent. @default 10_000_000 */
  readonly maxBatchBytes?: number;
  /**
   * Accept `http:` notification URLs whose host is loopback (`localhost`, 127.0.0.0/8, `::1`),
   * for tests against the emulator. Anything else must be https.
   * @default false
   */
  readonly allowHttpLoopbackNotifications?: boolean;
  /**
   * Retry a batch creation whose answer was lost (connection reset, timeout). The vendor may
   * then have two copies of the batch; only the one whose id came back is ever read, so no
   * record is duplicated in the output, but the orphan may be processed (and billed). With
   * `false`, only failures the service did not act on (429, 503, 408, refused connection) are
   * retried.
   * @default true
   */
  readonly retryUncertainCreates?: boolean;
  readonly timeouts?: TimeoutOptions;
  readonly retry?: RetryOptions;
  /** Request concurrency and rate (per process). */
  readonly rateLimit?: RateLimitOptions;
  /** @default undefined (no logging) */
  readonly logger?: Logger;
  /** The whole `User-Agent` header. @default 'data8-batch/<version> node/<version> <platform>' */
  readonly userAgent?: string;
  /** Added after the `User-Agent`. @default undefined */
  readonly userAgentSuffix?: string;
  /** As Data8Client's `proxy`: a proxy URL, or `false` to ignore the environment. @default from HTTPS_PROXY, HTTP_PROXY, NO_PROXY */
  readonly proxy?: string | false;
  /** As Data8Client's `agent`: your own `{ http, https }` agents. @default undefined */
  readonly agent?: Agents;
  /** As Data8Client's `ca`: PEM certificates trusted besides Node's roots. @default undefined */
  readonly ca?: string | readonly string[];
}

/** {@link DataGroupClientOptions} with every default applied. */
export interface ResolvedDataGroupClientOptions {
  readonly apiKey: string;
  readonly authorizationToken: string | AuthorizationTokenProvider;
  readonly version: string;
  readonly solution: string;
  readonly maxBatchBytes: number;
  readonly allowHttpLoopbackNotifications: boolean;
  readonly retryUncertainCreates: boolean;
  /** The shared request path's options (retries, limits, timeouts, logger). */
  readonly transport: ResolvedClientOptions;
}

const KNOWN = [
  'baseUrl', 'apiKey', 'authorizationToken', 'version', 'solution', 'maxBatchBytes', 'allowHttpLoopbackNotifications',
  'retryUncertainCreates', 'timeouts', 'retry', 'rateLimit', 'logger', ...NETWORK_OPTIONS,
] as const;

/** Checks the options and applies the defaults; throws a `ConfigError` naming the first wrong one. */
export function normalizeDataGroupClientOptions(options: unknown): ResolvedDataGroupClientOptions {
  if (options === undefined) throw new ConfigError('DataGroupClient needs options: { apiKey, authorizationToken } at least');
  const given = bag('', options, KNOWN);
  const baseUrl = urlOption('baseUrl', given['baseUrl'], DATAGROUP_DEFAULT_URL);
  const apiKey = stringOption('apiKey', given['apiKey'], undefined, true);
  const token = given['authorizationToken'];
  const authorizationToken =
    typeof token === 'function'
      ? (functionOption('authorizationToken', token) as AuthorizationTokenProvider)
      : typeof token === 'string' && token !== ''
        ? token
        : invalidOption('authorizationToken', 'a non-empty string or a function returning a promise of one', token, true);
  const version = stringOption('version', given['version'], 'v3');
  if (!/^[A-Za-z0-9._-]+$/.test(version)) invalidOption('version', 'one path segment such as "v3"', version);
  const solution = stringOption('solution', given['solution'], 'append/email');
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(solution)) invalidOption('solution', 'a path such as "append/email"', solution);
  return {
    apiKey,
    authorizationToken,
    version,
    solution,
    maxBatchBytes: numberOption('maxBatchBytes', given['maxBatchBytes'], DATAGROUP_MAX_BATCH_BYTES, { min: 16 }),
    allowHttpLoopbackNotifications: booleanOption('allowHttpLoopbackNotifications', given['allowHttpLoopbackNotifications'], false),
    retryUncertainCreates: booleanOption('retryUncertainCreates', given['retryUncertainCreates'], true),
    // The shared request path checks these under the same names. It knows one secret, which it
    // redacts from every message: here, the API key (the token is registered as it is used).
    transport: normalizeClientOptions({
      apiUrl: baseUrl,
      clientId: 'datagroup',
      clientSecret: apiKey,
      ...pick(given, ['timeouts', 'retry', 'rateLimit', 'logger', ...NETWORK_OPTIONS]),
    }),
  };
}

function pick(from: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => from[key] !== undefined).map((key) => [key, from[key]]));
}
