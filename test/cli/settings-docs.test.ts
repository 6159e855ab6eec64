/**
 * docs/operations.md's settings table is the settings table of lib/cli/settings/table.ts, row
 * for row: a setting added, renamed or given a new default fails here until the docs say so.
 */
import { readFile } from 'node:fs/promises';
import test from 'ava';
import { settingsTableMarkdown } from '../helpers/settings-markdown.js';

const START = '<!-- settings-table:start -->';
const END = '<!-- settings-table:end -->';

test('docs/operations.md shows the settings table as defined', async (t) => {
  const docs = await readFile(new URL('../../docs/operations.md', import.meta.url), 'utf8');
  const start = docs.indexOf(START);
  const end = docs.indexOf(END);
  t.true(start >= 0 && end > start, `docs/operations.md has no ${START} ... ${END} section`);
  t.is(docs.slice(start + START.length, end).trim(), settingsTableMarkdown(), 'print it with: node --import tsx test/helpers/settings-markdown.ts');
});
