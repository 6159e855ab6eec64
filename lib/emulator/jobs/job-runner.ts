/**
 * Runs one job in the background: streams each input dataset's records (ascending block
 * number, then upload order) into the workflow and its outputs into the output datasets'
 * record logs, a block at a time, so memory stays flat whatever the dataset size.
 *
 * @packageDocumentation
 */
import { INDEX_STRIDE } from '../storage/record-log.js';
import type { Clock } from '../context.js';
import type { DataRecord } from '../../core/wire.js';
import type { AccountDatasets, StoredDataset } from '../storage/dataset-store.js';
import type { AccountJobs, JobRecord } from '../storage/job-store.js';
import type { WorkflowDefinition } from '../workflows/types.js';
import { JobProgress } from './job-progress.js';
import type { ResolvedJobScript } from './job-scripts.js';
import { JobStatus } from './job-status.js';

/** What a run needs besides the job. */
export interface JobRunContext {
  readonly datasets: AccountDatasets;
  readonly jobs: AccountJobs;
  readonly workflow: WorkflowDefinition;
  /** The pace; `Infinity` for as fast as possible. */
  readonly recordsPerSecond: number;
  readonly clock: Clock;
  /** Aborted when the emulator closes or resets: the run stops and the job stays as last saved. */
  readonly signal: AbortSignal;
  /** A scripted ending, when a test asked for one. */
  readonly script?: ResolvedJobScript | undefined;
}

function deletedWhileRunning(name: string, role: string): Error {
  return new Error(`The dataset "${name}" of role ${role} was deleted while the job ran.`);
}

function dataset(datasets: AccountDatasets, name: string, role: string): StoredDataset {
  const found = datasets.get(name);
  if (found === undefined) throw deletedWhileRunning(name, role);
  return found;
}

/** A dataset deleted mid-run fails the job with that reason, never with the file error it causes (which names the emulator's own paths). */
async function* inputRecords(source: StoredDataset, role: string, progress: JobProgress, signal: AbortSignal): AsyncGenerator<DataRecord> {
  try {
    for await (const block of source.inputRecords()) {
      if (source.deleted) throw deletedWhileRunning(source.name, role);
      signal.throwIfAborted();
      await progress.advance(block.length, signal);
      yield* block;
    }
  } catch (error) {
    if (source.deleted) throw deletedWhileRunning(source.name, role);
    throw error;
  }
}

/** Writes one output role's records; answers how many. */
async function writeOutput(records: AsyncIterable<DataRecord>, target: StoredDataset, role: string, workflow: string): Promise<number> {
  const writer = await target.openOutput();
  try {
    let batch: DataRecord[] = [];
    const flush = async (): Promise<void> => {
      const errors = target.validator.check(batch, { prefix: 'records', maxErrors: 1, firstIndex: writer.recordCount });
      const first = errors === undefined ? undefined : Object.entries(errors)[0];
      if (first !== undefined) {
        throw new Error(`Workflow ${workflow} produced an invalid record for output role ${role}: ${first[0]} ${first[1].join('; ')}.`);
      }
      await writer.append(batch);
      batch = [];
    };
    for await (const record of records) {
      batch.push(record);
      if (batch.length === INDEX_STRIDE) await flush();
    }
    if (batch.length > 0) await flush();
    return await writer.close();
  } catch (error) {
    await writer.abandon();
    throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function finish(job: JobRecord, run: JobRunContext, status: number, statistics: Record<string, unknown>): Promise<void> {
  const now = new Date(run.clock.now()).toISOString();
  job.status = status;
  job.statistics = statistics;
  job.completedAt = now;
  if (status === JobStatus.Completed) job.percentComplete = 100;
  job.estimatedFinishTime = now;
  await run.jobs.save(job);
}

async function processRecords(job: JobRecord, run: JobRunContext): Promise<Record<string, unknown>> {
  const { workflow, signal } = run;
  const sources = Object.entries(job.inputDatasets).map(([role, name]) => [role, dataset(run.datasets, name, role)] as const);
  const targets = Object.entries(job.outputDatasets).map(([role, name]) => [role, dataset(run.datasets, name, role)] as const);
  const total = sources.reduce((sum, [, source]) => sum + source.recordCount, 0);
  const progress = new JobProgress(job, total, run.recordsPerSecond, run.clock);
  const inputs = Object.fromEntries(sources.map(([role, source]) => [role, inputRecords(source, role, progress, signal)]));
  const inputColumns = Object.fromEntries(sources.map(([role, source]) => [role, source.columns]));
  const result = await workflow.run(inputs, job.parameters, { jobName: job.name, inputColumns, signal });
  const counts = await Promise.all(
    targets.map(async ([role, target]) => {
      const records = result.outputs[role];
      if (records === undefined) throw new Error(`Workflow ${workflow.name} gave no records for its output role ${role}.`);
      return [role, target, await writeOutput(records, target, role, workflow.name)] as const;
    }),
  );
  for (const [role, target, count] of counts) {
    if (target.deleted) throw deletedWhileRunning(target.name, role);
    await target.complete(count);
  }
  return {
    ...result.statistics?.(),
    inputRecords: progress.done,
    outputRecords: Object.fromEntries(counts.map(([role, , count]) => [role, count])),
  };
}

/**
 * Runs `job` to its end and saves each change of state. Never rejects: a failure becomes
 * status Failed with `statistics.error`; an abort leaves the job as last saved.
 */
export async function runJob(job: JobRecord, run: JobRunContext): Promise<void> {
  try {
    job.status = JobStatus.Running;
    await run.jobs.save(job);
    if (run.script?.outcome === 'fail') throw new Error(run.script.error);
    if (run.script?.outcome === 'cancel') {
      await finish(job, run, JobStatus.Cancelled, {});
      return;
    }
    const statistics = await processRecords(job, run);
    await finish(job, run, JobStatus.Completed, statistics);
  } catch (error) {
    if (run.signal.aborted) return;
    try {
      await finish(job, run, JobStatus.Failed, { error: messageOf(error) });
    } catch {
      // The disk refused the failure too; the job stays Running in memory and on disk.
    }
  }
}
