/**
 * What the progress bars show, as pure formatting: lines that fit the terminal's width, a job
 * ETA that follows the service's estimate smoothly, resumed uploads counted over the whole
 * input, and units that read right.
 */
import test from 'ava';
import { countOf, formatBytes } from '../../lib/cli/format-values.js';
import { fitLine } from '../../lib/cli/progress/line-fit.js';
import { PhaseTracker } from '../../lib/cli/progress/phase-view.js';
import type { ProgressEvent } from '../../lib/streams/progress.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const JOB = 'CleanseContacts contacts-of-the-whole-sales-organisation-2026.csv 2026-12-02 12.00.00Z 3f2a';

function jobEvent(percent: number, estimatedFinishTime?: string): ProgressEvent {
  return {
    phase: 'job',
    job: JOB,
    records: percent * 3_000,
    totalRecords: 300_000,
    percent,
    status: 'Running',
    elapsedMs: 30_000,
    done: false,
    ...(estimatedFinishTime === undefined ? {} : { estimatedFinishTime }),
  };
}

const UPLOAD: ProgressEvent = { phase: 'upload', dataset: 'd', records: 120_000, blocks: 120, bytes: 14_500_000, elapsedMs: 10_000, recordsPerSecond: 12_000, done: false };

test('a wide terminal shows everything, the bar 24 cells wide', (t) => {
  const tracker = new PhaseTracker(undefined, () => NOW);
  const line = fitLine(tracker.update(jobEvent(40, '2026-12-02T12:01:00Z')), 300, NOW);
  t.is(line, `Job         ██████████░░░░░░░░░░░░░░  40%  ${JOB} · Running · 300,000 records · ETA 1m 0s`);
});

for (const width of [120, 100, 80, 60, 40]) {
  test(`at ${width} columns the job line fits, shortening (at 40, dropping) the job name and keeping the count and ETA`, (t) => {
    const tracker = new PhaseTracker(undefined, () => NOW);
    const line = fitLine(tracker.update(jobEvent(40, '2026-12-02T12:01:00Z')), width, NOW);
    t.true(line.length < width, `${line.length} columns: ${line}`);
    t.regex(line, /ETA 1m 0s$/);
    t.regex(line, /300,000 records/);
    if (width >= 60) t.regex(line, /^Job +.*CleanseC.*…/, 'the job name is shortened');
  });
}

test('a narrow terminal keeps the upload count, rate and ETA, dropping the blocks, bytes, the bar and at last the rate', (t) => {
  const tracker = new PhaseTracker(undefined, () => NOW);
  tracker.update({ phase: 'read', records: 300_000, bytes: 36_000_000, elapsedMs: 9_000, done: true });
  const view = tracker.update(UPLOAD);
  t.regex(fitLine(view, 200, NOW), /^Uploading {3}█{10}░{14} {2}40% {2}120,000 records · 120 blocks · 14\.5 MB · 12,000 records\/s · ETA 15\.0s$/);
  const narrow = fitLine(view, 64, NOW);
  t.true(narrow.length < 64, narrow);
  t.regex(narrow, /^Uploading 40% 120,000 records · 12,000 records\/s · ETA 15\.0s$/);
  t.notRegex(narrow, /blocks|MB/);
  const tiny = fitLine(view, 50, NOW);
  t.true(tiny.length < 50, tiny);
  t.is(tiny, 'Uploading 40% 120,000 records · ETA 15.0s', 'the narrowest keeps the count and the ETA');
});

test("the job's ETA follows estimatedFinishTime, moved a quarter of the way per poll, and counts down between polls", (t) => {
  let now = NOW;
  const tracker = new PhaseTracker(undefined, () => now);
  t.is(tracker.update(jobEvent(10, '2026-12-02T12:01:00Z')).etaMs, 60_000);
  now += 5_000;
  // The service now says 12:03:00; the shown end moves from 12:01:00 a quarter of the way.
  const view = tracker.update(jobEvent(20, '2026-12-02T12:03:00Z'));
  t.is(view.finishesAt, Date.parse('2026-12-02T12:01:30Z'));
  t.is(view.etaMs, 85_000);
  t.regex(fitLine(view, 300, now + 10_000), /ETA 1m 15s$/, 'a frame drawn 10 s later counts down');
});

test('without estimatedFinishTime the job ETA comes from percentComplete and the time so far', (t) => {
  const tracker = new PhaseTracker(undefined, () => NOW);
  t.is(tracker.update(jobEvent(25)).etaMs, 90_000);
});

test('a resumed upload says how many records were stored already and counts its percentage over the whole input', (t) => {
  const tracker = new PhaseTracker(undefined, () => NOW);
  tracker.update({ phase: 'read', records: 10_000, elapsedMs: 2_000, done: true });
  const view = tracker.update({ phase: 'upload', dataset: 'd', records: 1_000, resumedRecords: 8_000, blocks: 1, elapsedMs: 1_000, recordsPerSecond: 9_000, done: false });
  t.is(view.percent, 90);
  t.is(view.detail, '1,000 records · 8,000 stored already · 1 block · 1,000 records/s');
  t.is(view.etaMs, 1_000, "the pace is this run's: 1,000 records a second, 1,000 left");
});

test('sizes are decimal (MB is a million bytes), and one of a thing is singular', (t) => {
  t.is(formatBytes(999), '999 B');
  t.is(formatBytes(1_536), '1.5 kB');
  t.is(formatBytes(10_000_000), '10.0 MB');
  t.is(formatBytes(2_500_000_000), '2.5 GB');
  t.is(countOf(1, 'column'), '1 column');
  t.is(countOf(1, 'block'), '1 block');
  t.is(countOf(2, 'block'), '2 blocks');
});
