import test from 'ava';
import fc from 'fast-check';
import {
  ApiError,
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  ValidationError,
  backoffDelay,
  decideRetry,
  isRetryable,
  parseRetryAfter,
  resolveRetryOptions,
} from '../../lib/index.js';

const options = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 5, maxRetryTimeMs: 10_000, maxRetryAfterMs: 5000 });
const at = { method: 'GET', url: 'http://127.0.0.1/Dataset/x' };
const apiError = (status: number, retryAfterMs?: number): ApiError => new ApiError(`answered ${status}`, { ...at, status, retryAfterMs });

test('transient statuses and network failures are retried; client errors are not', (t) => {
  for (const status of [408, 429, 500, 502, 503, 504]) t.true(isRetryable(apiError(status)), `status ${status}`);
  for (const code of ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE']) t.true(isRetryable(new NetworkError('x', { systemCode: code })), code);
  t.true(isRetryable(new TimeoutError('slow', { systemCode: 'ETIMEDOUT' })));
  t.false(isRetryable(new ValidationError('bad', { ...at, status: 400 })));
  t.false(isRetryable(new ForbiddenError('no', { ...at, status: 403 })));
  t.false(isRetryable(new NotFoundError('gone', { ...at, status: 404 })));
  t.false(isRetryable(new ConflictError('taken', { ...at, status: 409 })));
  t.false(isRetryable(new AuthenticationError('refused', { error: 'invalid_token', status: 401 })));
  t.false(isRetryable(new NetworkError('bad host', { systemCode: 'ENOTFOUND' })));
  t.false(isRetryable(new Error('a bug')));
});

test('a call that must not be repeated is retried only when the server cannot have acted on it', (t) => {
  t.true(isRetryable(apiError(429), false));
  t.true(isRetryable(apiError(503), false));
  t.true(isRetryable(new NetworkError('refused', { systemCode: 'ECONNREFUSED' }), false));
  t.false(isRetryable(apiError(500), false));
  t.false(isRetryable(apiError(502), false));
  t.false(isRetryable(new NetworkError('reset', { systemCode: 'ECONNRESET' }), false));
});

test('backoff is equal jitter: half the exponential ceiling (capped by maxDelayMs) fixed, half random', (t) => {
  t.is(backoffDelay(1, options, () => 0), 50);
  t.is(backoffDelay(1, options, () => 0.999_999), 99);
  t.is(backoffDelay(3, options, () => 0.5), 300);
  t.is(backoffDelay(4, options, () => 0), 400);
  t.is(backoffDelay(30, options, () => 0), 500);
  t.is(backoffDelay(30, options, () => 0.999_999), 999);
});

/** Fails every attempt, as a service that is down does: the waits between the first attempt and the last. */
function waitsUntilGivingUp(draws: readonly number[], policy = resolveRetryOptions()): number[] {
  const waits: number[] = [];
  for (let attempt = 1; ; attempt++) {
    const elapsedMs = waits.reduce((sum, wait) => sum + wait, 0);
    const random = () => draws[attempt - 1] ?? 0;
    const decision = decideRetry({ attempt, error: new NetworkError('refused', { systemCode: 'ECONNREFUSED' }), elapsedMs, options: policy, random });
    if (!decision.retry) return waits;
    waits.push(decision.delayMs);
  }
}

test('with the default options, a call keeps trying through 7.75 s of outage (at most 15.5 s), whatever the draws', (t) => {
  t.deepEqual(waitsUntilGivingUp([0, 0, 0, 0, 0]), [250, 500, 1000, 2000, 4000], 'the shortest draws');
  t.deepEqual(waitsUntilGivingUp([0.999_999, 0.999_999, 0.999_999, 0.999_999, 0.999_999]), [499, 999, 1999, 3999, 7999], 'the longest');
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 5, maxLength: 5 }), (draws) => {
      const waits = waitsUntilGivingUp(draws);
      const total = waits.reduce((sum, wait) => sum + wait, 0);
      return waits.length === 5 && total >= 7_750 && total <= 15_500;
    }),
  );
});

test('Retry-After is read as seconds or an HTTP date', (t) => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  t.is(parseRetryAfter('3', now), 3000);
  t.is(parseRetryAfter(' 0 ', now), 0);
  t.is(parseRetryAfter('Wed, 01 May 2024 12:00:05 GMT', now), 5000);
  t.is(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now), 0);
  t.is(parseRetryAfter('soon', now), undefined);
  t.is(parseRetryAfter(undefined, now), undefined);
});

test('the wait honours Retry-After when it is longer than the backoff', (t) => {
  const decision = decideRetry({ attempt: 1, error: apiError(503, 1000), elapsedMs: 0, options, random: () => 0.5 });
  t.deepEqual(decision, { retry: true, delayMs: 1000 });
  const short = decideRetry({ attempt: 4, error: apiError(429, 10), elapsedMs: 0, options, random: () => 0.5 });
  t.deepEqual(short, { retry: true, delayMs: 600 });
});

test('a Retry-After above the cap is not waited for', (t) => {
  const decision = decideRetry({ attempt: 1, error: new RateLimitError('slow down', { ...at, status: 429, retryAfterMs: 60_000 }), elapsedMs: 0, options });
  t.false(decision.retry);
  t.regex(decision.retry ? '' : decision.reason, /60000 ms, over retry\.maxRetryAfterMs/);
});

test('attempts and total time are bounded', (t) => {
  const last = decideRetry({ attempt: 5, error: apiError(500), elapsedMs: 0, options });
  t.deepEqual(last, { retry: false, reason: 'retry.maxAttempts (5) reached' });
  const late = decideRetry({ attempt: 1, error: apiError(503, 2000), elapsedMs: 9000, options });
  t.false(late.retry);
  t.deepEqual(decideRetry({ attempt: 1, error: apiError(404), elapsedMs: 0, options }), { retry: false, reason: 'not a transient failure' });
});
