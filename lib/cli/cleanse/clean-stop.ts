/**
 * What `cleanse` leaves when it stops early: after the reader of stdout went away (`| head`)
 * it leaves nothing that blocks the next run (the checkpoint goes, and the run's datasets are
 * deleted as a successful run would delete them, or named when they cannot be); after a
 * failure before anything existed on the service (a wrong secret), the checkpoint goes too.
 *
 * @packageDocumentation
 */
import { readdir } from 'node:fs/promises';
import type { Data8Client } from '../../client.js';
import { NotFoundError } from '../../core/errors.js';
import type { ProgressEvent } from '../../streams/progress.js';

/** How long the clean-up after a closed stdout may take: the user is waiting. */
const CLEAN_UP_MS = 30_000;

/** What the CLI saw of a run: any progress at all, the datasets progress events named, and whether the uploads ended before the job began. */
export class RunTrace {
  readonly datasets = new Set<string>();
  sawProgress = false;
  readonly #uploaded = new Set<string>();
  #jobSeen = false;

  observe(event: ProgressEvent): void {
    this.sawProgress = true;
    if (event.dataset !== undefined) this.datasets.add(event.dataset);
    if (event.phase === 'upload' && event.done) this.#uploaded.add(event.dataset ?? '');
    if (event.phase === 'job') this.#jobSeen = true;
  }

  /** Every one of `inputs` finished uploading and the job made no progress: a failed job start left complete datasets. */
  uploadedBeforeJob(inputs: number): boolean {
    return !this.#jobSeen && this.#uploaded.size >= inputs;
  }
}

/** True when the checkpoint directory holds an upload checkpoint: an input dataset exists on the service. */
export async function hasUploadCheckpoints(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.some((name) => name.endsWith('.checkpoint.json'));
}

/** What {@link deleteRunDatasets} needs to know about the run. */
export interface StoppedRun {
  readonly client: Data8Client;
  readonly jobName: string;
  /** The output role the run was downloading; `undefined`: the job's only one. */
  readonly outputRole: string | undefined;
  readonly trace: RunTrace;
}

/**
 * Deletes the run's input datasets and the output dataset it was downloading (what a
 * successful run deletes), and says what it did: a sentence for the failure message.
 */
export async function deleteRunDatasets(run: StoppedRun): Promise<string> {
  const signal = AbortSignal.timeout(CLEAN_UP_MS);
  const names = new Set(run.trace.datasets);
  let unread: string | undefined;
  try {
    const job = await run.client.jobs.get(run.jobName, { signal });
    for (const name of Object.values(job.inputDatasets)) names.add(name);
    const outputs = Object.entries(job.outputDatasets);
    const chosen = run.outputRole === undefined ? (outputs.length === 1 ? outputs[0]?.[1] : undefined) : job.outputDatasets[run.outputRole];
    if (chosen !== undefined) names.add(chosen);
  } catch (error) {
    // No job yet: the datasets the progress named are all there is.
    if (!(error instanceof NotFoundError)) unread = `job "${run.jobName}" could not be read, so its datasets may be left on the service`;
  }
  const deleted: string[] = [];
  const left: string[] = [];
  for (const name of names) {
    try {
      await run.client.datasets.delete(name, { signal });
      deleted.push(name);
    } catch (error) {
      if (error instanceof NotFoundError) continue;
      left.push(name);
    }
  }
  const parts: string[] = ['the run was stopped', 'no checkpoint is kept'];
  if (deleted.length > 0) parts.push(`deleted the run's datasets ${deleted.join(', ')}`);
  if (left.length > 0) parts.push(`left on the service: ${left.join(', ')} (delete each with \`data8-batch datasets delete <name>\`)`);
  if (unread !== undefined) parts.push(unread);
  return parts.join('; ');
}
