/**
 * Options of {@link DataGroupBatchStream}, with their defaults applied in one place.
 *
 * @packageDocumentation
 */
import type { ProgressListener } from '../streams/progress.js';
import type { WindowController } from '../core/window-controller.js';
import { windowController, type WindowOption } from '../streams/request-window.js';
import { bag, functionOption, invalidOption, numberOption, objectOption, stringOption } from '../core/option-checks.js';
import type { DataGroupBatchApi, DataGroupBatchFields } from './types.js';

/**
 * Options of a {@link DataGroupBatchStream}.
 *
 * Memory: at most the window's `max` batches are held at once (each as its request body, at most
 * `maxBatchBytes`, until the vendor has accepted it, then as its result records until they
 * have been pushed out), plus one cut batch waiting for a slot, the batch being filled (at most
 * `maxBatchBytes` of serialised records) and `readableHighWaterMark` records waiting for the reader. Nothing grows with the
 * size of the input.
 */
export interface DataGroupBatchStreamOptions extends DataGroupBatchFields {
  /** The client whose calls the stream makes. */
  readonly client: DataGroupBatchApi;
  /** The vendor's asynchronous job the batches are created under. */
  readonly jobId: string;
  /**
   * Largest request body of one batch, in bytes: batches are cut so that their exact JSON body
   * never exceeds it. May be lower than the client's limit, never higher.
   * @default client.maxBatchBytes (10,000,000)
   */
  readonly maxBatchBytes?: number | undefined;
  /**
   * Batches created and not yet fully emitted, at most: a number (a fixed window), `'auto'`
   * (the window adapts to how long batches take, from 4 within 1 .. the client's
   * `maxConcurrent` and 64 MB of batch bodies, `floor(64 MB / maxBatchBytes)`: 6 batches of
   * 10 MB) or `{ min, max }`. `stats().window` shows it over time.
   * @default 'auto'
   */
  readonly concurrency?: WindowOption | undefined;
  /** Wait before the first poll of a batch's state, in ms; later polls back off by 1.5×. @default 250 */
  readonly pollInterval?: number | undefined;
  /** Longest wait between two polls of one batch, in ms. @default 5000 */
  readonly maxPollInterval?: number | undefined;
  /** Give up on a batch not finished this long after its creation (`JobStalledError`); 0 waits for ever. @default 0 */
  readonly batchTimeoutMs?: number | undefined;
  /** Names the input in errors (e.g. the file name). @default '<input>' */
  readonly source?: string | undefined;
  /** Aborts the stream: requests in flight are aborted and the stream is destroyed with an `AbortError`. */
  readonly signal?: AbortSignal | undefined;
  /** Receives every progress event (also emitted as `'progress'`). */
  readonly onProgress?: ProgressListener | undefined;
  /** Appended records buffered for the reader. @default 1000 */
  readonly readableHighWaterMark?: number | undefined;
}

/** {@link DataGroupBatchStreamOptions} with every default applied. */
export interface ResolvedBatchStreamOptions {
  readonly client: DataGroupBatchApi;
  readonly jobId: string;
  readonly fields: DataGroupBatchFields;
  readonly maxBatchBytes: number;
  readonly window: WindowController;
  readonly pollInterval: number;
  readonly maxPollInterval: number;
  readonly batchTimeoutMs: number;
  readonly source: string | undefined;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ProgressListener | undefined;
  readonly readableHighWaterMark: number;
}

const KNOWN = [
  'client', 'jobId', 'maxBatchBytes', 'concurrency', 'pollInterval', 'maxPollInterval', 'batchTimeoutMs', 'source',
  'signal', 'onProgress', 'readableHighWaterMark', 'outputFormat', 'notificationUrl', 'notificationMethod',
] as const;

const HOUR_MS = 3_600_000;
/** Batch bodies an adaptive window may hold at once. */
const MEMORY_BYTES = 64_000_000;

/** Checks the options and applies the defaults; throws a `ConfigError` naming the first wrong one. */
export function normalizeBatchStreamOptions(options: DataGroupBatchStreamOptions): ResolvedBatchStreamOptions {
  const given = bag('DataGroupBatchStream', options, KNOWN);
  const client = objectOption('client', given['client']) as DataGroupBatchApi | undefined;
  if (client === undefined) return invalidOption('client', 'a DataGroupClient', undefined);
  const fields: DataGroupBatchFields = {
    outputFormat: options.outputFormat,
    notificationUrl: options.notificationUrl,
    notificationMethod: options.notificationMethod,
  };
  client.checkBatchFields(fields);
  const pollInterval = numberOption('pollInterval', given['pollInterval'], 250, { min: 1, max: HOUR_MS });
  const maxBatchBytes = numberOption('maxBatchBytes', given['maxBatchBytes'], client.maxBatchBytes, { min: 16, max: client.maxBatchBytes });
  return {
    client,
    jobId: stringOption('jobId', given['jobId']),
    fields,
    maxBatchBytes,
    window: windowController('concurrency', given['concurrency'] as WindowOption | undefined, client, 1000, Math.max(1, Math.floor(MEMORY_BYTES / maxBatchBytes))),
    pollInterval,
    maxPollInterval: numberOption('maxPollInterval', given['maxPollInterval'], Math.max(5000, pollInterval), { min: pollInterval, max: HOUR_MS }),
    batchTimeoutMs: numberOption('batchTimeoutMs', given['batchTimeoutMs'], 0, { max: 30 * 24 * HOUR_MS }),
    source: given['source'] === undefined ? undefined : stringOption('source', given['source']),
    signal: objectOption('signal', given['signal']) as AbortSignal | undefined,
    onProgress: functionOption('onProgress', given['onProgress']) as ProgressListener | undefined,
    readableHighWaterMark: numberOption('readableHighWaterMark', given['readableHighWaterMark'], 1000, { min: 1 }),
  };
}
