/**
 * Turns the server's refusal of a block (`400` with `errors: { "records[12].age": [...] }`)
 * into errors that point at the input: file, line, record number and column as the input
 * spells it. Pure: no stream or HTTP imports.
 *
 * @packageDocumentation
 */
import { RecordRejectedError } from '../core/errors.js';

/** One record the server refused, by its index in the block. */
export interface FieldRejection {
  /** Index of the record in the block, from 0. */
  readonly index: number;
  /** The column (wire name), when the server named one. */
  readonly column: string | undefined;
  readonly reasons: readonly string[];
}

const RECORD_FIELD = /^records\[(\d+)\](?:\.(.+))?$/;

/** The record-level entries of a problem document's `errors`, one per record, by index. */
export function recordRejections(fieldErrors: Readonly<Record<string, readonly string[]>>): FieldRejection[] {
  const byIndex = new Map<number, FieldRejection>();
  for (const [field, reasons] of Object.entries(fieldErrors)) {
    const match = RECORD_FIELD.exec(field);
    if (match === null) continue;
    const index = Number(match[1]);
    if (byIndex.has(index)) continue;
    byIndex.set(index, { index, column: match[2], reasons });
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** Where the records of one block came from. */
export interface BlockOrigin {
  /** The input file (path or label). */
  readonly file: string | undefined;
  /** 1-based number of the block's first record in the input. */
  readonly firstRecord: number;
  /** The 1-based input line of each record of the block (0 when unknown), by index. */
  readonly lines: ArrayLike<number>;
  /**
   * The 1-based input record number of each record of the block (0 when unknown), by index,
   * when the source can tell (see `RecordSource.recordNumberOf`); otherwise absent, and a
   * record is named by its place in the upload.
   */
  readonly inputRecords?: ArrayLike<number> | undefined;
  /** The input's spelling of a column (its original header). */
  readonly headerOf: (column: string) => string;
  /** The block number, for the message. */
  readonly blockNumber: number;
  /** The dataset, for the message. */
  readonly dataset: string;
}

/** The error for one refused record. `others` counts further refused records in the block. */
export function rejectionError(rejection: FieldRejection, origin: BlockOrigin, others = 0, cause?: unknown): RecordRejectedError {
  const line = origin.lines[rejection.index] || undefined;
  const place = origin.firstRecord + rejection.index;
  const inputRecord = origin.inputRecords === undefined ? place : origin.inputRecords[rejection.index] || undefined;
  const reason =
    `the server refused the record (block ${origin.blockNumber} of dataset "${origin.dataset}"): ${rejection.reasons.join('; ') || 'no reason given'}` +
    (others > 0 ? ` (and ${others} more record${others === 1 ? '' : 's'} of that block)` : '') +
    (inputRecord === undefined && line === undefined ? unknownOrigin(place) : '');
  return new RecordRejectedError({
    file: origin.file,
    line,
    record: inputRecord ?? place,
    column: rejection.column === undefined ? undefined : origin.headerOf(rejection.column),
    reason,
    cause,
  });
}

/**
 * Said when neither the record's line nor its input number is known: the uploader was given an
 * object its source never emitted (a transform built a new record), so only its place is true.
 */
function unknownOrigin(place: number): string {
  return (
    `; its input line is not known, as the record written to the uploader is not an object the reader emitted ` +
    `(a transform built a new one: return the reader's object, or carry its line with reader.carryLine(from, to)), ` +
    `so record ${place} is its place in the upload`
  );
}
