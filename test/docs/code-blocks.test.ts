import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { checkBlocks, extractBlocks, unhandledStreamErrors, type DocBlock } from '../helpers/doc-blocks.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** README.md and every page under docs/, except the generated API reference. */
async function pages(): Promise<string[]> {
  const entries = await readdir(path.join(REPO, 'docs'), { recursive: true, withFileTypes: true }).catch(() => []);
  const docs = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.relative(REPO, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(`docs${path.sep}api${path.sep}`));
  return ['README.md', ...docs.sort()];
}

async function allBlocks(): Promise<DocBlock[]> {
  const blocks: DocBlock[] = [];
  for (const file of await pages()) blocks.push(...extractBlocks(file, await readFile(path.join(REPO, file), 'utf8')));
  return blocks;
}

test('every TypeScript block in README.md and docs/ type-checks against the sources', async (t) => {
  const blocks = await allBlocks();
  t.true(blocks.length > 0, 'no ```ts block found: the extractor or the paths are wrong');
  const problems = checkBlocks(REPO, blocks);
  t.deepEqual(problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`), [], `${blocks.length} blocks checked`);
});

// The check itself must be able to fail, and point at the page's own line.
test('a block that does not compile is reported with its page and line', (t) => {
  const page = ['# Page', '', '```ts', "import { Data8Client } from 'data8-batch';", 'const client: Data8Client = 42;', '```', '', '```typescript', "import { startEmulator } from 'data8-batch/emulator';", 'const emulator = await startEmulator();', 'await emulator.close();', '```', '```sh', 'not typescript', '```'].join('\n');
  const blocks = extractBlocks('docs/page.md', page);
  t.deepEqual(blocks.map((block) => block.line), [4, 9]);
  const problems = checkBlocks(REPO, blocks);
  t.is(problems.length, 1, problems.map((problem) => problem.message).join('\n'));
  t.like(problems[0], { file: 'docs/page.md', line: 5 });
  t.regex(problems[0]?.message ?? '', /^TS2322: Type 'number' is not assignable to type 'Data8Client'/);
});

test('no block composes streams without handling their errors', async (t) => {
  const unsafe = (await allBlocks()).flatMap((block) => {
    const reason = unhandledStreamErrors(block);
    return reason === undefined ? [] : [`${block.file}:${block.line}: ${reason}`];
  });
  t.deepEqual(unsafe, []);
});

// The pattern that ended the process on a refused record, and its safe forms.
test('chain() left to itself is flagged; inside pipeline() or with an error listener it is not', (t) => {
  const block = (code: string): DocBlock => ({ file: 'docs/page.md', line: 1, code });
  t.truthy(unhandledStreamErrors(block("chain([readRecords('in.csv'), tidy, uploader]);\nawait finished(uploader);")));
  t.truthy(unhandledStreamErrors(block('reader.pipe(uploader);')));
  t.is(unhandledStreamErrors(block('await pipeline(reader, chain([tidy]), uploader);')), undefined);
  t.is(unhandledStreamErrors(block("const c = chain([reader, tidy, uploader]);\nc.on('error', reject);")), undefined);
});
