/**
 * Which run a `cleanse` command works on: a new one, the one its checkpoint directory records
 * (`--resume`, or a plain rerun whose uploads finished but whose job never started), or a new
 * one after discarding the recorded one (`--restart`, or a resume that finds the service no
 * longer has what the checkpoint names). Every way out either runs or names an option that will.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { Data8Client } from '../../client.js';
import type { OnExisting } from '../../cleanse.js';
import { defaultJobName } from '../../cleanse/names.js';
import { ConfigError } from '../../core/errors.js';
import { STDIO } from '../commands/input-files.js';
import { countOf } from '../format-values.js';
import type { Output } from '../output.js';
import { UsageError } from '../report-error.js';
import type { CleansePlan } from './plan.js';
import { compareRun, readRunRecord, type RunRecord } from './run-state.js';
import { discardRun, inspectRun, problemsOf, type ServiceState } from './service-state.js';

/** Which job a run works on, and what it does when that job's names are taken. */
export interface RunIdentity {
  readonly jobName: string;
  readonly onExisting: OnExisting;
  /** No earlier run's checkpoint is carried on: whatever this run leaves in the directory is its own. */
  readonly fresh: boolean;
}

/** What {@link identifyRun} needs besides the plan. */
export interface IdentifyContext {
  readonly client: Data8Client;
  readonly output: Output;
  readonly signal: AbortSignal;
}

/** A new run, the recorded one, or a new one replacing it; says which once. */
export async function identifyRun(plan: CleansePlan, context: IdentifyContext): Promise<RunIdentity> {
  const dir = plan.checkpointDir;
  if (plan.resume && plan.restart) throw new UsageError('cleanse: --resume and --restart exclude each other: --resume continues the recorded run, --restart discards it');
  if (dir === undefined) {
    if (plan.resume) throw new UsageError('cleanse: --resume needs a checkpoint; reading stdin into stdout, give --checkpoint <dir>');
    return { jobName: plan.jobName ?? newJobName(plan), onExisting: 'fail', fresh: true };
  }
  // --restart discards even a run record it cannot read.
  const recorded = await readRunRecord(dir).catch((error: unknown) => {
    if (!plan.restart || !(error instanceof ConfigError)) throw error;
    return undefined;
  });
  if (recorded === undefined) {
    if (plan.resume) context.output.note(`Nothing to resume in ${dir}: starting from the beginning.`);
    if (plan.restart) {
      // Upload checkpoints that cannot be read name nothing to delete; they are removed all the same.
      const state = await inspectRun(context.client, dir, undefined, context.signal).catch((error: unknown) => {
        if (error instanceof ConfigError) return { datasets: [], job: undefined, jobProblem: undefined };
        throw error;
      });
      const deleted = await discardRun(context.client, dir, state, context.signal);
      const removed = deleted.length === 0 ? '' : ` (deleted: ${deleted.join(', ')})`;
      context.output.note(`Nothing recorded to restart in ${dir}${removed}: starting a new run.`);
    }
    return { jobName: plan.jobName ?? newJobName(plan), onExisting: plan.resume ? 'resume' : 'fail', fresh: true };
  }
  if (plan.restart) {
    const state = await inspectRun(context.client, dir, recorded.jobName, context.signal);
    return startOver(plan, context, recorded, state, `--restart: the checkpoint of job "${recorded.jobName}" in ${dir} is discarded`);
  }
  const differences = await compareRun(recorded, plan);
  if (differences.fixed.length > 0) {
    throw new ConfigError(`the checkpoint in ${dir} is for another run (${differences.fixed.join('; ')}): rerun with --restart to discard it and start over`);
  }
  const state = await inspectRun(context.client, dir, recorded.jobName, context.signal);
  const problems = problemsOf(state);
  const uploaded = state.datasets.length === plan.inputs.length && state.datasets.every((dataset) => dataset.uploaded);
  if (!plan.resume && !(uploaded && state.job === undefined && problems.length === 0)) {
    const complete = uploaded ? `; its datasets (${datasetsOf(state)}) are complete on the service` : '';
    throw new ConfigError(
      `an interrupted run (job "${recorded.jobName}") left its checkpoint in ${dir}${complete}: rerun with --resume to continue it, or with --restart to discard it and start over`,
    );
  }
  if (problems.length > 0) {
    return startOver(plan, context, recorded, state, `The run the checkpoint in ${dir} names cannot be continued: ${problems.join('; ')}`);
  }
  const changes = differences.changeable.join('; ');
  if (state.job !== undefined && changes !== '') {
    throw new ConfigError(
      `job "${recorded.jobName}" was started already, with other options (${changes}): rerun with the options it was started with to continue it, or with --restart to discard it and start over`,
    );
  }
  if (state.job === undefined && uploaded) {
    const reuse = `Job "${recorded.jobName}" was never started, and its datasets (${datasetsOf(state)}) are complete on the service: reusing them, nothing is uploaded again`;
    context.output.note(changes === '' ? `${reuse}.` : `${reuse} (now ${changes.replace(/, not /g, ' → ')}).`);
  } else {
    context.output.note(`Resuming job "${recorded.jobName}" from ${dir}`);
  }
  return { jobName: recorded.jobName, onExisting: 'resume', fresh: false };
}

/** Discards the recorded run (its datasets deleted where they exist) and names a fresh one. */
async function startOver(plan: CleansePlan, context: IdentifyContext, recorded: RunRecord, state: ServiceState, why: string): Promise<RunIdentity> {
  const dir = plan.checkpointDir ?? '';
  const deleted = await discardRun(context.client, dir, state, context.signal);
  // The discarded run's names stay taken on the service: the same --job-name again gets a suffix.
  const reused = plan.jobName !== undefined && plan.jobName === recorded.jobName;
  const jobName = plan.jobName === undefined ? newJobName(plan) : reused ? `${plan.jobName} ${randomBytes(2).toString('hex')}` : plan.jobName;
  const removed = deleted.length === 0 ? '' : ` (deleted: ${deleted.join(', ')})`;
  const renamed = reused ? ` (--job-name "${plan.jobName}" stays taken by the discarded run)` : '';
  context.output.note(`${why}${removed}. Starting over as job "${jobName}"${renamed}, uploading every input again.`);
  return { jobName, onExisting: 'fail', fresh: true };
}

function datasetsOf(state: ServiceState): string {
  return state.datasets.map((dataset) => `${dataset.name}, ${countOf(dataset.checkpoint.totalStoredRecords ?? dataset.checkpoint.storedRecords, 'record')}`).join('; ');
}

export function newJobName(plan: CleansePlan): string {
  const firstFile = plan.inputs.find((input) => input.path !== STDIO)?.path;
  return defaultJobName(plan.workflow, firstFile);
}
