/**
 * What a run does when the names it wants are taken (`onExisting`): fail, take the next free
 * name, or resume the earlier run, never mixing two runs in one dataset.
 *
 * @packageDocumentation
 */
import { isJobStartedBy } from '../api/jobs.js';
import { sameJson } from '../api/same-resource.js';
import { ConflictError } from '../core/errors.js';
import type { ColumnMap, Job, StartJobRequest } from '../core/wire.js';
import { readCheckpoint } from '../streams/checkpoint-file.js';
import type { CheckpointDocument } from '../streams/checkpoint-state.js';
import { inputDatasetName, renamedJob } from './names.js';
import type { CleanseClient, OnExisting } from './options.js';

/** How far an earlier run got with an input dataset. */
export type DatasetStart = 'new' | 'resume' | 'uploaded';

/** The input dataset a run uses. */
export interface PreparedDataset {
  readonly name: string;
  readonly start: DatasetStart;
  /** The checkpoint of an earlier run (when resuming). */
  readonly checkpoint: CheckpointDocument | undefined;
}

/** Names of the checkpoint file of a dataset. */
export type CheckpointPathOf = (dataset: string) => string | undefined;

const MAX_ATTEMPTS = 100;

function conflict(error: ConflictError, message: string): ConflictError {
  return new ConflictError(message, { status: error.status, method: error.method, url: error.url, problem: error.problem, cause: error });
}

/** Creates the input dataset for `role`, or deals with the name being taken as `onExisting` says. */
export async function prepareInputDataset(
  client: CleanseClient,
  request: { readonly jobName: string; readonly role: string; readonly columns: ColumnMap; readonly onExisting: OnExisting },
  checkpointOf: CheckpointPathOf,
  signal: AbortSignal | undefined,
): Promise<PreparedDataset> {
  const { jobName, role, columns, onExisting } = request;
  const maxLength = client.assumedValues.maxNameLength;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const name = inputDatasetName(jobName, role, attempt, maxLength);
    try {
      await client.datasets.create({ name, columns }, { signal });
      return { name, start: 'new', checkpoint: undefined };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      if (onExisting === 'rename') continue;
      if (onExisting === 'fail') {
        throw conflict(error, `dataset "${name}" exists (or existed) already: give another jobName, or onExisting "rename" or "resume"`);
      }
      return resumeDataset(client, name, columns, checkpointOf(name), error, signal);
    }
  }
  throw new ConflictError(`no free dataset name for role ${role} of job "${jobName}" after ${MAX_ATTEMPTS} attempts`, { status: 409, method: 'POST', url: 'Dataset' });
}

async function resumeDataset(
  client: CleanseClient,
  name: string,
  columns: ColumnMap,
  checkpointPath: string | undefined,
  taken: ConflictError,
  signal: AbortSignal | undefined,
): Promise<PreparedDataset> {
  const existing = await client.datasets.get(name, { signal }).catch(() => undefined);
  if (existing === undefined) throw conflict(taken, `dataset "${name}" existed once and was deleted: its name cannot be used again; give another jobName`);
  if (!existing.input) throw conflict(taken, `"${name}" is an output dataset, not an input of an earlier run`);
  if (!sameJson(existing.columns, columns)) throw conflict(taken, `dataset "${name}" exists with other columns than this input's: it belongs to another run`);
  const checkpoint = checkpointPath === undefined ? undefined : await readCheckpoint(checkpointPath);
  if (checkpoint === undefined) {
    throw conflict(taken, `dataset "${name}" exists but no checkpoint (${checkpointPath ?? 'none kept'}) says what it holds: it cannot be resumed without mixing two runs`);
  }
  if (!existing.completed) return { name, start: 'resume', checkpoint };
  if (checkpoint.state !== 'completed' || checkpoint.totalStoredRecords !== existing.recordCount) {
    throw conflict(taken, `dataset "${name}" is complete with ${existing.recordCount} records but its checkpoint does not say this run completed it`);
  }
  return { name, start: 'uploaded', checkpoint };
}

/** Starts the job, or deals with its name being taken as `onExisting` says (resume: the same job, already started). */
export async function startJob(client: CleanseClient, request: StartJobRequest, onExisting: OnExisting, signal: AbortSignal | undefined): Promise<Job> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const name = renamedJob(request.name, attempt, client.assumedValues.maxJobNameLength);
    try {
      return await client.jobs.start({ ...request, name }, { signal });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      if (onExisting === 'rename') continue;
      if (onExisting === 'fail') throw conflict(error, `job "${name}" exists already: give another jobName, or onExisting "rename" or "resume"`);
      const existing = await client.jobs.get(name, { signal });
      if (!isJobStartedBy(existing, { ...request, name })) {
        throw conflict(error, `job "${name}" exists but runs workflow ${existing.workflowName} on other datasets: it belongs to another run`);
      }
      return existing;
    }
  }
  throw new ConflictError(`no free job name for "${request.name}" after ${MAX_ATTEMPTS} attempts`, { status: 409, method: 'POST', url: 'Job' });
}
