/**
 * Paged lists as async iterators: pages from 1 until a short page, each entry yielded once even
 * if the list shifts between pages (an entry added meanwhile moves the others down a place).
 */

/**
 * Yields every entry of a paged list. `fetchPage(n)` returns page `n` (from 1); a page shorter
 * than `pageSize` is the last. `keyOf` identifies entries, to skip one seen on an earlier page.
 */
export async function* paginate<T>(
  fetchPage: (page: number) => Promise<readonly T[]>,
  pageSize: number,
  keyOf: (entry: T) => string,
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  for (let page = 1; ; page += 1) {
    const entries = await fetchPage(page);
    for (const entry of entries) {
      const key = keyOf(entry);
      if (seen.has(key)) continue;
      seen.add(key);
      yield entry;
    }
    if (entries.length < pageSize) return;
  }
}
