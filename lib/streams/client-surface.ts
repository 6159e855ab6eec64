/**
 * The narrow structural view of the client that the streams call. A `Data8Client` fits it;
 * so does anything else with these methods (a client for another deployment, an
 * instrumented wrapper). Keeping it narrow keeps the streams independent of how the client
 * is built.
 *
 * @packageDocumentation
 */
import type { EncodedBlock } from '../api/datasets.js';
import type { AssumedValues } from '../core/assumed-values.js';
import type { DataRecord, Dataset, Job } from '../core/wire.js';
import type { CallOptions } from '../transport/transport.js';

/** Counters the streams read to report retries (client-wide). */
export interface ClientCounters {
  readonly retries: number;
  /** Answers that asked the client to slow down (429, or 503 with Retry-After): the window shrinks on them. */
  readonly rateLimited?: number;
  /** The client's concurrency: `max` (its `maxConcurrent`) bounds an adaptive window. */
  readonly concurrency?: { readonly max: number };
}

/** What {@link BlockUploader} calls. */
export interface UploaderClient {
  readonly assumedValues: Pick<AssumedValues, 'maxBlockRecords'>;
  readonly datasets: {
    uploadEncodedBlock(name: string, block: EncodedBlock, options?: CallOptions): Promise<void>;
    complete(name: string, recordCount: number, options?: CallOptions): Promise<Dataset>;
    get(name: string, options?: CallOptions): Promise<Dataset>;
  };
  stats?(): ClientCounters;
}

/** What {@link JobWaiter} calls. */
export interface WaiterClient {
  readonly assumedValues: Pick<AssumedValues, 'jobStatus'>;
  readonly jobs: {
    get(name: string, options?: CallOptions): Promise<Job>;
  };
  stats?(): ClientCounters;
}

/** What {@link DatasetReader} calls. */
export interface ReaderClient {
  readonly assumedValues: Pick<AssumedValues, 'maxPageRecords'>;
  readonly datasets: {
    get(name: string, options?: CallOptions): Promise<Dataset>;
    readRecords(name: string, range: { readonly start: number; readonly count: number }, options?: CallOptions): Promise<DataRecord[]>;
  };
  stats?(): ClientCounters;
}

/** Retries the client made so far, or 0 when it does not count them. */
export function clientRetries(client: { stats?(): ClientCounters }): number {
  return client.stats?.().retries ?? 0;
}
