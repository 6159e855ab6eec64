/**
 * The emulator's server stack, ioredis and iconv-lite are optional peer dependencies. On an install without
 * them (simulated: the built dist/ beside a node_modules holding every other package), the
 * library works, and what needs them fails before doing anything with a message naming the one
 * install line. package.json and the emulator's list of its packages agree.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { EMULATOR_INSTALL_LINE, EMULATOR_PACKAGES } from '../../lib/emulator/packages.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const OPTIONAL = ['ioredis', 'iconv-lite', ...Object.keys(EMULATOR_PACKAGES)];

interface Manifest {
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly peerDependenciesMeta: Record<string, { optional?: boolean }>;
}
const manifest = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as Manifest;

test('package.json: the optional peers are the emulator packages, ioredis and iconv-lite, each optional, each installed for development', (t) => {
  t.deepEqual(Object.keys(manifest.peerDependencies).sort(), [...OPTIONAL].sort());
  for (const name of OPTIONAL) {
    t.is(manifest.peerDependenciesMeta[name]?.optional, true, name);
    t.is(manifest.devDependencies[name], manifest.peerDependencies[name], name);
    t.is(manifest.dependencies[name], undefined, name);
  }
  for (const [name, range] of Object.entries(EMULATOR_PACKAGES)) t.is(manifest.peerDependencies[name], range, name);
  t.is(EMULATOR_INSTALL_LINE, 'npm install --save-dev fastify@5 ajv@8 ajv-formats@3 libphonenumber-js@1');
});

/** A copy of package.json and dist/ whose node_modules links every package but the optional ones. */
async function leanInstall(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'data8-lean-'));
  await cp(path.join(REPO, 'dist'), path.join(root, 'dist'), { recursive: true });
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ ...manifest, name: 'data8-batch' }));
  await mkdir(path.join(root, 'node_modules'));
  for (const entry of await readdir(path.join(REPO, 'node_modules'))) {
    if (entry.startsWith('.') || OPTIONAL.includes(entry)) continue;
    await symlink(path.join(REPO, 'node_modules', entry), path.join(root, 'node_modules', entry));
  }
  return root;
}

function node(cwd: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, DATA8_CLIENT_SECRET: '' } });
}

test('without them: startEmulator and `data8-batch emulator` name the install line; a client with `redis` names ioredis; a DOS code page names iconv-lite; Windows-1252 needs nothing; the library works', async (t) => {
  const root = await leanInstall();
  t.teardown(() => rm(root, { recursive: true, force: true }));

  const started = node(root, ['--input-type=module', '-e', `
    const { startEmulator } = await import('./dist/emulator/index.js');
    try { await startEmulator(); console.log('started'); } catch (error) { console.log(error.code + ': ' + error.message); }
  `]);
  t.is(started.status, 0, started.stderr);
  t.regex(started.stdout, /^DATA8_CONFIG_ERROR: The emulator needs fastify, ajv, ajv-formats, libphonenumber-js, which are not installed/);
  t.true(started.stdout.includes(EMULATOR_INSTALL_LINE));

  const command = node(root, ['dist/cli/bin.js', 'emulator', '--port', '0']);
  t.not(command.status, 0);
  t.true(command.stderr.includes(EMULATOR_INSTALL_LINE), command.stderr);
  t.false(command.stderr.includes('ERR_MODULE_NOT_FOUND'));

  const client = node(root, ['--input-type=module', '-e', `
    const { Data8Client, readRecords } = await import('./dist/index.js');
    const plain = new Data8Client({ apiUrl: 'http://127.0.0.1:1', clientId: 'id', clientSecret: 'secret' });
    await plain.close();
    let records = 0;
    const { Readable } = await import('node:stream');
    for await (const record of readRecords(Readable.from([Buffer.from('a,b\\n1,2\\n')]), { format: 'csv' })) records += 1;
    console.log('records ' + records);
    const latin = [];
    for await (const record of readRecords(Readable.from([Buffer.from([0x70, 0x0a, 0x80, 0x0a])]), { format: 'csv', encoding: 'windows-1252' })) latin.push(record.p);
    console.log('windows-1252 ' + latin.join(''));
    try { for await (const record of readRecords(Readable.from([Buffer.from([0x70, 0x0a, 0x31, 0x0a])]), { format: 'csv', encoding: 'cp850' })) void record; }
    catch (error) { console.log(error.code + ': ' + error.message); }
    try { new Data8Client({ apiUrl: 'http://127.0.0.1:1', clientId: 'id', clientSecret: 'secret', redis: {} }); }
    catch (error) { console.log(error.code + ': ' + error.message); }
  `]);
  t.is(client.status, 0, client.stderr);
  t.regex(client.stdout, /^records 1\nwindows-1252 €\nDATA8_CONFIG_ERROR: Invalid option "encoding": "cp850" is not an encoding Node decodes itself.*install iconv-lite, an optional peer dependency: npm install iconv-lite@0\.7\nDATA8_CONFIG_ERROR: Invalid option "redis": .*Install it with: npm install ioredis@5/);
});
