/**
 * The Data Group's asynchronous batch API: client, exact-size batch cutting and the batch stream.
 *
 * @packageDocumentation
 */
export { DataGroupClient, DATAGROUP_ENVIRONMENT } from './client.js';
export { DataGroupBatchStream, type DataGroupBatchStreamStats } from './batch-stream.js';
export type { DataGroupBatchStreamOptions } from './batch-stream-options.js';
export {
  DATAGROUP_DEFAULT_URL, DATAGROUP_MAX_BATCH_BYTES, type DataGroupClientOptions, type AuthorizationTokenProvider,
} from './client-options.js';
export { BatchTooLargeError, type BatchTooLargeDetails } from './errors.js';
export { BatchCutter, type BatchCutterOptions, type CutBatch } from './batch-cutter.js';
export { BatchEnvelope, type BatchEnvelopeFields, type NotificationMethod } from './batch-body.js';
export type {
  DataGroupBatch, DataGroupBatchState, DataGroupBatchApi, DataGroupBatchFields, DataGroupCallOptions, CreateBatchOptions, EncodedBatch,
} from './types.js';
