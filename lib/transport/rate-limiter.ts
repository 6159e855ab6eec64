/**
 * Request rate limits with bottleneck: minimum spacing and a reservoir refilled every interval,
 * kept in this process or, with the `redis` option, shared by every process of the account
 * through bottleneck's Redis clustering (ioredis). With no rate limit and no Redis, there is no
 * scheduler at all: requests go straight through (concurrency is the gate's job).
 */
import Bottleneck from 'bottleneck';
import { Data8Error, NetworkError } from '../core/errors.js';
import { abortErrorOf, raceAbort } from './abort.js';
import { loadIoredis } from './load-ioredis.js';
import type { ResolvedRateLimitOptions, ResolvedRedisOptions } from './normalize-options.js';

/** The Redis URL without its password, for messages. */
function safeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.username = '';
    return parsed.href;
  } catch {
    return 'the configured Redis';
  }
}

/** Runs functions within the configured rate. */
export class RateLimiter {
  readonly #bottleneck: Bottleneck | undefined;
  readonly #connection: Bottleneck.IORedisConnection | undefined;
  readonly #redisUrl: string | undefined;
  #closed = false;

  constructor(rate: ResolvedRateLimitOptions, redis: ResolvedRedisOptions | undefined) {
    const limited = rate.minTimeMs > 0 || rate.reservoir !== undefined;
    if (!limited && redis === undefined) return;
    const settings: Bottleneck.ConstructorOptions = {
      // The local gate bounds this process; Redis also bounds the account across processes.
      maxConcurrent: redis === undefined ? null : rate.maxConcurrent,
      minTime: rate.minTimeMs,
      reservoir: rate.reservoir?.amount ?? null,
      reservoirRefreshAmount: rate.reservoir?.amount ?? null,
      reservoirRefreshInterval: rate.reservoir?.intervalMs ?? null,
      // Refills (and, with Redis, queued jobs) are checked on this beat: a fraction of the interval.
      heartbeatInterval: Math.max(10, Math.min(250, Math.floor((rate.reservoir?.intervalMs ?? 1000) / 10))),
    };
    if (redis === undefined) {
      this.#bottleneck = new Bottleneck(settings);
      return;
    }
    this.#redisUrl = safeRedisUrl(redis.url);
    const Redis = loadIoredis();
    const client = new Redis(redis.url, { ...redis.clientOptions, lazyConnect: false });
    this.#connection = new Bottleneck.IORedisConnection({ client, Redis });
    this.#connection.on('error', () => undefined);
    this.#bottleneck = new Bottleneck({
      ...settings,
      id: redis.id,
      datastore: 'ioredis',
      clearDatastore: redis.clearOnStart,
      timeout: redis.expireAfterMs,
      connection: this.#connection,
    });
    // Connection errors surface through the jobs that fail; an unheard 'error' event must not crash the process.
    this.#bottleneck.on('error', () => undefined);
  }

  /** Whether requests go through a scheduler (rate limited or shared). */
  get active(): boolean {
    return this.#bottleneck !== undefined;
  }

  /**
   * Runs `job` when the rate allows. An abort while waiting rejects at once; the job, when its
   * turn comes, then ends without sending anything.
   */
  schedule<T>(job: () => Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
    const bottleneck = this.#bottleneck;
    if (bottleneck === undefined) return job();
    const guarded = (): Promise<T> => (signal?.aborted === true ? Promise.reject(abortErrorOf(signal, what)) : job());
    const scheduled = bottleneck.schedule(guarded).catch((error: unknown) => {
      throw this.#limiterFailure(error, what);
    });
    return raceAbort(scheduled, signal, what);
  }

  #limiterFailure(error: unknown, what: string): unknown {
    if (error instanceof Data8Error) return error;
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | undefined)?.code;
    const where = this.#redisUrl === undefined ? 'the rate limiter' : `the shared rate limiter (Redis at ${this.#redisUrl})`;
    const reason = this.#closed ? 'the client was closed' : message;
    return new NetworkError(`${what} could not be scheduled by ${where}: ${reason}`, {
      systemCode: typeof code === 'string' ? code : undefined,
      cause: new Error(message),
    });
  }

  /** Stops scheduling and disconnects from Redis. Waiting calls fail. */
  async close(): Promise<void> {
    if (this.#closed || this.#bottleneck === undefined) return;
    this.#closed = true;
    if (this.#connection === undefined) {
      await this.#bottleneck.stop({ dropWaitingJobs: true });
    } else {
      // A limiter given its connection leaves it open on disconnect: close both.
      await this.#bottleneck.disconnect(true);
      await this.#connection.disconnect(true);
    }
  }
}
