import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { childEnv } from '../cli/helpers/cli.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

test('examples/datagroup-append.ts runs as documented and writes every record with its email', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'datagroup-example-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const input = path.join(dir, 'in.csv');
  const output = path.join(dir, 'out.csv');
  await writeFile(input, 'Ref,First Name,Last Name\nA1,Mary-Jane,Watson\nA2,Peter,Parker\n');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/datagroup-append.ts', input, output], {
    cwd: REPO,
    env: childEnv(),
  });
  t.regex(stdout, /2 records, 1 batch, 0 retries/);
  t.is(await readFile(output, 'utf8'), 'Ref,First Name,Last Name,email\nA1,Mary-Jane,Watson,maryjane.watson@example.com\nA2,Peter,Parker,peter.parker@example.com\n');
});
