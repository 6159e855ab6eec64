/**
 * The run record `--resume` checks before continuing an interrupted run: the same workflow,
 * inputs and unchanged files, so a resume never continues another run's upload into this one.
 */
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { planCleanse } from '../../lib/cli/cleanse/plan.js';
import { compareRun, runRecordOf } from '../../lib/cli/cleanse/run-state.js';

test('--resume takes the untouched input, and refuses one edited in place beyond its first MiB at the same size', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'data8-run-state-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const input = join(dir, 'in.csv');
  const rows = Array.from({ length: 40_000 }, (_, index) => `${String(index)},user${String(index)}@example.com`);
  const text = `n,email\n${rows.join('\n')}\n`;
  await writeFile(input, text);
  const plan = planCleanse([input], { workflow: 'Identity', output: join(dir, 'out.csv') });
  const record = await runRecordOf(plan, 'Nightly');

  t.deepEqual(await compareRun(record, plan), { fixed: [], changeable: [] }, 'the same file, untouched');
  const corrected = planCleanse([input], { workflow: 'CleanseContacts', inputRole: ['Input'], output: join(dir, 'out.csv'), param: { region: 'uk' } });
  t.deepEqual(await compareRun(record, corrected), { fixed: [], changeable: ['workflow Identity, not CleanseContacts', 'parameters none, not region=uk'] }, 'the workflow and its parameters may change');

  const edited = text.replace('user39000@', 'USER39000@');
  t.true(Buffer.byteLength(text.slice(0, text.indexOf('user39000@'))) > 1_048_576, 'the edit lies beyond the first MiB');
  t.is(Buffer.byteLength(edited), Buffer.byteLength(text), 'the same size');
  await writeFile(input, edited);
  // Set an mtime unmistakably different from the first write's, whatever the file system's clock granularity.
  const later = new Date(Date.now() + 60_000);
  await utimes(input, later, later);
  const { fixed } = await compareRun(record, plan);
  t.is(fixed.length, 1);
  t.regex(fixed[0] ?? '', /in\.csv has changed since$/);
});
