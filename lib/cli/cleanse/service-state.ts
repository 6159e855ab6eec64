/**
 * What the service still holds of a run a checkpoint directory describes: each input dataset an
 * upload checkpoint names (there, complete, with the count the checkpoint recorded?) and the
 * job. A resume checks this first, so a checkpoint the service no longer agrees with is healed
 * (the run starts over in fresh datasets) instead of being continued into a count mismatch.
 *
 * @packageDocumentation
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Data8Client } from '../../client.js';
import { NotFoundError } from '../../core/errors.js';
import type { Job } from '../../core/wire.js';
import { readCheckpoint, writeCheckpoint } from '../../streams/checkpoint-file.js';
import type { CheckpointDocument } from '../../streams/checkpoint-state.js';
import { countOf } from '../format-values.js';

const CHECKPOINT_SUFFIX = '.checkpoint.json';

/** One input dataset of the run: what its checkpoint says and what the service says. */
export interface DatasetState {
  readonly name: string;
  readonly checkpoint: CheckpointDocument;
  /** Why the service's dataset cannot be continued, or `undefined` when it can. */
  readonly problem: string | undefined;
  /** True when the service has the dataset (complete or not). */
  readonly present: boolean;
  /** True when the upload finished (the checkpoint and the service agree it is complete). */
  readonly uploaded: boolean;
}

/** The run as the service sees it. */
export interface ServiceState {
  readonly datasets: readonly DatasetState[];
  /** The job, when the service has one of the recorded name. */
  readonly job: Job | undefined;
  /** Why the job cannot be continued (it failed, or its output is gone), or `undefined`. */
  readonly jobProblem: string | undefined;
}

/** The upload checkpoints kept in `directory`. */
export async function uploadCheckpoints(directory: string): Promise<{ path: string; checkpoint: CheckpointDocument }[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const paths = names.filter((name) => name.endsWith(CHECKPOINT_SUFFIX)).map((name) => join(directory, name));
  const documents = await Promise.all(paths.map(async (path) => ({ path, checkpoint: await readCheckpoint(path) })));
  return documents.flatMap(({ path, checkpoint }) => (checkpoint === undefined ? [] : [{ path, checkpoint }]));
}

/** Asks the service about each dataset the checkpoints name, and about the job. */
export async function inspectRun(client: Data8Client, directory: string, jobName: string | undefined, signal: AbortSignal): Promise<ServiceState> {
  const checkpoints = await uploadCheckpoints(directory);
  const datasets = await Promise.all(checkpoints.map(({ path, checkpoint }) => inspectDataset(client, path, checkpoint, signal)));
  if (jobName === undefined) return { datasets, job: undefined, jobProblem: undefined };
  const job = await client.jobs.get(jobName, { signal }).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  return { datasets, job, jobProblem: job === undefined ? undefined : await inspectJob(client, job, signal) };
}

/** A job a resume would only meet again as it is: failed, cancelled, or completed with its output gone. */
async function inspectJob(client: Data8Client, job: Job, signal: AbortSignal): Promise<string | undefined> {
  const codes = client.assumedValues.jobStatus;
  if (job.status === codes.Failed || job.status === codes.Cancelled) {
    return `job "${job.name}" ${job.status === codes.Failed ? 'failed' : 'was cancelled'} on the service`;
  }
  if (job.status !== codes.Completed) return undefined;
  for (const name of Object.values(job.outputDatasets)) {
    const found = await client.datasets.get(name, { signal }).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    if (found === undefined) return `the output dataset "${name}" of job "${job.name}" is no longer on the service`;
  }
  return undefined;
}

async function inspectDataset(client: Data8Client, path: string, checkpoint: CheckpointDocument, signal: AbortSignal): Promise<DatasetState> {
  const name = checkpoint.dataset;
  const found = await client.datasets.get(name, { signal }).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  const state = (problem: string | undefined, uploaded = false): DatasetState => ({ name, checkpoint, problem, present: found !== undefined, uploaded });
  const stored = checkpoint.totalStoredRecords ?? checkpoint.storedRecords;
  if (found === undefined) return state(`dataset "${name}" is no longer on the service (the checkpoint says ${countOf(stored, 'record')} were stored)`);
  if (checkpoint.state === 'uploading') {
    return found.completed ? state(`dataset "${name}" is complete on the service, but its checkpoint says the upload was still under way`) : state(undefined);
  }
  if (!found.completed) {
    // Every block stored, the dataset not yet marked complete: the upload finishes by completing it.
    return checkpoint.state === 'uploaded' ? state(undefined) : state(`dataset "${name}" is incomplete on the service, but its checkpoint says it was completed`);
  }
  if (found.recordCount !== stored) {
    return state(`dataset "${name}" holds ${countOf(found.recordCount, 'record')} on the service, but its checkpoint says ${stored}`);
  }
  // Completed on the service just before the run stopped, before its checkpoint could say so: say so now.
  if (checkpoint.state === 'uploaded') await writeCheckpoint(path, { ...checkpoint, state: 'completed', updatedAt: new Date().toISOString() });
  return state(undefined, true);
}

/** The problems found, one line each; empty when the run can be continued as recorded. */
export function problemsOf(state: ServiceState): string[] {
  return [...state.datasets.flatMap((dataset) => dataset.problem ?? []), ...(state.jobProblem === undefined ? [] : [state.jobProblem])];
}

/**
 * Forgets a run: deletes its input datasets and its job's output datasets where the service
 * still has them (the names stay taken, so the next run uses new names), and removes the
 * upload checkpoints and the run record. Returns the datasets deleted.
 */
export async function discardRun(client: Data8Client, directory: string, state: ServiceState, signal: AbortSignal): Promise<string[]> {
  const names = [...state.datasets.filter((dataset) => dataset.present).map((dataset) => dataset.name)];
  if (state.job !== undefined) names.push(...Object.values(state.job.outputDatasets));
  const deleted: string[] = [];
  for (const name of names) {
    try {
      await client.datasets.delete(name, { signal });
      deleted.push(name);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  const files = await readdir(directory).catch(() => [] as string[]);
  await Promise.all(files.filter((file) => file.endsWith(CHECKPOINT_SUFFIX) || file === 'run.json').map((file) => rm(join(directory, file), { force: true })));
  return deleted;
}
