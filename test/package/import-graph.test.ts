/**
 * What importing the package and starting the command load, read from Node's module loader
 * (not a timer): `import 'data8-batch'` loads no Redis, emulator, CLI or progress-bar code,
 * `data8-batch/emulator` can be imported without its server stack, and `data8-batch --version`
 * loads nothing but itself. Runs the built dist/ (npm test builds first).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const HOOK = fileURLToPath(new URL('fixtures/record-loads.mjs', import.meta.url));

/** The files a Node process loads, relative to the repository. */
function loadedBy(args: readonly string[]): string[] {
  const result = spawnSync(process.execPath, ['--import', HOOK, ...args], { cwd: REPO, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(result.status)}: ${result.stderr}`);
  const line = result.stderr.split('\n').find((text) => text.startsWith('LOADED '));
  if (line === undefined) throw new Error(`no module list in: ${result.stderr}`);
  return (JSON.parse(line.slice('LOADED '.length)) as string[]).map((file) => path.relative(REPO, file));
}

const packageOf = (file: string): string | undefined => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];

function packagesIn(files: readonly string[]): Set<string> {
  return new Set(files.map(packageOf).filter((name): name is string => name !== undefined));
}

const SERVER_STACK = ['fastify', 'ajv', 'ajv-formats', 'libphonenumber-js'];

test("import 'data8-batch' loads no Redis, emulator, CLI or progress-bar code", (t) => {
  const files = loadedBy(['--input-type=module', '-e', "await import('data8-batch');"]);
  t.true(files.includes('dist/index.js'), 'the package itself was loaded');
  const packages = packagesIn(files);
  for (const name of ['ioredis', 'cli-progress', 'commander', ...SERVER_STACK]) t.false(packages.has(name), `${name} loaded`);
  t.deepEqual(files.filter((file) => file.startsWith('dist/emulator/') || file.startsWith('dist/cli/')), []);
});

test("import 'data8-batch/emulator' loads none of the emulator's server stack until it starts", (t) => {
  const files = loadedBy(['--input-type=module', '-e', "await import('data8-batch/emulator');"]);
  t.true(files.includes('dist/emulator/index.js'));
  const packages = packagesIn(files);
  for (const name of [...SERVER_STACK, 'got', 'ioredis']) t.false(packages.has(name), `${name} loaded`);
});

test('data8-batch --version loads only the command entry', (t) => {
  const files = loadedBy(['dist/cli/bin.js', '--version']);
  t.deepEqual(
    files.filter((file) => !file.startsWith('test/')),
    ['dist/cli/bin.js'],
  );
});

test('data8-batch --help goes through the program (the entry hands everything else on)', (t) => {
  const files = loadedBy(['dist/cli/bin.js', '--help']);
  t.true(files.includes('dist/cli/main.js'));
  t.true(packagesIn(files).has('commander'));
  t.false(packagesIn(files).has('ioredis'));
});
