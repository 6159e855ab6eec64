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

/** Polls a job of `durationMs` whose percentage moves evenly (with an accurate estimate or none): how many polls, and how long past its end. */
function pollJob(durationMs: number, estimates: boolean): { polls: number; lateMs: number } {
  const bounds = { min: 50, max: 15_000 };
  let now = 0;
  let polls = 0;
  let delay: number | undefined;
  let earliest: { at: number; percentComplete: number } | undefined;
  for (;;) {
    polls++;
    if (now >= durationMs) return { polls, lateMs: now - durationMs };
    const latest = { at: now, percentComplete: Math.floor((now * 100) / durationMs), estimatedFinishAt: estimates ? durationMs : undefined };
    if (earliest === undefined && latest.percentComplete > 0) earliest = latest;
    delay = nextPollDelay({ interval: bounds, previousDelay: delay, latest, earliest, now, elapsedMs: now });
    now += delay;
  }
}

test('the poll schedule: short jobs are caught within 50 ms of their end, long ones within a tenth of their age, on a small request budget', (t) => {
  const short = pollJob(500, true);
  t.true(short.lateMs <= 50 && short.polls <= 10, `0.5 s job: ${short.polls} polls, ${short.lateMs} ms late`);
  const minute = pollJob(60_000, true);
  t.true(minute.lateMs <= 6_000 && minute.polls <= 25, `1 min job: ${minute.polls} polls, ${minute.lateMs} ms late`);
  const hour = pollJob(3_600_000, true);
  t.true(hour.polls <= 270, `1 h job: ${hour.polls} polls`);
  const blind = pollJob(60_000, false);
  t.true(blind.lateMs <= 6_000 && blind.polls <= 40, `1 min job without an estimate (its percentage moves): ${blind.polls} polls, ${blind.lateMs} ms late`);
  t.is(nextPollDelay({ interval: { min: 50, max: 15_000 }, previousDelay: 50, latest: { at: 0, percentComplete: 99, estimatedFinishAt: 0 }, now: 100_000, elapsedMs: 100_000 }), 10_000, 'never under a tenth of the time waited');
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
