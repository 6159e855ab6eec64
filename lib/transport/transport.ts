/**
 * The one request path of the client. Each call goes, in this order, through:
 * retries (p-retry, the pure policy of retry-policy.ts and the client-wide retry budget) →
 * the adaptive concurrency gate → the rate limiter (bottleneck, local or Redis-shared) →
 * a token (cached, single flight) → got. A 401 re-authenticates once; every failure comes
 * out as a typed error of lib/core/errors.ts, free of secrets.
 */
import pRetry from 'p-retry';
import { AbortError, ApiError, Data8Error } from '../core/errors.js';
import { sleep, throwIfAborted } from './abort.js';
import { ConcurrencyGate, type Outcome } from './concurrency-gate.js';
import { HttpClient, type HttpMethod, type HttpResponse } from './http-client.js';
import type { ResolvedClientOptions } from './normalize-options.js';
import type { LogEntry, Logger } from './options.js';
import { RateLimiter } from './rate-limiter.js';
import { proxyPasswords, Redactor } from './redact.js';
import { errorFromResponse, parseBody } from './response-errors.js';
import { RetryBudget } from './retry-budget.js';
import { decideRetry, isRetryable } from './retry-policy.js';
import { type ClientStats, StatsCounters } from './stats.js';
import { TokenProvider } from './token-provider.js';

/** Options every call takes. */
export interface CallOptions {
  /** Aborts the call: the request in flight, a retry's wait and a wait for the rate limiter. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Called each time the service answers an attempt of this call with 429, or 503 with
   * `Retry-After` (it asks the client to slow down), before the client decides whether to try
   * again. The streams' adaptive window learns the service's concurrency limit from it, and may
   * hold the retry with {@link SlowDownAnswer.holdRetry}; when the call gives up instead (its
   * attempts or retry budget spent, a `Retry-After` over the cap), a held retry is never resumed
   * and the call rejects as it would without this option.
   */
  readonly onSlowDown?: ((answer: SlowDownAnswer) => void) | undefined;
}

/** An answer asking the client to slow down, as {@link CallOptions.onSlowDown} sees it. */
export interface SlowDownAnswer {
  /** 429 or 503. */
  readonly status: number;
  /**
   * Makes the retry also wait, after the wait the service asked for, for the promise `resume`
   * returns: a caller bounding its own requests in flight lets another request take the
   * refused one's place meanwhile, and gives it a place again there.
   */
  holdRetry(resume: () => Promise<void>): void;
}

/** A call's `onSlowDown`, and what the retry must wait for after the last slow-down answer. */
interface SlowDownState {
  readonly onSlowDown: CallOptions['onSlowDown'];
  resume: (() => Promise<void>) | undefined;
}

/** One API call, as the resource modules describe it. */
export interface ApiRequest<T> {
  readonly method: HttpMethod;
  /** The path relative to the API's base URL, segments URL-encoded, query included. */
  readonly path: string;
  /** A body to send as JSON. */
  readonly json?: unknown;
  /** A body already encoded as JSON, sent as it is. */
  readonly body?: Buffer | undefined;
  /** Whether sending the call twice is harmless. @default true, except for POST */
  readonly idempotent?: boolean;
  /**
   * Called when an attempt after the first meets an error answer (409 on a create, 404 on a
   * delete...): an earlier attempt may have done the work before its answer was lost. Resolves
   * `{ value }`, the call's result, when the server's state shows it did; `undefined` otherwise.
   */
  readonly afterRetry?: (error: ApiError, signal: AbortSignal | undefined) => Promise<{ readonly value: T } | undefined>;
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/**
 * Supplies the credentials of each attempt. The default sends OAuth bearer tokens from the
 * token server; another vendor's API plugs in its own (e.g. key headers) and keeps the rest of
 * the request path (retries, limits, typed errors, redaction).
 */
export interface RequestAuthenticator {
  /** The credential for the next attempt (cached by the authenticator as it sees fit). */
  get(signal: AbortSignal | undefined): Promise<string>;
  /** The request headers that carry `credential`. */
  headers(credential: string): Record<string, string>;
  /** The API answered 401 to `credential`: the next `get` must not return it again. */
  invalidate(credential: string): void;
  close(): void;
}

/** Builds an authenticator; it gets the transport's redactor so it can register its secrets. */
export type AuthenticatorFactory = (redactor: Redactor) => RequestAuthenticator;

/**
 * Ends a retryable failure's message with what was tried, so the last word of a call that gave
 * up says how long the service was tried and why it stopped.
 */
function sayWhatWasTried(error: unknown, attempts: number, elapsedMs: number, reason: string): void {
  if (!(error instanceof Data8Error)) return;
  const url = (error as { url?: unknown }).url;
  const where = typeof url === 'string' && URL.canParse(url) ? ` at ${new URL(url).origin}` : '';
  const tried = attempts === 1 ? 'tried once' : `tried ${attempts} times over ${(elapsedMs / 1000).toFixed(1)}s`;
  error.message = `${error.message}; ${tried}${where}, then stopped: ${reason}`;
}

function isOverloaded(response: HttpResponse): boolean {
  return response.status === 429 || (response.status === 503 && response.headers['retry-after'] !== undefined);
}

/** The request path shared by every resource of one client. */
export class Transport {
  readonly apiUrl: string;
  readonly #options: ResolvedClientOptions;
  readonly #http: HttpClient;
  readonly #tokens: RequestAuthenticator;
  readonly #gate: ConcurrencyGate;
  readonly #limiter: RateLimiter;
  readonly #budget: RetryBudget;
  readonly #stats = new StatsCounters();
  readonly #redactor: Redactor;
  readonly #log: Logger | undefined;
  #closed = false;

  /** `authenticator`: how requests carry credentials. @default OAuth bearer tokens (client credentials) */
  constructor(options: ResolvedClientOptions, authenticator?: AuthenticatorFactory) {
    this.#options = options;
    this.apiUrl = options.apiUrl;
    this.#redactor = new Redactor(options.clientSecret, ...proxyPasswords(options.proxy));
    const userLogger = options.logger;
    this.#log =
      userLogger === undefined
        ? undefined
        : (entry: LogEntry): void => {
            try {
              userLogger({ ...entry, url: this.#redactor.redact(entry.url) });
            } catch {
              // A logger that throws must not break requests.
            }
          };
    const redact = (text: string): string => this.#redactor.redact(text);
    this.#http = new HttpClient({
      apiUrl: options.apiUrl,
      timeouts: options.timeouts,
      userAgent: options.userAgent,
      maxSockets: options.rateLimit.maxConcurrent + 2,
      redact,
      proxy: options.proxy,
      agent: options.agent,
      ca: options.ca,
    });
    this.#tokens = authenticator?.(this.#redactor) ?? this.#bearerTokens(options);
    this.#gate = new ConcurrencyGate(options.rateLimit.maxConcurrent, options.rateLimit.adaptive);
    this.#limiter = new RateLimiter(options.rateLimit, options.redis);
    this.#budget = new RetryBudget(options.retry.budget);
  }

  /** Sends one call, retrying what is safe to retry; resolves the parsed JSON answer (`undefined` for none). */
  async request<T>(request: ApiRequest<T>, { signal, onSlowDown }: CallOptions = {}): Promise<T> {
    const what = `${request.method} /${request.path}`;
    throwIfAborted(signal, what);
    if (this.#closed) throw new Data8Error(`${what}: the client is closed`);
    const body = request.body ?? (request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json)));
    const idempotent = request.idempotent ?? request.method !== 'POST';
    const started = performance.now();
    const call: SlowDownState = { onSlowDown, resume: undefined };
    return pRetry(
      async (attempt) => {
        throwIfAborted(signal, what);
        try {
          return await this.#attempt<T>(request, body, attempt, signal, what, call);
        } catch (error) {
          if (attempt > 1 && request.afterRetry !== undefined && error instanceof ApiError) {
            const resolved = await this.#verify(request.afterRetry, error, signal);
            if (resolved !== undefined) return resolved.value;
          }
          throw error;
        }
      },
      {
        // One more than the policy allows, so that the policy sees the last failure too (and logs the give-up).
        retries: this.#options.retry.maxAttempts,
        minTimeout: 0,
        maxTimeout: 0,
        shouldRetry: ({ error, attemptNumber }) => this.#shouldRetry(error, attemptNumber, started, idempotent, signal, request, call),
      },
    );
  }

  /** Runs an `afterRetry` check; when the check itself fails (but for an abort), the call's own error stands. */
  async #verify<T>(
    afterRetry: NonNullable<ApiRequest<T>['afterRetry']>,
    error: ApiError,
    signal: AbortSignal | undefined,
  ): Promise<{ readonly value: T } | undefined> {
    try {
      return await afterRetry(error, signal);
    } catch (verifyError) {
      if (verifyError instanceof AbortError) throw verifyError;
      return undefined;
    }
  }

  async #shouldRetry(
    error: unknown,
    attempt: number,
    started: number,
    idempotent: boolean,
    signal: AbortSignal | undefined,
    request: ApiRequest<unknown>,
    call: SlowDownState,
  ): Promise<boolean> {
    const decision = decideRetry({ attempt, error, elapsedMs: performance.now() - started, options: this.#options.retry, idempotent });
    const status = error instanceof ApiError ? error.status : undefined;
    const errorCode = (error as { systemCode?: string }).systemCode ?? (error as { code?: string }).code;
    const base = { method: request.method, url: `${this.apiUrl}/${request.path}`, attempt, status, errorCode };
    if (!decision.retry) {
      if (isRetryable(error, idempotent)) {
        this.#log?.({ event: 'give-up', ...base, reason: decision.reason });
        sayWhatWasTried(error, attempt, performance.now() - started, decision.reason);
      }
      return false;
    }
    if (!this.#budget.tryTake()) {
      this.#log?.({ event: 'give-up', ...base, reason: 'the retry budget is spent' });
      sayWhatWasTried(error, attempt, performance.now() - started, 'the retry budget is spent');
      return false;
    }
    this.#stats.retries += 1;
    this.#log?.({ event: 'retry', ...base, retryInMs: decision.delayMs });
    await sleep(decision.delayMs, signal, `${request.method} /${request.path}`);
    const resume = call.resume;
    call.resume = undefined;
    if (resume !== undefined) await resume();
    return true;
  }

  async #attempt<T>(
    request: ApiRequest<T>,
    body: Buffer | undefined,
    attempt: number,
    signal: AbortSignal | undefined,
    what: string,
    call: SlowDownState,
  ): Promise<T> {
    let response = await this.#send(request, body, attempt, signal, what);
    if (response.status === 401) {
      // The token expired or was revoked early: one new token, one more try; a second 401 is final.
      this.#stats.reauthentications += 1;
      response = await this.#send(request, body, attempt, signal, what);
    }
    if (response.status >= 300) {
      if (call.onSlowDown !== undefined && isOverloaded(response)) {
        call.onSlowDown({ status: response.status, holdRetry: (resume) => (call.resume = resume) });
      }
      throw errorFromResponse(request.method, `${this.apiUrl}/${request.path}`, response, (text) => this.#redactor.redact(text));
    }
    this.#budget.recordSuccess();
    return parseBody(response) as T;
  }

  async #send(request: ApiRequest<unknown>, body: Buffer | undefined, attempt: number, signal: AbortSignal | undefined, what: string): Promise<HttpResponse> {
    const slot = await this.#gate.acquire(signal, what);
    let outcome: Outcome = 'other';
    try {
      // The credential is ready before the limiter's turn, so the limit spaces requests, not token fetches.
      if (this.#limiter.active) await this.#tokens.get(signal);
      const { response, token } = await this.#limiter.schedule(() => this.#exchange(request, body, attempt, signal), signal, what);
      if (response.status === 401) this.#tokens.invalidate(token);
      outcome = response.status < 300 ? 'success' : isOverloaded(response) ? 'overloaded' : 'other';
      return response;
    } finally {
      this.#gate.release(slot, outcome);
    }
  }

  async #exchange(
    request: ApiRequest<unknown>,
    body: Buffer | undefined,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<{ response: HttpResponse; token: string }> {
    const token = await this.#tokens.get(signal);
    const started = performance.now();
    this.#stats.requests += 1;
    if (body !== undefined) this.#stats.bytesSent += body.length;
    const headers: Record<string, string> = body === undefined ? {} : { ...JSON_HEADERS };
    Object.assign(headers, this.#tokens.headers(token));
    try {
      const response = await this.#http.send({ method: request.method, url: request.path, headers, body, signal });
      this.#stats.countStatus(response.status);
      if (isOverloaded(response)) this.#stats.rateLimited += 1;
      this.#log?.({
        event: 'request', method: request.method, url: `${this.apiUrl}/${request.path}`, attempt, status: response.status,
        durationMs: performance.now() - started,
      });
      return { response, token };
    } catch (error) {
      const errorCode = (error as { systemCode?: string }).systemCode ?? (error as { code?: string }).code;
      if (signal?.aborted !== true) this.#stats.networkErrors += 1;
      this.#log?.({
        event: 'request', method: request.method, url: `${this.apiUrl}/${request.path}`, attempt, errorCode,
        durationMs: performance.now() - started,
      });
      throw error;
    }
  }

  #bearerTokens(options: ResolvedClientOptions): RequestAuthenticator {
    const tokens = new TokenProvider(this.#http, options, this.#stats, this.#log ?? (() => undefined), this.#redactor);
    return {
      get: (signal) => tokens.get(signal),
      headers: (token) => ({ authorization: `Bearer ${token}` }),
      invalidate: (token) => tokens.invalidate(token),
      close: () => tokens.close(),
    };
  }

  /** What the client has done so far. */
  stats(): ClientStats {
    return this.#stats.snapshot(this.#budget.stats(), this.#gate.stats());
  }

  /** Releases sockets, the limiter and its Redis connections. Calls made afterwards fail. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#tokens.close();
    await this.#limiter.close();
    this.#http.close();
  }
}
