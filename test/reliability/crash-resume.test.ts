/**
 * `data8-batch cleanse` killed with SIGKILL at seeded points across upload, job wait and
 * download (counted in `--progress json` lines on stderr), then run again with `--resume`:
 * every run ends with exactly the input's records, in order, and nothing else beside the
 * output: no temporary file, no checkpoint. Right after each kill, no output file exists
 * under its real name.
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { explain, jsonNotes, runCli, startCli, useEmulator, useTempDir, type CliResult } from '../cli/helpers/cli.js';
import { compareCsv, prng, writeAwkwardCsv } from '../helpers/record-files.js';

const RECORDS = 10_000;
const SEED = 20_241_125;
/** Kill points per phase (11 in all). */
const POINTS_PER_PHASE = { upload: 4, job: 3, download: 4 } as const;
type Phase = keyof typeof POINTS_PER_PHASE;

/** Progress lines per phase on a run's stderr. */
function linesPerPhase(stderr: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    const { phase } = JSON.parse(line) as { phase: string };
    counts[phase] = (counts[phase] ?? 0) + 1;
  }
  return counts;
}

interface KillPoint {
  readonly phase: Phase;
  /** Killed once this many progress lines of `phase` were printed. */
  readonly after: number;
}

/** Seeded kill points inside each phase: never at its last line, so the kill lands while the phase runs. */
function killPoints(counts: Record<string, number>): KillPoint[] {
  const random = prng(SEED);
  return (Object.entries(POINTS_PER_PHASE) as [Phase, number][]).flatMap(([phase, points]) => {
    // Downloads are quick: stay in the first half, so the kill lands before the last page.
    const last = Math.max(1, phase === 'download' ? Math.floor((counts[phase] ?? 0) / 2) : (counts[phase] ?? 0) - 1);
    return Array.from({ length: points }, () => ({ phase, after: 1 + Math.floor(random() * last) }));
  });
}

/** Starts the command and SIGKILLs it once `point` is reached. */
async function runUntilKilled(args: readonly string[], env: Record<string, string>, point: KillPoint): Promise<CliResult> {
  const { child, result } = startCli(args, { env });
  let seen = 0;
  let pending = '';
  child.stderr?.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(`{"phase":"${point.phase}"`) && ++seen === point.after) child.kill('SIGKILL');
    }
  });
  return result;
}

test(`SIGKILL at ${String(Object.values(POINTS_PER_PHASE).reduce((a: number, b) => a + b, 0))} seeded points across upload, job and download, then --resume: exactly the input's records, nothing stray`, async (t) => {
  // A job of 10,000 records takes two seconds here: long enough to be killed while waiting for it.
  const { env } = await useEmulator(t, { jobRecordsPerSecond: 5_000 });
  const directory = await useTempDir(t);
  const input = join(directory, 'in.csv');
  await writeAwkwardCsv(input, RECORDS);

  const calibration = join(directory, 'calibration');
  await mkdir(calibration);
  const calibrated = await runCli(['cleanse', input, '-w', 'Identity', '-o', join(calibration, 'out.csv'), '--progress', 'json'], { env });
  t.is(calibrated.code, 0, explain(calibrated));
  const counts = linesPerPhase(calibrated.stderr);
  const points = killPoints(counts);
  t.log(`progress lines per phase ${JSON.stringify(counts)}; kill points (seed ${String(SEED)}): ${points.map((p) => `${p.phase}#${String(p.after)}`).join(' ')}`);
  t.true(points.length >= 10);

  const runPoint = async (point: KillPoint, index: number) => {
    const what = `kill point ${String(index)} (${point.phase} line ${String(point.after)})`;
    const dir = join(directory, `run-${String(index)}`);
    await mkdir(dir);
    // Each run its own input name, so that the default job names of runs in the same second differ.
    const ownInput = join(dir, `in-${String(index)}.csv`);
    await copyFile(input, ownInput);
    const output = join(dir, 'out.csv');
    const args = ['cleanse', ownInput, '-w', 'Identity', '-o', output, '--progress', 'json'];

    const killed = await runUntilKilled(args, env, point);
    t.is(killed.signal, 'SIGKILL', `${what}: the run was killed, not finished (${explain(killed)})`);
    t.false((await readdir(dir)).includes('out.csv'), `${what}: no output file under its name after the kill`);

    const resumed = await runCli([...args, '--resume'], { env });
    t.is(resumed.code, 0, `${what}: ${explain(resumed)}`);
    // With --progress json the note is a JSON event. Killed after the last block was stored but
    // before the job started, the resume says it reuses the complete datasets instead.
    const continued = /^(Resuming job|Job) "Identity in-\d+\.csv .*?"( was never started, and its datasets .* are complete on the service: reusing them)?/;
    t.true(jsonNotes(resumed.stderr).some((note) => continued.test(note) && !note.includes('Starting over')), `${what}: ${explain(resumed)}`);
    const comparison = await compareCsv(input, output);
    t.is(comparison.firstDifference, -1, `${what}: ${comparison.detail}`);
    t.is(comparison.actualRows, RECORDS + 1, what);
    t.deepEqual((await readdir(dir)).sort(), [`in-${String(index)}.csv`, 'out.csv'], `${what}: no temporary file or checkpoint left`);
  };
  // Two at a time: the machine's two cores.
  for (let index = 0; index < points.length; index += 2) {
    await Promise.all(points.slice(index, index + 2).map((point, offset) => runPoint(point, index + offset)));
  }
});
