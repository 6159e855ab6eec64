import test from 'ava';
import {
  AbortError,
  JobFailedError,
  JobStalledError,
  JobWaiter,
  TimeoutError,
  type Data8Client,
  type Job,
  type JobSnapshot,
  type ProgressEvent,
} from '../../lib/index.js';
import { withClient, withClientOptions } from '../client/fixture.js';
import { COLUMNS, numberedRecord } from './support.js';

const FAST = { min: 5, max: 50 };

async function startJob(client: Data8Client, name: string, records = 10): Promise<Job> {
  await client.datasets.create({ name: 'input', columns: COLUMNS });
  await client.datasets.uploadBlock('input', 0, Array.from({ length: records }, (_, index) => numberedRecord(index)));
  await client.datasets.complete('input', records);
  return client.jobs.start({ name, workflowName: 'Identity', inputDatasets: { Input: 'input' } });
}

test('wait() resolves the completed job; iterating yields every poll and ends with it', withClient, async (t, { client, emu }) => {
  emu.emulator.jobs.script({ job: 'scripted', afterPolls: 3 });
  const job = await startJob(client, 'scripted');
  const events: ProgressEvent[] = [];
  const waiter = new JobWaiter({ client, job, pollInterval: FAST, totalRecords: 10, onProgress: (event) => events.push(event) });
  const snapshots: JobSnapshot[] = [];
  for await (const snapshot of waiter) snapshots.push(snapshot);
  t.is(snapshots.length, 4);
  t.deepEqual(snapshots.map((snapshot) => snapshot.status), ['Running', 'Running', 'Running', 'Completed']);
  t.deepEqual(snapshots.map((snapshot) => snapshot.done), [false, false, false, true]);
  const finished = await waiter.wait();
  t.is(finished.name, 'scripted');
  t.is(finished.status, client.assumedValues.jobStatus.Completed);
  t.true(events.every((event) => event.phase === 'job' && event.job === 'scripted' && event.totalRecords === 10));
  t.like(events.at(-1), { done: true, status: 'Completed', percent: 100, records: 10 });
  t.is(waiter.stats.polls, 4);
});

test('a failed job rejects with JobFailedError carrying the job and the server\'s reason', withClient, async (t, { client, emu }) => {
  emu.emulator.jobs.script({ job: 'doomed', afterPolls: 1, outcome: 'fail', error: 'the workflow ran out of coffee' });
  const job = await startJob(client, 'doomed');
  const waiter = new JobWaiter({ client, job: job.name, pollInterval: FAST });
  const seen: string[] = [];
  const error = await t.throwsAsync(
    (async () => {
      for await (const snapshot of waiter) seen.push(snapshot.status);
    })(),
    { instanceOf: JobFailedError },
  );
  t.deepEqual(seen, ['Running', 'Failed'], 'the failed snapshot is yielded before the error');
  t.regex(error.message, /job "doomed" \(workflow Identity\) ended Failed: the workflow ran out of coffee/);
  t.is((error.job as Job).name, 'doomed');
  await t.throwsAsync(waiter.wait(), { instanceOf: JobFailedError });
});

test('a cancelled job rejects with JobFailedError', withClient, async (t, { client, emu }) => {
  emu.emulator.jobs.script({ job: 'cancelled', outcome: 'cancel' });
  const job = await startJob(client, 'cancelled');
  const error = await t.throwsAsync(new JobWaiter({ client, job, pollInterval: FAST }).wait(), { instanceOf: JobFailedError });
  t.regex(error.message, /ended Cancelled/);
});

test('a job that stops moving is a JobStalledError, and the job is left running', withClient, async (t, { client, emu }) => {
  emu.emulator.jobs.script({ job: 'stuck', afterPolls: 1_000_000 });
  const job = await startJob(client, 'stuck');
  const waiter = new JobWaiter({ client, job, pollInterval: FAST, stallTimeout: 200 });
  const error = await t.throwsAsync(waiter.wait(), { instanceOf: JobStalledError });
  t.regex(error.message, /job "stuck" made no progress for \d+ ms \(status Running, 0% complete\); it is left as it is on the server/);
  t.true(waiter.stats.polls >= 2);
  const after = await client.jobs.get('stuck');
  t.is(after.status, client.assumedValues.jobStatus.Running, 'the waiter never cancels the job');
});

test('a timeout ends the wait with TimeoutError, not the job', withClientOptions({}, { jobRecordsPerSecond: 20 }), async (t, { client }) => {
  const job = await startJob(client, 'slow', 1_000);
  const waiter = new JobWaiter({ client, job, pollInterval: FAST, timeout: 300 });
  const error = await t.throwsAsync(waiter.wait(), { instanceOf: TimeoutError });
  t.regex(error.message, /job "slow" did not finish within 300 ms \(status Running\); it is left running on the server/);
  const after = await client.jobs.get('slow');
  t.is(after.status, client.assumedValues.jobStatus.Running);
});

test('an aborted signal ends the wait with AbortError', withClientOptions({}, { jobRecordsPerSecond: 20 }), async (t, { client }) => {
  const job = await startJob(client, 'aborted', 1_000);
  const controller = new AbortController();
  const waiter = new JobWaiter({ client, job, pollInterval: FAST, signal: controller.signal });
  waiter.once('snapshot', () => controller.abort());
  await t.throwsAsync(waiter.wait(), { instanceOf: AbortError });
  t.is((await client.jobs.get('aborted')).status, client.assumedValues.jobStatus.Running);
});

test('leaving the iteration early stops the polling', withClient, async (t, { client, emu }) => {
  emu.emulator.jobs.script({ job: 'left', afterPolls: 1_000_000 });
  const job = await startJob(client, 'left');
  const waiter = new JobWaiter({ client, job, pollInterval: FAST });
  for await (const snapshot of waiter) {
    if (snapshot.polls >= 2) break;
  }
  const polls = () => emu.emulator.journal().filter((entry) => entry.method === 'GET' && entry.path === '/Job/left').length;
  const before = polls();
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.is(polls(), before, 'no poll after the consumer left');
});

test('failed polls in a row up to maxPollFailures are ridden out; one more fails the wait naming the answer', withClientOptions({ retry: { maxAttempts: 1 } }), async (t, { client, emu }) => {
  emu.emulator.jobs.script({ job: 'flaky', afterPolls: 2 });
  await startJob(client, 'flaky');
  emu.emulator.faults.plan({ method: 'GET', path: '/Job/*', nth: 1, times: 3, fault: { status: 503 } });
  const tolerant = new JobWaiter({ client, job: 'flaky', pollInterval: FAST, maxPollFailures: 3 });
  const finished = await tolerant.wait();
  t.is(finished.status, client.assumedValues.jobStatus.Completed, 'three 503s in a row, then the job completes');
  t.is(tolerant.stats.polls, 3 + 3, 'the three failed polls, then two answered Running and one Completed');

  emu.emulator.jobs.script({ job: 'flakier', afterPolls: 2 });
  await client.jobs.start({ name: 'flakier', workflowName: 'Identity', inputDatasets: { Input: 'input' } });
  emu.emulator.faults.plan({ method: 'GET', path: '/Job/*', nth: 1, times: 3, fault: { status: 503 } });
  const strict = new JobWaiter({ client, job: 'flakier', pollInterval: FAST, maxPollFailures: 2 });
  const error = await t.throwsAsync(strict.wait());
  t.regex(error.message, /503/);
  t.regex(error.message, /Job\/flakier/);
  t.is(strict.stats.polls, 3, 'two failures tolerated, the third ends the wait');
  for (const wrong of [Number.NaN, -1, 1.5]) t.throws(() => new JobWaiter({ client, job: 'flaky', maxPollFailures: wrong }), { message: /maxPollFailures/ });
});
