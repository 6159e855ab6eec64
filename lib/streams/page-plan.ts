/**
 * Page planning for reading a dataset: which `start`/`count` pairs cover records `start` ..
 * `recordCount`, and whether a page that came back holds what it should. Pure: no stream or
 * HTTP imports.
 *
 * @packageDocumentation
 */

/** One `GET /Dataset/{name}/data?start=&count=` request. */
export interface PageRequest {
  /** 1-based number of the page's first record. */
  readonly start: number;
  readonly count: number;
}

/** The pages covering records `start` .. `recordCount`, in order. */
export function* planPages(start: number, recordCount: number, pageSize: number): Generator<PageRequest, void> {
  for (let first = start; first <= recordCount; first += pageSize) {
    yield { start: first, count: Math.min(pageSize, recordCount - first + 1) };
  }
}

/** Records a reader starting at `start` must deliver. */
export function expectedRecords(start: number, recordCount: number): number {
  return Math.max(0, recordCount - start + 1);
}

/** Why a page that came back is wrong (short or long), or undefined when it is right. */
export function pageMismatch(dataset: string, page: PageRequest, received: number, recordCount: number): string | undefined {
  if (received === page.count) return undefined;
  const last = page.start + page.count - 1;
  return (
    `dataset "${dataset}" answered ${received} records for records ${page.start}..${last}, expected ${page.count} ` +
    `(its recordCount is ${recordCount}): records would be ${received < page.count ? 'lost' : 'duplicated'}`
  );
}
