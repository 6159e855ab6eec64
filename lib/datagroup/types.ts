/**
 * The Data Group asynchronous batch API as the library sees it: batch states, the batch
 * document, call options, and the narrow view of the client that the stream calls.
 *
 * @packageDocumentation
 */
import type { DataRecord } from '../core/wire.js';
import type { NotificationMethod } from './batch-body.js';
import type { ClientCounters } from '../streams/client-surface.js';
import type { CallOptions } from '../transport/transport.js';

/**
 * A batch's state. Only `COMPLETED` is documented by the vendor; `QUEUED`, `PROCESSING` and
 * `FAILED` are assumed. Any other value is passed through and treated as "not finished yet".
 */
export type DataGroupBatchState = 'QUEUED' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | (string & Record<never, never>);

/** `GET .../batch/{batch_id}`, decoded. */
export interface DataGroupBatch {
  readonly state: DataGroupBatchState;
  /** `created_date` (milliseconds since the epoch, sent as a string). */
  readonly createdDate: Date;
}

/** The last argument of every call. */
export interface DataGroupCallOptions {
  /** Aborts the call, its retries and its waits. */
  readonly signal?: AbortSignal | undefined;
  /** Told each time the vendor answers this call with 429 (or 503 with `Retry-After`); see `CallOptions.onSlowDown`. */
  readonly onSlowDown?: CallOptions['onSlowDown'];
}

/** The optional fields of a batch. */
export interface DataGroupBatchFields {
  /** `output_format`, passed through as given. @default undefined (not sent) */
  readonly outputFormat?: string | undefined;
  /**
   * `notification_URL`: called by the vendor when the batch finishes. Must be https (http to a
   * loopback host only with the client's `allowHttpLoopbackNotifications`), and needs a
   * `notificationMethod`. @default undefined (no notification)
   */
  readonly notificationUrl?: string | undefined;
  /** `notification_method`: `GET` or `POST`. Required with `notificationUrl`. */
  readonly notificationMethod?: NotificationMethod | undefined;
}

/** Options of `createBatch`. */
export interface CreateBatchOptions extends DataGroupBatchFields, DataGroupCallOptions {}

/** A batch body already encoded, as the stream builds it. */
export interface EncodedBatch {
  readonly recordCount: number;
  /** The complete JSON request body `{...,"data":[...]}`. */
  readonly body: Buffer;
}

/** The calls `DataGroupBatchStream` makes. A `DataGroupClient` fits; so does a wrapper around one. */
export interface DataGroupBatchApi {
  /** The most bytes a batch body may have. */
  readonly maxBatchBytes: number;
  /** Checks notification fields as `createBatch` would; throws a `ConfigError` when they are wrong. */
  checkBatchFields(fields: DataGroupBatchFields): void;
  createEncodedBatch(jobId: string, batch: EncodedBatch, options?: DataGroupCallOptions): Promise<string>;
  getBatch(jobId: string, batchId: string, options?: DataGroupCallOptions): Promise<DataGroupBatch>;
  getBatchResult(jobId: string, batchId: string, options?: DataGroupCallOptions): Promise<DataRecord[]>;
  /** Client-wide counters: `retries` is reported in the stream's stats, `rateLimited` and `concurrency` steer its window. */
  stats?(): ClientCounters;
}
