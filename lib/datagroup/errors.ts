/**
 * The error a Data Group batch that is too large for one request gets before it is sent.
 *
 * @packageDocumentation
 */
import { Data8Error, type Data8ErrorCode } from '../core/errors.js';
import { formatBytes } from './batch-body.js';

/** The facts of a {@link BatchTooLargeError}. */
export interface BatchTooLargeDetails {
  /** The size the JSON request body would have had. */
  readonly bodyBytes: number;
  /** The most bytes a body may have. */
  readonly maxBatchBytes: number;
  /** Records in the refused batch. */
  readonly recordCount: number;
  /** The 1-based input record that alone does not fit in a batch, when one is to blame. */
  readonly record?: number | undefined;
}

/**
 * A batch body would exceed the size limit, so it was refused before it was sent.
 * `excessBytes` says by how much.
 */
export class BatchTooLargeError extends Data8Error {
  override readonly code: Data8ErrorCode = 'DATA8_BATCH_TOO_LARGE';
  readonly bodyBytes: number;
  readonly maxBatchBytes: number;
  readonly excessBytes: number;
  readonly recordCount: number;
  readonly record: number | undefined;

  constructor(details: BatchTooLargeDetails) {
    const excess = details.bodyBytes - details.maxBatchBytes;
    const count = details.recordCount.toLocaleString('en-GB');
    const what =
      details.record === undefined
        ? `A Data Group batch of ${count} record${details.recordCount === 1 ? '' : 's'} would have a request body of`
        : `Record ${details.record} alone would make a batch request body of`;
    super(
      `${what} ${formatBytes(details.bodyBytes)}, ${formatBytes(excess)} over the limit of ` +
        `${formatBytes(details.maxBatchBytes)}; it was not sent` +
        (details.record === undefined ? ' (send fewer records per batch)' : ''),
    );
    this.bodyBytes = details.bodyBytes;
    this.maxBatchBytes = details.maxBatchBytes;
    this.excessBytes = excess;
    this.recordCount = details.recordCount;
    this.record = details.record;
  }
}
