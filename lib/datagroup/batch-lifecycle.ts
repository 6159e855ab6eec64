/**
 * One batch's round trip: create it, poll its state with backoff until it finishes, fetch its
 * result and check that every record came back.
 *
 * @packageDocumentation
 */
import { IntegrityError, JobFailedError, JobStalledError } from '../core/errors.js';
import type { DataRecord } from '../core/wire.js';
import { sleep } from '../transport/abort.js';
import type { CutBatch } from './batch-cutter.js';
import type { DataGroupBatch, DataGroupBatchApi } from './types.js';

/** How a batch is polled. */
export interface PollSettings {
  readonly pollInterval: number;
  readonly maxPollInterval: number;
  /** 0: no limit. */
  readonly batchTimeoutMs: number;
}

/** What the lifecycle reports as it goes. */
export interface BatchLifecycleEvents {
  created(batchId: string): void;
  polled(batch: DataGroupBatch): void;
}

const POLL_BACKOFF = 1.5;

/** Names a batch in messages: `batch 3 (records 2001–3000)`. */
export function describeBatch(batch: BatchPosition, batchId?: string): string {
  const last = batch.firstRecord + batch.recordCount - 1;
  return `batch ${batch.index + 1}${batchId === undefined ? '' : ` "${batchId}"`} (records ${batch.firstRecord}–${last})`;
}

/** Where a batch sits in the input. */
export type BatchPosition = Pick<CutBatch, 'index' | 'firstRecord' | 'recordCount'>;

/**
 * Creates the batch (through `create`, so the caller can let go of the body as soon as it is
 * accepted), waits for it and resolves its result records, as many as were sent.
 */
export async function runBatch(
  client: DataGroupBatchApi,
  jobId: string,
  batch: BatchPosition,
  create: () => Promise<string>,
  poll: PollSettings,
  events: BatchLifecycleEvents,
  signal: AbortSignal,
): Promise<DataRecord[]> {
  const batchId = await create();
  events.created(batchId);
  const started = performance.now();
  let delay = poll.pollInterval;
  for (;;) {
    await sleep(delay, signal, `waiting for ${describeBatch(batch, batchId)}`);
    const state = await client.getBatch(jobId, batchId, { signal });
    events.polled(state);
    if (state.state === 'COMPLETED') break;
    if (state.state === 'FAILED') {
      throw new JobFailedError(`Data Group job ${jobId}: ${describeBatch(batch, batchId)} FAILED`, { jobId, batchId, ...state });
    }
    if (poll.batchTimeoutMs > 0 && performance.now() - started > poll.batchTimeoutMs) {
      throw new JobStalledError(
        `Data Group job ${jobId}: ${describeBatch(batch, batchId)} is still ${state.state} after ${poll.batchTimeoutMs} ms (batchTimeoutMs)`,
        { jobId, batchId, ...state },
      );
    }
    delay = Math.min(poll.maxPollInterval, delay * POLL_BACKOFF);
  }
  const records = await client.getBatchResult(jobId, batchId, { signal });
  if (records.length !== batch.recordCount) {
    throw new IntegrityError(
      `Data Group job ${jobId}: ${describeBatch(batch, batchId)} sent ${batch.recordCount} records but its result holds ` +
        `${records.length}; nothing of it was passed on`,
    );
  }
  return records;
}
