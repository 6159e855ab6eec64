/**
 * How a stream of records and the stream it is piped into agree on bulk chunks: a source that
 * can emit its records as batches (`[TAKE_BATCHES]()`) or pages (`[TAKE_PAGES]()`) says so, and a
 * destination that takes that kind as well as records (`BlockUploader` batches, `writeRecords`
 * pages) calls it when it is piped from that source and is
 * its only consumer. So `pipeline(readRecords(file), uploader)` with no options runs the batches
 * path, and `pipeline(new DatasetReader(...), writeRecords(out))` the pages path: the same
 * records in the same order, one stream chunk per thousand records instead of per record.
 *
 * @packageDocumentation
 */

/** The method of a source that can emit `RecordBatch`es (`readRecords`); answers whether it now does. */
export const TAKE_BATCHES: unique symbol = Symbol('data8-batch.takeBatches');
/** The method of a source that can emit pages, arrays of records (`DatasetReader`); answers whether it now does. */
export const TAKE_PAGES: unique symbol = Symbol('data8-batch.takePages');

type BulkKind = typeof TAKE_BATCHES | typeof TAKE_PAGES;

function switchSource(source: unknown, kind: BulkKind): void {
  if (typeof source !== 'object' || source === null) return;
  const candidate = source as { listenerCount?: (event: string) => number } & Partial<Record<BulkKind, () => boolean>>;
  const take = candidate[kind];
  // `pipe` has added its one 'data' listener; another listener would see bulk chunks where it expects records.
  if (typeof take === 'function' && typeof candidate.listenerCount === 'function' && candidate.listenerCount('data') <= 1) take.call(source);
}

/** For a destination's `'pipe'` event, when it takes `RecordBatch`es (`BlockUploader`). */
export function takeBatchesFrom(source: unknown): void {
  switchSource(source, TAKE_BATCHES);
}

/** For a destination's `'pipe'` event, when it takes pages, arrays of records (`writeRecords`). */
export function takePagesFrom(source: unknown): void {
  switchSource(source, TAKE_PAGES);
}
