/**
 * What `npm pack` puts in the tarball, read from npm itself (`npm pack --dry-run --json`): a
 * LICENSE, metadata that points one way, source maps that carry their sources, no sample data,
 * and a README whose relative links resolve inside the package (they render on npm and in an
 * editor opening node_modules/data8-batch/README.md). Packs the built dist/ (npm test builds).
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackResult {
  readonly files: readonly { readonly path: string; readonly size: number }[];
  readonly unpackedSize: number;
}

const packed = (JSON.parse(execFileSync(NPM, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as PackResult[])[0];
const files = new Set((packed?.files ?? []).map((file) => file.path));
const manifest = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;

test('the tarball has a LICENSE matching package.json, the entry points, and no sample data', async (t) => {
  t.true(files.has('LICENSE'));
  t.is(manifest['license'], 'MIT');
  t.regex(await readFile(path.join(REPO, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) \d{4} data8-batch contributors\n/);
  for (const entry of ['dist/index.js', 'dist/index.d.ts', 'dist/emulator/index.js', 'dist/emulator/index.d.ts', 'dist/cli/bin.js', 'README.md', 'package.json']) {
    t.true(files.has(entry), entry);
  }
  t.deepEqual([...files].filter((file) => /\.(csv|ndjson|jsonl|tsv|xlsx?)$/i.test(file)), []);
  t.deepEqual([...files].filter((file) => file.startsWith('lib/') || file.startsWith('test/') || file.startsWith('bench/')), []);
});

test('repository, homepage and bugs point at one GitHub repository; keywords and sideEffects are set', (t) => {
  const repository = manifest['repository'] as { type: string; url: string };
  t.is(repository.type, 'git');
  t.is(repository.url, 'git+https://github.com/data8-batch/data8-batch.git');
  t.is(manifest['homepage'], 'https://github.com/data8-batch/data8-batch#readme');
  t.deepEqual(manifest['bugs'], { url: 'https://github.com/data8-batch/data8-batch/issues' });
  t.true(Array.isArray(manifest['keywords']) && (manifest['keywords'] as unknown[]).length > 0);
  // Nothing in the library runs on import; the command's entry has effects but is never imported.
  t.is(manifest['sideEffects'], false);
});

test('no install scripts: npm warns about (and scanners flag) packages that run code on install', (t) => {
  const scripts = Object.keys(manifest['scripts'] as Record<string, string>);
  t.deepEqual(scripts.filter((name) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(name)), []);
});

test('every source map in the tarball carries the sources it names (lib/ is not shipped)', async (t) => {
  const maps = [...files].filter((file) => file.endsWith('.map'));
  t.true(maps.length > 0);
  t.deepEqual(maps.filter((file) => file.endsWith('.d.ts.map')), [], 'declaration maps cannot carry sources');
  for (const file of maps) {
    const map = JSON.parse(await readFile(path.join(REPO, file), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
    const complete = map.sourcesContent?.length === map.sources.length && map.sourcesContent.every((content) => typeof content === 'string');
    if (!complete) t.fail(`${file} names ${map.sources.join(', ')} without their content`);
  }
  t.pass();
});

test("the README's relative links resolve to files in the tarball", async (t) => {
  const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
  const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => path.posix.normalize(decodeURIComponent(target.split('#')[0] ?? '')));
  const dead = targets.filter((target) => !files.has(target) && ![...files].some((file) => file.startsWith(`${target.replace(/\/$/, '')}/`)));
  t.deepEqual(dead, [], 'link these with absolute GitHub URLs, or add them to package.json "files"');
});
