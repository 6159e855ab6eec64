/**
 * data8-batch: stream large files through Data8's Batch Data Cleansing API in constant memory.
 *
 * The public surface, listed name by name: every export here is a semver promise, so adding one
 * is a decision (test/package/public-exports.test.ts lists them all). The building blocks
 * behind the streams (block encoding, checkpoint maths, page planning, poll schedules, batch
 * cutting, buffer pools) stay internal. The emulator is `data8-batch/emulator`.
 *
 * @packageDocumentation
 */

// Errors: every class the package throws on purpose, so callers can catch it by class or `code`.
export * from './core/errors.js';
export type * from './core/wire.js';
export {
  ASSUMED_VALUES, resolveAssumedValues, type AssumedValues, type AssumedValuesOverride, type ColumnTypeCodes, type JobStatusCodes,
} from './core/assumed-values.js';

// The Data8 client and its options.
export { Data8Client, CLIENT_ENVIRONMENT } from './client.js';
export type {
  Agents,
  Data8ClientOptions, TimeoutOptions, RetryOptions, RetryBudgetOptions, RateLimitOptions, RedisLimiterOptions,
  LogEntry, Logger, TokenEndpointAuthMethod,
} from './transport/options.js';
export type { ClientStats } from './transport/stats.js';
export type { ConcurrencyStats } from './transport/concurrency-gate.js';
export type { RetryBudgetStats } from './transport/retry-budget.js';
export type { CallOptions, SlowDownAnswer } from './transport/transport.js';
export { DEFAULT_AUTH_URL, resolveRetryOptions, type ResolvedRetryOptions } from './transport/normalize-options.js';
// The retry policy as a pure function, so a caller's own retries can follow the client's.
export {
  decideRetry, backoffDelay, parseRetryAfter, isRetryable, RETRYABLE_STATUSES, RETRYABLE_SYSTEM_CODES,
  type RetryDecision, type RetryPolicyInput,
} from './transport/retry-policy.js';
export type { DatasetsApi, DatasetListFilter, EncodedBlock, RecordRange } from './api/datasets.js';
export type { JobsApi, JobListFilter } from './api/jobs.js';
export type { ClientCredentialsApi } from './api/client-credentials.js';
export type { ApiKeysApi } from './api/api-keys.js';

// The three streams and their events.
export { BlockUploader, type UploadStats, type BlockEvent } from './streams/block-uploader.js';
export type { BlockUploaderOptions, CheckpointOptions, RecordSource, RejectedRecord } from './streams/uploader-options.js';
export type { InputFingerprint } from './streams/checkpoint-state.js';
export {
  JobWaiter, jobStatusName, type JobWaiterOptions, type JobSnapshot, type JobStatusName, type JobWaitStats,
} from './streams/job-waiter.js';
export { DatasetReader, type DatasetReaderOptions, type DownloadStats } from './streams/dataset-reader.js';
export type { Phase, ProgressEvent, ProgressFacts, ProgressListener } from './streams/progress.js';
export type { WindowOption, WindowStats } from './streams/request-window.js';
export type { UploaderClient, WaiterClient, ReaderClient, ClientCounters } from './streams/client-surface.js';

// Reading and writing record files, header mapping and column types.
export { readRecords } from './formats/read-records.js';
export { RecordReader } from './formats/record-reader.js';
export type { ReadRecordsOptions, ReadOutput, InputEncoding, DeclaredColumns, NestedMode, ReadNote } from './formats/read-options.js';
export type { NumberedRecord, RecordBatch, ReadChunkByOutput } from './formats/record-assembler.js';
export { writeRecords, RecordWriter } from './formats/record-writer.js';
export type { WriteRecordsOptions } from './formats/write-options.js';
export {
  mapHeaders, toColumnName, restoreHeaders, isValidColumnName, type HeaderMap, type HeaderMapping, type HeaderLocation,
} from './formats/header-map.js';
export { toColumnMap, columnNames, type RecordSchema, type SchemaColumn, type InputDescription } from './formats/schema.js';
export {
  COLUMN_TYPE_NAMES, inferColumnType, resolveColumnType, type ColumnTypeName, type ColumnTypeInput,
} from './formats/column-types.js';
export type { RecordFormat } from './formats/format.js';

// The Data Group's asynchronous batch API.
export { DataGroupClient, DATAGROUP_ENVIRONMENT } from './datagroup/client.js';
export { DataGroupBatchStream, type DataGroupBatchStreamStats } from './datagroup/batch-stream.js';
export type { DataGroupBatchStreamOptions } from './datagroup/batch-stream-options.js';
export {
  DATAGROUP_DEFAULT_URL, DATAGROUP_MAX_BATCH_BYTES, type DataGroupClientOptions, type AuthorizationTokenProvider,
} from './datagroup/client-options.js';
export { BatchTooLargeError, type BatchTooLargeDetails } from './datagroup/errors.js';
export type { NotificationMethod } from './datagroup/batch-body.js';
export type {
  DataGroupBatch, DataGroupBatchState, DataGroupBatchApi, DataGroupBatchFields, DataGroupCallOptions, CreateBatchOptions, EncodedBatch,
} from './datagroup/types.js';

// The one-call pipeline.
export * from './cleanse.js';
