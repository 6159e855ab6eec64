/**
 * Paged lists as async iterators: pages from 1 until a short page, each entry yielded once even
 * if the list shifts between pages (an entry added meanwhile moves the others down a place).
 */

/**
 * Yields every entry of a paged list. `fetchPage(n)` returns page `n` (from 1); a page shorter
 * than `pageSize` is the last. `keyOf` identifies entries, to skip one the page before yielded.
 */
export async function* paginate<T>(
  fetchPage: (page: number) => Promise<readonly T[]>,
  pageSize: number,
  keyOf: (entry: T) => string,
): AsyncGenerator<T, void, undefined> {
  // An entry added while paging pushes the last entries of a page onto the next one, so only the
  // page before can repeat: keeping its keys alone holds memory to one page, however long the list.
  let previous = new Set<string>();
  for (let page = 1; ; page += 1) {
    const entries = await fetchPage(page);
    const current = new Set<string>();
    for (const entry of entries) {
      const key = keyOf(entry);
      current.add(key);
      if (previous.has(key)) continue;
      yield entry;
    }
    if (entries.length < pageSize) return;
    previous = current;
  }
}
