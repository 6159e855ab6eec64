import test from 'ava';
import { withEmulator, withEmulatorOptions } from '../helpers/emulator.js';
import type { EmulatorFixture } from '../helpers/emulator.js';
import type { ExecutionContext } from 'ava';
import { fieldErrors, inputDataset, readAll, startJob, type JobView } from './data-fixtures.js';

const COLUMNS = { id: 1 };

async function prepare(t: ExecutionContext, emu: EmulatorFixture): Promise<void> {
  await inputDataset(t, emu, 'people', COLUMNS, Array.from({ length: 1200 }, (_, id) => ({ id })));
}

const start = (t: ExecutionContext, emu: EmulatorFixture, name: string) =>
  startJob(t, emu, { name, workflowName: 'Identity', inputDatasets: { Input: 'people' } });
const poll = async (emu: EmulatorFixture, name: string) => (await emu.api('GET', `/Job/${encodeURIComponent(name)}`)).json as JobView;

// A pace of 1 record a second: unscripted jobs would take 20 minutes, so every quick ending below is the script's.
const slow = withEmulatorOptions({ jobRecordsPerSecond: 1 });

test('finish at once: POST /Job already answers the job completed, outputs readable', slow, async (t, emu) => {
  await prepare(t, emu);
  emu.emulator.jobs.script({ job: 'quick' });
  const job = await start(t, emu, 'quick');
  t.is(job.status, 2);
  t.is(job.percentComplete, 100);
  t.is((await readAll(emu, 'quick_output')).length, 1200);
});

test('finish after N polls: running for N answers, then completed', slow, async (t, emu) => {
  await prepare(t, emu);
  emu.emulator.jobs.script({ afterPolls: 3 });
  const job = await start(t, emu, 'polled');
  t.is(job.status, 1);
  const answers = [await poll(emu, 'polled'), await poll(emu, 'polled')];
  const listed = (await emu.api('GET', '/Job')).json as Array<{ status: number }>;
  t.is(listed[0]?.status, 1, 'the list shows it running too, without using up a poll');
  answers.push(await poll(emu, 'polled'));
  t.deepEqual(answers.map((answer) => answer.status), [1, 1, 1]);
  t.true(answers.every((answer) => answer.percentComplete < 100 && answer.completedAt === null));
  const last = await poll(emu, 'polled');
  t.is(last.status, 2);
  t.like(last.statistics, { inputRecords: 1200 });
});

test('fail with a given error, after polls, leaving the output incomplete', slow, async (t, emu) => {
  await prepare(t, emu);
  emu.emulator.jobs.script({ job: 'bad', error: 'Address file unavailable', afterPolls: 1 });
  await start(t, emu, 'bad');
  t.is((await poll(emu, 'bad')).status, 1);
  const failed = await poll(emu, 'bad');
  t.is(failed.status, 3);
  t.deepEqual(failed.statistics, { error: 'Address file unavailable' });
  t.like((await emu.api('GET', '/Dataset/bad_output')).json, { completed: false });
});

test('cancel, and scripts apply to their own job or the next one in order', slow, async (t, emu) => {
  await prepare(t, emu);
  emu.emulator.jobs.script({ outcome: 'cancel' });
  emu.emulator.jobs.script({ error: 'second' });
  emu.emulator.jobs.script({ job: 'named', outcome: 'complete' });
  t.is(emu.emulator.jobs.pending().length, 3);
  t.is((await start(t, emu, 'named')).status, 2, 'its own script, not the first in line');
  t.is((await start(t, emu, 'first')).status, 4);
  const second = await start(t, emu, 'second');
  t.is(second.status, 3);
  t.deepEqual(second.statistics, { error: 'second' });
  t.is((await start(t, emu, 'unscripted')).status, 1, 'no script left: it runs at its pace');
  t.deepEqual(emu.emulator.jobs.pending(), []);
});

test('scripts over HTTP: POST, GET and DELETE /_emulator/jobs', slow, async (t, emu) => {
  await prepare(t, emu);
  const added = await emu.api('POST', '/_emulator/jobs', [{ job: 'one', afterPolls: 1 }, { error: 'boom' }], { token: null });
  t.is(added.status, 204);
  t.deepEqual((await emu.api('GET', '/_emulator/jobs', undefined, { token: null })).json, [{ job: 'one', afterPolls: 1 }, { error: 'boom' }]);
  await start(t, emu, 'one');
  t.is((await poll(emu, 'one')).status, 1);
  t.is((await poll(emu, 'one')).status, 2);
  t.is((await emu.api('DELETE', '/_emulator/jobs', undefined, { token: null })).status, 204);
  t.deepEqual((await emu.api('GET', '/_emulator/jobs', undefined, { token: null })).json, []);
  t.is((await start(t, emu, 'two')).status, 1, 'the cleared failure did not apply');

  for (const [body, field] of [[{ afterPolls: -1 }, 'body'], [{ outcome: 'explode' }, 'body'], [[{}, { job: 7 }], '[1]']] as const) {
    const response = await emu.api('POST', '/_emulator/jobs', body, { token: null });
    t.is(response.status, 400);
    t.true(field in fieldErrors(response.json), response.text);
  }
  t.throws(() => emu.emulator.jobs.script({ afterPolls: 1.5 }), { instanceOf: TypeError, message: /afterPolls/ });
});

test('reset drops jobs, datasets and scripts', withEmulator, async (t, emu) => {
  await prepare(t, emu);
  emu.emulator.jobs.script({ job: 'later' });
  await start(t, emu, 'now');
  await emu.emulator.reset();
  t.deepEqual(emu.emulator.jobs.pending(), []);
  // Reset refuses every token issued before it.
  const token = emu.emulator.issueToken();
  t.deepEqual((await emu.api('GET', '/Job', undefined, { token })).json, []);
  t.deepEqual((await emu.api('GET', '/Dataset', undefined, { token })).json, []);
  t.is((await emu.api('POST', '/Dataset', { name: 'people', columns: COLUMNS }, { token })).status, 201, 'the name is free again');
});
