import test from 'ava';
import { paginate } from '../../lib/api/paginate.js';

async function collect(pages: readonly (readonly string[])[], pageSize: number): Promise<{ entries: string[]; fetched: number }> {
  let fetched = 0;
  const entries: string[] = [];
  for await (const entry of paginate((page) => (fetched++, Promise.resolve(pages[page - 1] ?? [])), pageSize, (name) => name)) entries.push(entry);
  return { entries, fetched };
}

test('an entry pushed onto the next page by one added meanwhile is yielded once; a short page ends the list', async (t) => {
  // Page 1 was read as a-c; then "new" was added first, shifting c onto page 2.
  const { entries, fetched } = await collect([['a', 'b', 'c'], ['c', 'd', 'e'], ['f']], 3);
  t.deepEqual(entries, ['a', 'b', 'c', 'd', 'e', 'f']);
  t.is(fetched, 3);
});

test('a list of exactly full pages ends at the first empty page', async (t) => {
  const { entries, fetched } = await collect([['a', 'b'], ['c', 'd']], 2);
  t.deepEqual(entries, ['a', 'b', 'c', 'd']);
  t.is(fetched, 3);
});
