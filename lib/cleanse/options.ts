/**
 * Options and result of {@link cleanse}, with their defaults (applied here, in one place) and
 * their checks.
 *
 * @packageDocumentation
 */
import type { EncodedBlock, RecordRange } from '../api/datasets.js';
import type { AssumedValues } from '../core/assumed-values.js';
import { ConfigError } from '../core/errors.js';
import { booleanOption, invalidOption, objectOption, oneOf, stringOption } from '../core/option-checks.js';
import type { ColumnMap, CreateDatasetRequest, DataRecord, Dataset, Job, StartJobRequest } from '../core/wire.js';
import type { ReadRecordsOptions } from '../formats/read-options.js';
import type { WriteRecordsOptions } from '../formats/write-options.js';
import type { ClientCounters } from '../streams/client-surface.js';
import type { PollInterval } from '../streams/poll-schedule.js';
import type { ProgressListener } from '../streams/progress.js';
import type { RejectedRecord } from '../streams/uploader-options.js';
import type { CallOptions } from '../transport/transport.js';
import type { WindowOption } from '../streams/request-window.js';

/** The client calls a cleansing run makes. A `Data8Client` fits. */
export interface CleanseClient {
  readonly assumedValues: AssumedValues;
  readonly datasets: {
    create(request: CreateDatasetRequest, options?: CallOptions): Promise<Dataset>;
    get(name: string, options?: CallOptions): Promise<Dataset>;
    complete(name: string, recordCount: number, options?: CallOptions): Promise<Dataset>;
    delete(name: string, options?: CallOptions): Promise<void>;
    uploadEncodedBlock(name: string, block: EncodedBlock, options?: CallOptions): Promise<void>;
    readRecords(name: string, range: RecordRange, options?: CallOptions): Promise<DataRecord[]>;
  };
  readonly jobs: {
    start(request: StartJobRequest, options?: CallOptions): Promise<Job>;
    get(name: string, options?: CallOptions): Promise<Job>;
  };
  stats?(): ClientCounters;
}

/** Records given directly instead of a file. */
export type RecordSourceInput = AsyncIterable<DataRecord> | Iterable<DataRecord>;

/** One input role: where its records come from. */
export interface CleanseInput {
  /**
   * A file path, a readable byte stream (CSV, NDJSON or a JSON array), or records (an
   * object-mode stream, an async iterable or an array).
   */
  readonly source: string | NodeJS.ReadableStream | RecordSourceInput;
  /** How to read a file or byte stream (format, delimiter, declared columns...). `output` is always batches. */
  readonly read?: ReadRecordsOptions | undefined;
  /**
   * The dataset's columns for records given directly.
   * @default from the first record: strings String, numbers Decimal, booleans Boolean, null String
   */
  readonly columns?: ColumnMap | undefined;
}

/** One output role: where its records go. */
export interface CleanseOutput {
  /** A file path (written atomically) or a writable stream. */
  readonly destination: string | NodeJS.WritableStream;
  /** How to write it (format, delimiter, BOM...). */
  readonly write?: WriteRecordsOptions | undefined;
}

/** Where each output role goes: by role, or a function of the role and dataset (undefined: not downloaded). */
export type CleanseOutputs =
  | Readonly<Record<string, string | NodeJS.WritableStream | CleanseOutput>>
  | ((role: string, dataset: string) => string | NodeJS.WritableStream | CleanseOutput | undefined);

/** What to do when a dataset or job name the run wants is taken. */
export type OnExisting = 'fail' | 'resume' | 'rename';

/** Options of {@link cleanse}. */
export interface CleanseOptions {
  /** A `Data8Client`. */
  readonly client: CleanseClient;
  /** The workflow to run (`Identity`, `CleanseContacts`, or one built for your account). */
  readonly workflow: string;
  /** Each input role's records: a file path, or {@link CleanseInput}. */
  readonly inputs: Readonly<Record<string, string | CleanseInput>>;
  /**
   * Each output role's destination. Roles without one are not downloaded and their datasets are
   * kept. Outputs are written under the inputs' original headers; with several inputs, the first
   * input role (in `inputs` order) that has a column decides its header.
   * @default none
   */
  readonly outputs?: CleanseOutputs | undefined;
  /** The job's name; input datasets are named after it. Required with `onExisting: 'resume'`. @default workflow, first input file, the time and four random hex digits */
  readonly jobName?: string | undefined;
  /** Workflow parameters. @default {} */
  readonly parameters?: Readonly<Record<string, string>> | undefined;
  /**
   * When a dataset or the job name exists already: `fail` (a `ConflictError`), `rename`
   * (the next free name: `_2`, `(2)`, ...), or `resume` (continue that run: needs the
   * checkpoints in `checkpointDir`, and refuses a dataset no checkpoint accounts for, so two
   * runs are never mixed).
   * @default 'fail'
   */
  readonly onExisting?: OnExisting | undefined;
  /** Where upload checkpoints are kept (one file per input dataset), so a crashed run can resume. @default none */
  readonly checkpointDir?: string | undefined;
  /**
   * Carry each record's input line through the job in an extra column (`true`: `input_line`),
   * so output records can be matched to input lines even when the workflow reorders or drops
   * records. For records given directly, the value is the record's 1-based number.
   * @default false
   */
  readonly rowKey?: boolean | string | undefined;
  /** Keep the row-key column in the outputs. @default false */
  readonly keepRowKey?: boolean | undefined;
  /** Keep the datasets after a successful download. @default false (they are deleted) */
  readonly keepDatasets?: boolean | undefined;
  /** Upload tuning; `concurrency` as `BlockUploader` takes it (a number, `'auto'` or `{ min, max }`). @default { concurrency: 'auto' } */
  readonly upload?: { readonly blockSize?: number | undefined; readonly concurrency?: WindowOption | undefined } | undefined;
  /** Download tuning; `prefetch` as `DatasetReader` takes it (a number, `'auto'` or `{ min, max }`). @default { prefetch: 'auto' } */
  readonly download?: { readonly pageSize?: number | undefined; readonly prefetch?: WindowOption | undefined } | undefined;
  /** Job waiting: poll interval, overall timeout and stall timeout (milliseconds). */
  readonly job?:
    | { readonly pollInterval?: Partial<PollInterval> | undefined; readonly timeout?: number | undefined; readonly stallTimeout?: number | undefined }
    | undefined;
  /** Takes records the service refuses (their blocks are sent again without them); without it a refusal fails the run. */
  readonly onRejected?: ((rejected: RejectedRecord & { readonly role: string }) => void | Promise<void>) | undefined;
  /** Aborts the run: requests are aborted, no output file is left half-written. */
  readonly signal?: AbortSignal | undefined;
  /** Progress of every phase (read, upload, job, download), one event schema. */
  readonly onProgress?: ProgressListener | undefined;
}

/** One input role's part of the result. */
export interface CleanseInputResult {
  readonly dataset: string;
  /** Records read from the input. */
  readonly records: number;
  /** Records stored in the dataset (fewer when refused records were handed to `onRejected`). */
  readonly storedRecords: number;
  readonly rejected: number;
  readonly file?: string;
  /** True when a previous run (resumed) had uploaded some or all of it. */
  readonly resumed: boolean;
}

/** One output role's part of the result. */
export interface CleanseOutputResult {
  readonly dataset: string;
  /** Records written (0 when not downloaded). */
  readonly records: number;
  readonly downloaded: boolean;
  readonly path?: string;
}

/** What {@link cleanse} resolves. */
export interface CleanseResult {
  readonly job: Job;
  readonly inputs: Readonly<Record<string, CleanseInputResult>>;
  readonly outputs: Readonly<Record<string, CleanseOutputResult>>;
  /** The job's statistics, as the service reports them. */
  readonly statistics: Readonly<Record<string, unknown>>;
  /** Milliseconds per phase: upload (reading included), job, download, and the whole run. */
  readonly timings: { readonly upload: number; readonly job: number; readonly download: number; readonly total: number };
  /** Requests the client retried during the run. */
  readonly retries: number;
  /** Datasets deleted after the download. */
  readonly deletedDatasets: readonly string[];
}

/** Row-key column used when `rowKey: true`. */
export const DEFAULT_ROW_KEY = 'input_line';

/** The options with defaults applied. */
export interface ResolvedCleanseOptions extends CleanseOptions {
  readonly jobName: string;
  readonly onExisting: OnExisting;
  readonly rowKey: string | undefined;
  readonly keepRowKey: boolean;
  readonly keepDatasets: boolean;
}

/** Checks the options and applies the defaults. */
export function resolveCleanseOptions(options: CleanseOptions, defaultName: () => string): ResolvedCleanseOptions {
  stringOption('workflow', options.workflow);
  const inputs = objectOption('inputs', options.inputs);
  if (inputs === undefined || Object.keys(inputs).length === 0) invalidOption('inputs', 'an object with at least one input role', options.inputs);
  const onExisting = oneOf<OnExisting>('onExisting', options.onExisting, ['fail', 'resume', 'rename'], 'fail');
  if (onExisting === 'resume' && (options.jobName === undefined || options.checkpointDir === undefined)) {
    throw new ConfigError('cleanse: onExisting "resume" needs "jobName" (the run to resume) and "checkpointDir" (what it uploaded)');
  }
  if (options.jobName !== undefined) stringOption('jobName', options.jobName);
  const rowKey = options.rowKey === true ? DEFAULT_ROW_KEY : options.rowKey === false ? undefined : options.rowKey;
  if (rowKey !== undefined && (typeof rowKey !== 'string' || !/^[a-z][a-z0-9_]*$/.test(rowKey))) {
    invalidOption('rowKey', 'true, false or a column name (a lower-case letter, then letters, digits, _)', rowKey);
  }
  return {
    ...options,
    jobName: options.jobName ?? defaultName(),
    onExisting,
    rowKey,
    keepRowKey: booleanOption('keepRowKey', options.keepRowKey, false),
    keepDatasets: booleanOption('keepDatasets', options.keepDatasets, false),
  };
}
