/**
 * The options of the client's request path: authentication, timeouts, retries, rate limits,
 * the shared Redis limiter and the logger hook. Defaults are applied in one place,
 * `normalize-options.ts`.
 *
 * @packageDocumentation
 */
import type { AssumedValuesOverride } from '../core/assumed-values.js';
import type { Agents } from './agents.js';

export type { Agents } from './agents.js';

/** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post';

/** Time limits of one HTTP request. A request that runs out of time fails with a retryable `TimeoutError`. */
export interface TimeoutOptions {
  /** Longest wait for a TCP (and TLS) connection. @default 10000 */
  readonly connectMs?: number;
  /** Longest wait for the response headers once the request is sent. @default 60000 */
  readonly responseMs?: number;
  /** Longest time for the whole exchange, body included. @default 120000 */
  readonly requestMs?: number;
}

/**
 * A budget of retries shared by every call of one client, as a token bucket: each retry takes
 * one token; tokens come back with time and with successes. When it is empty, failures are not
 * retried, so a service in trouble is not hammered by every pending call at once.
 */
export interface RetryBudgetOptions {
  /** Most retries that can be made in a burst. @default 100 */
  readonly capacity?: number;
  /** Retries earned back per second. @default 2 */
  readonly refillPerSecond?: number;
  /** Retries earned back per successful request (0.1: one retry per ten successes). @default 0.1 */
  readonly perSuccess?: number;
}

/**
 * When and how failed requests are tried again. Retried: network errors (`ECONNRESET`,
 * `ETIMEDOUT`, `ECONNREFUSED`, `EPIPE`, socket hang-ups) and the statuses 408, 429, 500, 502,
 * 503 and 504. Never retried: 400, 403, 404, 409, and a 401 after one re-authentication.
 */
export interface RetryOptions {
  /**
   * Most attempts per call, the first included (1 turns retries off). With the default delays,
   * six attempts keep a call trying through at least 7.75 s (at most 15.5 s) of failures.
   * @default 6
   */
  readonly maxAttempts?: number;
  /** Longest time a call may spend retrying, from its first attempt. @default 120000 */
  readonly maxRetryTimeMs?: number;
  /**
   * Backoff base: the n-th retry waits a random time in [c / 2, c], where
   * c = min(maxDelayMs, baseDelayMs × 2^(n-1)) (exponential backoff with equal jitter).
   * @default 500
   */
  readonly baseDelayMs?: number;
  /** Upper bound of the exponential backoff. @default 30000 */
  readonly maxDelayMs?: number;
  /**
   * Longest `Retry-After` the client waits for. A server asking for longer is not retried: the
   * call fails with a `RateLimitError` whose `retryAfterMs` says how long the server asked for.
   * @default 120000
   */
  readonly maxRetryAfterMs?: number;
  /** The client-wide retry budget. */
  readonly budget?: RetryBudgetOptions;
}

/**
 * Request rate and concurrency. With none of `minTimeMs`, `reservoir` or `redis` set, requests
 * pass through a local concurrency gate only (no scheduler overhead).
 */
export interface RateLimitOptions {
  /**
   * Most requests in flight at once (across all processes when `redis` is set). It is also the
   * largest window the streams' `'auto'` concurrency and prefetch reach. 16 covers the round
   * trip of a real service: at the ~200 blocks (or pages) per second one client process can
   * prepare, 16 in flight hide up to ~80 ms per request; on a nearer or busier service the
   * adaptive window keeps fewer in flight.
   * @default 16
   */
  readonly maxConcurrent?: number;
  /** Least time between the starts of two requests. @default 0 */
  readonly minTimeMs?: number;
  /** At most `amount` requests every `intervalMs` (a reservoir refilled to `amount` each interval). @default undefined (no limit) */
  readonly reservoir?: { readonly amount: number; readonly intervalMs: number };
  /**
   * Additive increase, multiplicative decrease of this process's concurrency: halved when the
   * service answers 429 (or 503 with `Retry-After`), one more after each window of successes,
   * never above `maxConcurrent`.
   * @default true
   */
  readonly adaptive?: boolean;
}

/**
 * Shares the rate limit of one account between many processes through Redis (bottleneck
 * clustering over ioredis). Every process using the same `id` and Redis shares `maxConcurrent`,
 * `minTimeMs` and `reservoir`; the settings of the first process to start are the ones kept
 * until the limiter's keys expire (`expireAfterMs` without activity) or `clearOnStart` is set.
 */
export interface RedisLimiterOptions {
  /** The Redis server. @default 'redis://127.0.0.1:6379' */
  readonly url?: string;
  /**
   * Extra ioredis options (password, TLS, db...): ioredis's `RedisOptions`, typed as `object`
   * so these types compile without ioredis installed (write `{ ... } satisfies RedisOptions` to
   * have them checked). ioredis is an optional peer dependency: `npm install ioredis`.
   */
  readonly clientOptions?: object;
  /** The shared limiter's name. @default derived from `apiUrl` and `clientId` (a hash: the id never reveals them) */
  readonly id?: string;
  /** Wipe the limiter's state on start (use when changing its settings). @default false */
  readonly clearOnStart?: boolean;
  /** Remove the limiter's keys after this long without activity. @default 600000 */
  readonly expireAfterMs?: number;
}

/** One structured log entry. Entries never carry headers, bodies, tokens or secrets. */
export interface LogEntry {
  /**
   * `request`: an API request ended (with a status or an error); `token` and `discovery`: the
   * same for the token server; `retry`: a failed call will be tried again after `retryInMs`;
   * `give-up`: a retryable failure was not retried (`reason` says why).
   */
  readonly event: 'request' | 'token' | 'discovery' | 'retry' | 'give-up';
  readonly method: string;
  /** The URL without credentials. */
  readonly url: string;
  /** The attempt of the call (1 for the first). */
  readonly attempt: number;
  readonly status?: number | undefined;
  readonly durationMs?: number | undefined;
  /** The failure's code: a system code (`ECONNRESET`) or the error class code. */
  readonly errorCode?: string | undefined;
  readonly retryInMs?: number | undefined;
  readonly reason?: string | undefined;
}

/** Receives the client's log entries. It must not throw; if it does, the entry is dropped. */
export type Logger = (entry: LogEntry) => void;

/** Options of {@link Data8Client}. */
export interface Data8ClientOptions {
  /** The API's base URL, e.g. `https://batch.data-8.co.uk` or an emulator's `url`. */
  readonly apiUrl: string;
  /** The OAuth issuer; its token endpoint is found by OpenID discovery. @default 'https://auth.data-8.co.uk' */
  readonly authUrl?: string;
  readonly clientId: string;
  /** Kept in memory only; never logged or put in an error. */
  readonly clientSecret: string;
  /** @default 'BatchApi' */
  readonly scope?: string;
  /** @default 'client_secret_basic' */
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  readonly timeouts?: TimeoutOptions;
  readonly retry?: RetryOptions;
  readonly rateLimit?: RateLimitOptions;
  /** Share the rate limit between processes. @default undefined (a limit per process) */
  readonly redis?: RedisLimiterOptions;
  /** @default undefined (no logging) */
  readonly logger?: Logger;
  /** Overrides of the values the vendor does not document. @default {} */
  readonly assumedValues?: AssumedValuesOverride;
  /**
   * The whole `User-Agent` header.
   * @default 'data8-batch/<version> node/<version> <platform>'
   */
  readonly userAgent?: string;
  /** Added after the `User-Agent` (your application's name and version, say). @default undefined */
  readonly userAgentSuffix?: string;
  /**
   * The HTTP(S) proxy of every request (API, token and discovery): a URL such as
   * `http://user:password@proxy.example:3128` (the password is redacted from every message),
   * or `false` to ignore the environment. Tunnels (CONNECT) are kept alive.
   * @default undefined: `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (either case, curl's rules)
   */
  readonly proxy?: string | false;
  /**
   * Your own agents for every request, `{ http, https }` (got's `agent` option): the escape
   * hatch for networks the `proxy` option does not cover. They replace the client's, so `proxy`
   * and `ca` cannot be given with them.
   * @default undefined
   */
  readonly agent?: Agents;
  /**
   * Certificates (PEM text) to trust besides Node's own roots: a private CA of the service or
   * of a TLS-inspecting proxy. `NODE_EXTRA_CA_CERTS` does the same for the whole process.
   * @default undefined
   */
  readonly ca?: string | readonly string[];
}
