/**
 * The progress bars on a real terminal: the command runs inside a tmux pane 64 columns wide, and
 * what the pane shows at the end is read back. Skipped where tmux is not installed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { writeAwkwardCsv } from '../helpers/record-files.js';
import { MAIN, childEnv, useEmulator, useTempDir } from './helpers/cli.js';

const WIDTH = 64;

function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const maybe = hasTmux() ? test : test.skip;

maybe(`in a ${WIDTH}-column terminal every bar line fits, with its count and the phase's end`, async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = path.join(directory, 'contacts.csv');
  await writeAwkwardCsv(input, 3_000);
  const marker = path.join(directory, 'finished');
  // A server of its own (its socket in the test's directory), so no one else's tmux is touched.
  const tmux = (...args: string[]) => promisify(execFile)('tmux', ['-S', path.join(directory, 'tmux.sock'), ...args], { env: childEnv(env) });
  const command = `'${process.execPath}' '${MAIN}' cleanse '${input}' -w Identity -o '${path.join(directory, 'out.csv')}' --job-name 'a job name far too long to fit on one line of a narrow terminal window'; echo $? > '${marker}'; sleep 600`;
  await tmux('new-session', '-d', '-x', String(WIDTH), '-y', '30', command);
  t.teardown(() => tmux('kill-server').catch(() => undefined));
  const deadline = Date.now() + 100_000;
  while (!existsSync(marker)) {
    if (Date.now() > deadline) throw new Error('the command did not finish in the tmux pane');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const { stdout: pane } = await tmux('capture-pane', '-p', '-J');
  const lines = pane.split('\n').filter((line) => /^(Reading|Uploading|Job|Downloading) /.test(line));
  t.is(lines.length, 4, pane);
  for (const line of lines) t.true(line.length < WIDTH, `${line.length} columns: ${line}`);
  t.regex(lines.find((line) => line.startsWith('Job')) ?? '', /^Job .*a job name.*… · Completed · 3,000 records · done in/);
  t.regex(lines.find((line) => line.startsWith('Uploading')) ?? '', /100% +3,000 records · .*done in/);
});
