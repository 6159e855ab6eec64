/**
 * The window controller against a model service on a fake clock: each round the window's
 * requests go out together and answer after the path's latency plus any queueing beyond the
 * service's capacity; a service with a concurrency limit answers 429 above it.
 */
import test from 'ava';
import { PROBE_AFTER, WindowController, freshMemory, type ServiceMemory } from '../../lib/core/window-controller.js';

interface Service {
  /** Latency of the path, ms. */
  pathMs: number;
  /** Requests served at once; more wait, `serviceMs` each. */
  capacity: number;
  serviceMs: number;
  /** Answers 429 above this many in flight. */
  maxInFlight?: number;
}

interface Run {
  readonly windows: number[];
  readonly requests: number;
  readonly refused: number;
}

/**
 * `told`: the client says which request met the 429 (`slowDown`, as a `Data8Client` does);
 * otherwise the controller only hears that some request did (a client without `onSlowDown`).
 */
function simulate(controller: WindowController, clock: { now: number }, service: () => Service, rounds: number, told = false): Run {
  const windows: number[] = [];
  let requests = 0;
  let refused = 0;
  for (let round = 0; round < rounds; round++) {
    const { pathMs, capacity, serviceMs, maxInFlight } = service();
    const window = controller.window;
    windows.push(window);
    // `capacity` requests are served at once, `serviceMs` each; the rest wait their turn.
    const latencyMs = pathMs + serviceMs * Math.max(1, window / capacity);
    clock.now += latencyMs;
    for (let index = 1; index <= window; index++) {
      requests++;
      const overloaded = maxInFlight !== undefined && index > maxInFlight;
      if (overloaded) refused++;
      if (overloaded && told) {
        controller.slowDown(index);
        controller.sample({ latencyMs, inFlight: index, overloaded: false, retried: true });
      } else controller.sample({ latencyMs, inFlight: index, overloaded, retried: false });
    }
  }
  return { windows, requests, refused };
}

function controller(min: number, max: number, memory?: ServiceMemory): { controller: WindowController; clock: { now: number } } {
  const clock = { now: 0 };
  return { controller: new WindowController({ min, max }, 4, memory, () => clock.now), clock };
}

test('over a long path with room at the service the window grows to its max', (t) => {
  const { controller: window, clock } = controller(1, 16);
  const run = simulate(window, clock, () => ({ pathMs: 30, capacity: 64, serviceMs: 1 }), 20);
  t.is(window.window, 16, run.windows.join(' '));
  t.true(run.windows.slice(0, 4).every((w, i, all) => i === 0 || w >= all[i - 1]!), 'never shrank on its way up');
  t.is(window.stats().peak, 16);
  t.true(window.stats().history.length >= 3, 'the history records each change');
});

test('when the service queues (latency inflates, throughput flat) the window comes down', (t) => {
  const { controller: window, clock } = controller(1, 32);
  // Capacity 4, 10 ms each: any window above 4 only adds latency.
  const run = simulate(window, clock, () => ({ pathMs: 2, capacity: 4, serviceMs: 10 }), 60);
  const late = run.windows.slice(-20);
  t.true(Math.max(...late) < 16, `windows ${late.join(' ')}`);
  t.true(window.stats().decreases > 0);
});

test('a service answering 429 above 6 in flight: the window settles at 6 and retries stay under 2%', (t) => {
  const { controller: window, clock } = controller(1, 16);
  const run = simulate(window, clock, () => ({ pathMs: 30, capacity: 64, serviceMs: 1, maxInFlight: 6 }), 300);
  const late = run.windows.slice(-100);
  t.is(window.stats().ceiling, 7);
  t.true(late.filter((w) => w === 6).length >= 90, `windows ${late.join(' ')}`);
  t.true(run.refused / run.requests < 0.02, `${run.refused} refused of ${run.requests}`);
});

test('a ceiling learnt by one stream holds for the next stream of the same client', (t) => {
  const memory: ServiceMemory = freshMemory();
  const first = controller(1, 16, memory);
  simulate(first.controller, first.clock, () => ({ pathMs: 30, capacity: 64, serviceMs: 1, maxInFlight: 6 }), 30);
  first.controller.finish();
  const second = controller(1, 16, memory);
  const run = simulate(second.controller, second.clock, () => ({ pathMs: 30, capacity: 64, serviceMs: 1, maxInFlight: 6 }), 50);
  // Started below the ceiling: at most one try at it, PROBE_AFTER (200) requests after the first stream's 429s.
  t.true(run.refused <= 1, `windows ${run.windows.join(' ')}`);
  t.is(run.windows[0], 6);
  t.is(second.controller.window, 6);
});

test('latency that rises on the path (throughput falls with it) does not shrink the window', (t) => {
  const { controller: window, clock } = controller(1, 16);
  let round = 0;
  const run = simulate(window, clock, () => ({ pathMs: round++ < 15 ? 10 : 60, capacity: 64, serviceMs: 1 }), 40);
  t.is(window.window, 16, `windows ${run.windows.join(' ')}`);
});

test('a fixed window ignores every sample', (t) => {
  const { controller: window, clock } = controller(5, 5);
  simulate(window, clock, () => ({ pathMs: 5, capacity: 1, serviceMs: 50, maxInFlight: 2 }), 10);
  t.is(window.window, 5);
  t.is(window.stats().mode, 'fixed');
});

const LIMITED = (): Service => ({ pathMs: 30, capacity: 64, serviceMs: 1, maxInFlight: 6 });

test('told which request met the 429, the window drops straight to the limit: one burst of 429s, then none until a try', (t) => {
  const { controller: window, clock } = controller(1, 16);
  const run = simulate(window, clock, LIMITED, 30, true);
  t.is(window.stats().ceiling, 7);
  const firstRefusal = run.windows.findIndex((w) => w > 6);
  t.true(run.windows.slice(firstRefusal + 1).every((w) => w === 6), `windows ${run.windows.join(' ')}`);
  // Start-up reached 9 once (4, 6, 9): three requests above 6 were refused, no more.
  t.is(run.refused, 3);
});

test('each try that meets the ceiling again doubles the wait before the next', (t) => {
  const memory = freshMemory();
  const { controller: window, clock } = controller(1, 16, memory);
  const run = simulate(window, clock, LIMITED, 1000, true);
  // About 6,000 requests: the overshoot, then tries after 200, 400, 800, 1,600 and 3,200 requests at 6 each.
  const tries = run.windows.filter((w) => w === 7).length;
  t.true(tries >= 3 && tries <= 6, `${tries} rounds at 7 in ${run.requests} requests`);
  t.true(memory.probeAfter >= PROBE_AFTER * 8, `next try after ${memory.probeAfter}`);
  t.true(run.refused / run.requests < 0.005, `${run.refused} refused of ${run.requests}`);
});

test('a service that lifts its limit: each try that finds room moves the ceiling up one, without a refusal', (t) => {
  const { controller: window, clock } = controller(1, 16);
  let round = 0;
  const run = simulate(window, clock, () => ({ ...LIMITED(), maxInFlight: round++ < 60 ? 6 : 12 }), 300, true);
  const after = run.windows.slice(60);
  t.true(window.window >= 9 && window.window === (window.stats().ceiling ?? 0) - 1, `windows ${run.windows.join(' ')}`);
  t.true(after.every((w, i) => i === 0 || w >= after[i - 1]! || w === after[i - 1]! - 1), 'it climbs; a step back is only the end of a try');
  t.is(run.refused, 3 + 1, "the start-up's overshoot and the one try at 7 before the limit was lifted");
});

test('a 429 from a service shared with other clients lowers the ceiling to what this client had in flight', (t) => {
  const { controller: window, clock } = controller(1, 16);
  simulate(window, clock, LIMITED, 30, true);
  window.slowDown(3);
  t.is(window.stats().ceiling, 3);
  t.is(window.window, 2);
  // A request sent before that decrease, refused too, says nothing new.
  window.slowDown(5);
  t.is(window.stats().ceiling, 3);
  t.is(window.window, 2);
});

test('a request refused from a burst may have arrived last: one refusal never sets the ceiling below half the window it was sent under', (t) => {
  const memory = freshMemory();
  memory.window = 16;
  const { controller: window } = controller(1, 16, memory);
  t.is(window.window, 16);
  // The fourth of sixteen sent at once, refused: the service saw it after six others.
  window.slowDown(4, 16);
  t.is(window.stats().ceiling, 8);
  t.is(window.window, 7);
});
