import test from 'ava';
import { nextPollDelay, remainingMs } from '../../lib/streams/poll-schedule.js';
import { expectedRecords, pageMismatch, planPages } from '../../lib/streams/page-plan.js';

const interval = { min: 100, max: 10_000 };

test('polling starts at the shortest delay and backs off while nothing can be predicted', (t) => {
  const latest = { at: 0, percentComplete: 0 };
  const first = nextPollDelay({ interval, previousDelay: undefined, latest, now: 0 });
  t.is(first, 100);
  const second = nextPollDelay({ interval, previousDelay: first, latest, now: 0 });
  t.true(second > first);
  let delay = second;
  for (let poll = 0; poll < 30; poll++) delay = nextPollDelay({ interval, previousDelay: delay, latest, now: 0 });
  t.is(delay, 10_000, 'never past the longest delay');
});

test('the estimated finish time sets the next poll half-way to it, and the end is polled closely', (t) => {
  const now = 1_000_000;
  t.is(nextPollDelay({ interval, previousDelay: 100, latest: { at: now, percentComplete: 10, estimatedFinishAt: now + 8_000 }, now }), 4_000);
  t.is(nextPollDelay({ interval, previousDelay: 4_000, latest: { at: now, percentComplete: 90, estimatedFinishAt: now + 50 }, now }), 100);
  t.is(nextPollDelay({ interval, previousDelay: 4_000, latest: { at: now, percentComplete: 90, estimatedFinishAt: now - 5_000 }, now }), 100);
});

test('without an estimate, the rate of percentComplete predicts the remaining time', (t) => {
  const earliest = { at: 0, percentComplete: 10 };
  const latest = { at: 2_000, percentComplete: 30 };
  t.is(remainingMs(latest, earliest, 2_000), 7_000);
  t.is(nextPollDelay({ interval, previousDelay: 500, latest, earliest, now: 2_000 }), 3_500);
  t.is(remainingMs({ at: 2_000, percentComplete: 10 }, earliest, 2_000), undefined, 'no movement, no prediction');
});

test('pages cover exactly the records from start to recordCount', (t) => {
  t.deepEqual([...planPages(1, 2_500, 1_000)], [
    { start: 1, count: 1_000 },
    { start: 1_001, count: 1_000 },
    { start: 2_001, count: 500 },
  ]);
  t.deepEqual([...planPages(2_400, 2_500, 1_000)], [{ start: 2_400, count: 101 }]);
  t.deepEqual([...planPages(2_501, 2_500, 1_000)], []);
  t.is(expectedRecords(2_400, 2_500), 101);
  t.is(pageMismatch('out', { start: 1, count: 10 }, 10, 10), undefined);
  t.regex(pageMismatch('out', { start: 1, count: 10 }, 9, 10) ?? '', /answered 9 records for records 1\.\.10, expected 10.*lost/);
});
