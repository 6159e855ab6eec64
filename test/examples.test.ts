import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';

const REPO = fileURLToPath(new URL('../', import.meta.url));

async function testSources(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'));
  return Promise.all(files.map((entry) => readFile(path.join(entry.parentPath, entry.name), 'utf8')));
}

// Every example is documented as runnable as it is; a new one without a test would rot unseen.
test('every example under examples/ is run by a test', async (t) => {
  const examples = (await readdir(path.join(REPO, 'examples'))).filter((name) => name.endsWith('.ts'));
  t.true(examples.length > 0);
  const sources = (await testSources(path.join(REPO, 'test'))).join('\n');
  const unrun = examples.filter((name) => !sources.includes(`examples/${name}`));
  t.deepEqual(unrun, [], `examples with no test that runs them: ${unrun.join(', ')}`);
});

test('examples/make-sample.ts writes the committed sample byte for byte', async (t) => {
  const directory = await mkdtemp(path.join(tmpdir(), 'd8-sample-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const written = path.join(directory, 'sample.csv');
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/make-sample.ts', '10000', written], { cwd: REPO });
  const [fresh, committed] = await Promise.all([readFile(written), readFile(path.join(REPO, 'examples/sample-contacts.csv'))]);
  t.is(fresh.length, committed.length);
  t.true(fresh.equals(committed), 'the regenerated sample differs from examples/sample-contacts.csv');
});
