/**
 * `cleanse()`: a whole cleansing run in one call. Inputs (files, byte streams or records, one
 * per input role) are read and uploaded into new datasets, the job is started and waited for,
 * each output dataset is downloaded into its file or stream, and the datasets are deleted.
 *
 * @packageDocumentation
 */
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError, RecordRejectedError } from './core/errors.js';
import type { StartJobRequest } from './core/wire.js';
import { mergeHeaderMaps, type HeaderMapping } from './formats/header-map.js';
import { openInput, type OpenedInput } from './cleanse/inputs.js';
import { defaultJobName } from './cleanse/names.js';
import { prepareInputDataset, startJob, type PreparedDataset } from './cleanse/names-taken.js';
import {
  resolveCleanseOptions,
  type CleanseInputResult,
  type CleanseOptions,
  type CleanseOutputResult,
  type CleanseResult,
  type ResolvedCleanseOptions,
} from './cleanse/options.js';
import { downloadOutput, outputFor } from './cleanse/outputs.js';
import { BlockUploader } from './streams/block-uploader.js';
import { clientRetries } from './streams/client-surface.js';
import { JobWaiter } from './streams/job-waiter.js';
import { ProgressMeter } from './streams/progress.js';

export type * from './cleanse/options.js';
export { DEFAULT_ROW_KEY } from './cleanse/options.js';

interface UploadedInput extends CleanseInputResult {
  readonly role: string;
  readonly headerMap: readonly HeaderMapping[];
}

/**
 * Runs a workflow over local inputs and writes its outputs, in constant memory.
 *
 * Errors: input problems are `InputError`s naming file, line and column, and (in
 * `leftDatasets` and the message) the input datasets the run had created and leaves behind,
 * incomplete; a refused record a `RecordRejectedError` (unless `onRejected` takes it); a
 * failed job a `JobFailedError` (the datasets are then kept, for a look or a resume); taken
 * names a `ConflictError` (see `onExisting`).
 *
 * @example
 * ```ts
 * const result = await cleanse({
 *   client, workflow: 'CleanseContacts',
 *   inputs: { Contacts: 'contacts.csv' },
 *   outputs: { Results: 'contacts.cleansed.csv' },
 *   onProgress: (event) => console.log(event.phase, event.records),
 * });
 * ```
 */
export async function cleanse(options: CleanseOptions): Promise<CleanseResult> {
  // One signal for the whole run: when one input or output fails, the others stop too.
  const run = new AbortController();
  const signal = options.signal === undefined ? run.signal : AbortSignal.any([options.signal, run.signal]);
  try {
    return await cleanseWith({ ...options, signal }, (reason) => run.abort(reason));
  } catch (error) {
    run.abort(error);
    throw error;
  }
}

/** The first input given as a file path: the default job name and the job's inputFilename come from it. */
function firstFileOf(options: CleanseOptions): string | undefined {
  return Object.values(options.inputs)
    .map((input) => (typeof input === 'string' ? input : input.source))
    .find((source): source is string => typeof source === 'string');
}

async function cleanseWith(options: CleanseOptions, abortRun: (reason: unknown) => void): Promise<CleanseResult> {
  const startedAt = performance.now();
  const resolved = resolveCleanseOptions(options, () => defaultJobName(options.workflow, firstFileOf(options)));
  const firstFile = firstFileOf(resolved);
  const { client, signal } = resolved;
  const retriesAtStart = clientRetries(client);
  if (resolved.checkpointDir !== undefined) await mkdir(resolved.checkpointDir, { recursive: true });

  const uploadStartedAt = performance.now();
  const uploaded = await uploadInputs(resolved, abortRun);
  const uploadMs = performance.now() - uploadStartedAt;

  const jobStartedAt = performance.now();
  const request: StartJobRequest = {
    name: resolved.jobName,
    workflowName: resolved.workflow,
    inputDatasets: Object.fromEntries(uploaded.map((input) => [input.role, input.dataset])),
    ...(resolved.parameters === undefined ? {} : { parameters: { ...resolved.parameters } }),
    ...(firstFile === undefined ? {} : { inputFilename: basename(firstFile) }),
  };
  const started = await startJob(client, request, resolved.onExisting, signal);
  const totalRecords = uploaded.reduce((sum, input) => sum + input.storedRecords, 0);
  const job = await new JobWaiter({ client, job: started, ...resolved.job, totalRecords, signal, onProgress: resolved.onProgress }).wait();
  const jobMs = performance.now() - jobStartedAt;

  const downloadStartedAt = performance.now();
  const headerMap = mergeHeaderMaps(uploaded.map((input) => input.headerMap));
  const outputs = await Promise.all(
    Object.entries(job.outputDatasets).map(async ([role, dataset]): Promise<[string, CleanseOutputResult]> => {
      const output = outputFor(resolved.outputs, role, dataset);
      if (output === undefined) return [role, { dataset, records: 0, downloaded: false }];
      const dropColumn = resolved.keepRowKey ? undefined : resolved.rowKey;
      const tuning = resolved.download;
      const records = await downloadOutput(client, { dataset, output, headerMap, dropColumn, tuning, signal, onProgress: resolved.onProgress });
      const path = typeof output.destination === 'string' ? { path: output.destination } : {};
      return [role, { dataset, records, downloaded: true, ...path }];
    }),
  );
  const downloadMs = performance.now() - downloadStartedAt;

  const deletedDatasets = resolved.keepDatasets ? [] : await deleteDatasets(resolved, uploaded, outputs);
  return {
    job,
    inputs: Object.fromEntries(uploaded.map(({ role, headerMap: _headers, ...input }) => [role, input])),
    outputs: Object.fromEntries(outputs),
    statistics: job.statistics,
    timings: { upload: uploadMs, job: jobMs, download: downloadMs, total: performance.now() - startedAt },
    retries: clientRetries(client) - retriesAtStart,
    deletedDatasets,
  };
}

function checkpointPath(options: ResolvedCleanseOptions, dataset: string): string | undefined {
  return options.checkpointDir === undefined ? undefined : join(options.checkpointDir, `${dataset}.checkpoint.json`);
}

/**
 * Uploads every input. When one turns out malformed, the others stop, and its error names the
 * datasets the run leaves behind: a rerun under the same job name would meet them as taken.
 */
async function uploadInputs(options: ResolvedCleanseOptions, abortRun: (reason: unknown) => void): Promise<UploadedInput[]> {
  const inputs = Object.entries(options.inputs);
  const started = new Map<string, string>();
  const uploads = inputs.map(([role, input]) => uploadInput(options, role, input, (dataset) => started.set(role, dataset)));
  try {
    return await Promise.all(uploads);
  } catch (error) {
    // Whatever failed, the other uploads stop and settle first: each flushes its checkpoint as it
    // closes, and that write must be on disk before anyone resumes from or removes it.
    abortRun(error);
    await Promise.allSettled(uploads);
    // A refused record names its dataset already, and its run can resume from the checkpoint.
    if (!(error instanceof InputError) || error instanceof RecordRejectedError) throw error;
    const leftDatasets = inputs.flatMap(([role]) => started.get(role) ?? []);
    if (leftDatasets.length === 0) throw error;
    const { file, line, record, column, reason, fixes } = error;
    throw new InputError({ file, line, record, column, reason, fixes, leftDatasets, cause: error });
  }
}

async function uploadInput(
  options: ResolvedCleanseOptions,
  role: string,
  input: ResolvedCleanseOptions['inputs'][string],
  onStarted: (dataset: string) => void,
): Promise<UploadedInput> {
  const { client, signal } = options;
  const readMeter = new ProgressMeter('read');
  const opened = await openInput(client, role, input, options.rowKey, signal);
  let prepared: PreparedDataset;
  try {
    prepared = await prepareInputDataset(client, { jobName: options.jobName, role, columns: opened.columns, onExisting: options.onExisting }, (name) => checkpointPath(options, name), signal);
  } catch (error) {
    opened.records.destroy();
    throw error;
  }
  const file = opened.file === undefined ? {} : { file: opened.file };
  if (prepared.start !== 'uploaded') onStarted(prepared.name);
  const previous = prepared.checkpoint;
  if (prepared.start === 'uploaded' && previous !== undefined) {
    opened.records.destroy();
    const records = previous.totalRecords ?? previous.records;
    const storedRecords = previous.totalStoredRecords ?? previous.storedRecords;
    return { role, dataset: prepared.name, records, storedRecords, rejected: records - storedRecords, resumed: true, headerMap: opened.headerMap, ...file };
  }
  const path = checkpointPath(options, prepared.name);
  const onRejected = options.onRejected;
  const uploader = new BlockUploader({
    client,
    dataset: prepared.name,
    blockSize: options.upload?.blockSize,
    concurrency: options.upload?.concurrency,
    expectedColumns: Object.keys(opened.columns),
    checkpoint: path === undefined ? undefined : { path, inputFile: opened.file },
    signal,
    source: opened.source,
    onRejected: onRejected === undefined ? undefined : (rejected) => onRejected({ ...rejected, role }),
    onProgress: options.onProgress,
  });
  reportReading(options, { opened, uploader, dataset: prepared.name, meter: readMeter });
  try {
    await pipeline(opened.records, uploader);
  } catch (error) {
    // When the input failed first, pipeline settles before the uploader has closed: wait for it,
    // so its last checkpoint write is on disk before anyone reads or removes the checkpoints.
    if (!uploader.closed) await new Promise((resolve) => uploader.once('close', resolve));
    throw error;
  }
  const stats = uploader.stats;
  return {
    role,
    dataset: prepared.name,
    records: stats.recordsRead,
    storedRecords: stats.recordsStored,
    rejected: stats.recordsRejected,
    resumed: prepared.start === 'resume',
    headerMap: opened.headerMap,
    ...file,
  };
}

// The read phase, measured where records leave the reader; reported as blocks are acknowledged.
function reportReading(
  options: ResolvedCleanseOptions,
  { opened, uploader, dataset, meter }: { opened: OpenedInput; uploader: BlockUploader; dataset: string; meter: ProgressMeter },
): void {
  const listener = options.onProgress;
  if (listener === undefined) return;
  const facts = (done: boolean) => {
    const records = opened.reader?.recordsRead ?? uploader.stats.recordsRead;
    const bytes = opened.reader?.bytesAfter(records);
    return { dataset, records, ...(bytes === undefined ? {} : { bytes }), done };
  };
  let ended = false;
  uploader.on('block', () => {
    if (!ended) listener(meter.event(facts(false)));
  });
  opened.records.once('end', () => {
    ended = true;
    listener(meter.event(facts(true)));
  });
}

async function deleteDatasets(options: ResolvedCleanseOptions, inputs: readonly UploadedInput[], outputs: readonly [string, CleanseOutputResult][]): Promise<string[]> {
  const names = [...inputs.map((input) => input.dataset), ...outputs.filter(([, output]) => output.downloaded).map(([, output]) => output.dataset)];
  for (const name of names) await options.client.datasets.delete(name, { signal: options.signal });
  await Promise.all(inputs.map(async (input) => {
    const path = checkpointPath(options, input.dataset);
    if (path !== undefined) await rm(path, { force: true });
  }));
  return names;
}
