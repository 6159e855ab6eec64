/**
 * The Data Group's asynchronous batch API: client, exact-size batch cutting and the batch stream.
 *
 * @packageDocumentation
 */
export { DataGroupClient, DATAGROUP_ENVIRONMENT } from './datagroup/client.js';
export { DataGroupBatchStream, type DataGroupBatchStreamStats } from './datagroup/batch-stream.js';
export type { DataGroupBatchStreamOptions } from './datagroup/batch-stream-options.js';
export {
  DATAGROUP_DEFAULT_URL, DATAGROUP_MAX_BATCH_BYTES, type DataGroupClientOptions, type AuthorizationTokenProvider,
} from './datagroup/client-options.js';
export { BatchTooLargeError, type BatchTooLargeDetails } from './datagroup/errors.js';
export { BatchCutter, type BatchCutterOptions, type CutBatch } from './datagroup/batch-cutter.js';
export { BatchEnvelope, type BatchEnvelopeFields, type NotificationMethod } from './datagroup/batch-body.js';
export type {
  DataGroupBatch, DataGroupBatchState, DataGroupBatchApi, DataGroupBatchFields, DataGroupCallOptions, CreateBatchOptions, EncodedBatch,
} from './datagroup/types.js';
