/**
 * The three streams (BlockUploader, JobWaiter, DatasetReader), their pure cores and the
 * progress-event schema, as `data8-batch` exports them.
 *
 * @packageDocumentation
 */
export { BlockUploader, type UploadStats, type BlockEvent } from './block-uploader.js';
export type { BlockUploaderOptions, CheckpointOptions, RecordSource, RejectedRecord } from './uploader-options.js';
export { JobWaiter, jobStatusName, type JobWaiterOptions, type JobSnapshot, type JobStatusName, type JobWaitStats } from './job-waiter.js';
export { DatasetReader, type DatasetReaderOptions, type DownloadStats } from './dataset-reader.js';
export { ProgressMeter, type Phase, type ProgressEvent, type ProgressFacts, type ProgressListener } from './progress.js';
export type { UploaderClient, WaiterClient, ReaderClient, ClientCounters } from './client-surface.js';
export { BlockEncoder, type BlockEncoderOptions, type SealedBlock } from './block-encoder.js';
export { BufferPool } from '../core/buffer-pool.js';
export { compileRecordSerializer, stringifyRecord, type RecordSerializer } from './record-serializer.js';
export {
  AcknowledgementTracker,
  blockNumberOf,
  firstRecordOf,
  type BlockAcknowledgement,
  type CheckpointDocument,
  type CheckpointState,
  type InputFingerprint,
  type UploadPosition,
} from './checkpoint-state.js';
export { readCheckpoint, fingerprintFile } from './checkpoint-file.js';
export { nextPollDelay, type PollInterval, type PollObservation } from './poll-schedule.js';
export { planPages, type PageRequest } from './page-plan.js';
export type { WindowOption, WindowStats } from './request-window.js';
