import test from 'ava';
import { ConcurrencyGate } from '../../lib/transport/concurrency-gate.js';
import { RetryBudget } from '../../lib/transport/retry-budget.js';
import { AbortError } from '../../lib/index.js';

test('the gate halves its limit once per burst of overload and grows back by one per window of successes', async (t) => {
  const gate = new ConcurrencyGate(8, true);
  const slots = await Promise.all(Array.from({ length: 8 }, () => gate.acquire(undefined, 'x')));
  for (const slot of slots) gate.release(slot, 'overloaded');
  t.is(gate.stats().limit, 4, 'eight 429s from one window halve the limit once');
  t.is(gate.stats().decreases, 1);
  for (let round = 0; round < 4; round++) {
    const slot = await gate.acquire(undefined, 'x');
    gate.release(slot, 'success');
  }
  t.is(gate.stats().limit, 5, 'a window of four successes adds one');
  const slot = await gate.acquire(undefined, 'x');
  gate.release(slot, 'overloaded');
  t.is(gate.stats().limit, 2);
});

test('the gate never exceeds its maximum nor drops below one', async (t) => {
  const gate = new ConcurrencyGate(2, true);
  for (let round = 0; round < 20; round++) gate.release(await gate.acquire(undefined, 'x'), 'success');
  t.is(gate.stats().limit, 2);
  for (let round = 0; round < 5; round++) gate.release(await gate.acquire(undefined, 'x'), 'overloaded');
  t.is(gate.stats().limit, 1);
});

test('waiters queue beyond the limit and an abort removes one from the queue', async (t) => {
  const gate = new ConcurrencyGate(1, false);
  const first = await gate.acquire(undefined, 'first');
  const controller = new AbortController();
  const waiting = gate.acquire(controller.signal, 'GET /Dataset');
  const next = gate.acquire(undefined, 'next');
  t.is(gate.stats().queued, 2);
  controller.abort();
  const error = await t.throwsAsync(waiting, { instanceOf: AbortError });
  t.is(error.message, 'GET /Dataset was aborted');
  t.is(gate.stats().queued, 1);
  gate.release(first, 'success');
  await next;
  t.is(gate.stats().inFlight, 1);
});

test('the retry budget is spent by retries and earned back by successes and time', (t) => {
  let now = 0;
  const budget = new RetryBudget({ capacity: 3, refillPerSecond: 1, perSuccess: 0.5 }, () => now);
  t.true(budget.tryTake());
  t.true(budget.tryTake());
  t.true(budget.tryTake());
  t.false(budget.tryTake());
  t.is(budget.stats().exhausted, 1);
  budget.recordSuccess();
  budget.recordSuccess();
  t.true(budget.tryTake(), 'two successes earn one retry');
  t.false(budget.tryTake());
  now = 2000;
  t.is(budget.stats().available, 2, 'two seconds earn two retries');
});
