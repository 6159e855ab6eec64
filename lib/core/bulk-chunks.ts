/**
 * How a stream of records and the stream it is piped into agree on bulk chunks: a source that
 * can emit its records as batches (or pages) implements `[TAKE_BULK]()`, and a destination that
 * takes both (`BlockUploader`, `writeRecords`) calls it when it is piped from that source and is
 * its only consumer. So `pipeline(readRecords(file), uploader)` with no options runs the batches
 * path, and `pipeline(new DatasetReader(...), writeRecords(out))` the pages path: the same
 * records in the same order, one stream chunk per thousand records instead of per record.
 *
 * @packageDocumentation
 */

/** The method a source implements; answers whether it now emits bulk chunks. */
export const TAKE_BULK: unique symbol = Symbol('data8-batch.takeBulk');

interface BulkSource {
  [TAKE_BULK](): boolean;
  listenerCount(event: string): number;
}

function isBulkSource(source: unknown): source is BulkSource {
  return typeof source === 'object' && source !== null && typeof (source as Partial<BulkSource>)[TAKE_BULK] === 'function';
}

/**
 * Call from a destination's `'pipe'` event: asks `source` for bulk chunks when it can give them
 * and nothing else reads it (`pipe` has added its one `'data'` listener; another listener would
 * see batches where it expects records).
 */
export function takeBulkFrom(source: unknown): void {
  if (isBulkSource(source) && source.listenerCount('data') <= 1) source[TAKE_BULK]();
}
