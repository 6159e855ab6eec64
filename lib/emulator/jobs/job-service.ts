/**
 * Jobs of every account: starting them (with their output datasets), running them in the
 * background, answering polls (including scripted lifecycles), resuming unfinished jobs after
 * a restart, and stopping them all on close or reset.
 *
 * @packageDocumentation
 */
import type { ColumnMap, Job, JobRef } from '../../core/wire.js';
import type { Clock } from '../context.js';
import { nameProblem } from '../datasets/names.js';
import { isColumnTypeCode } from '../datasets/record-validator.js';
import { invalidField } from '../problems.js';
import type { AccountDatasets, DatasetStore } from '../storage/dataset-store.js';
import type { AccountJobs, JobRecord, JobStore } from '../storage/job-store.js';
import type { WorkflowRegistry } from '../workflows/registry.js';
import type { WorkflowDefinition } from '../workflows/types.js';
import { outputDatasetName } from './job-names.js';
import { checkJobRequest, type AcceptedJobRequest } from './job-request.js';
import { runJob } from './job-runner.js';
import { JobScripts, type ResolvedJobScript } from './job-scripts.js';
import { JobStatus, isFinished } from './job-status.js';

/** What the service is built from. */
export interface JobServiceOptions {
  readonly datasets: DatasetStore;
  readonly jobs: JobStore;
  readonly workflows: WorkflowRegistry;
  readonly clock: Clock;
  /** The pace of unscripted jobs. */
  readonly recordsPerSecond: number;
}

/** Filters of `GET /Job` (times in milliseconds since the epoch, both ends included). */
export interface JobFilter {
  readonly workflow?: string | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/** A job held "running" for a number of polls by a script. */
interface HeldJob {
  readonly afterPolls: number;
  pollsLeft: number;
  readonly done: Promise<void>;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The wire object of a job (without the store's bookkeeping). */
function toWire(job: JobRecord): Job {
  const { sequence: _sequence, ...wire } = job;
  return wire;
}

/** Runs and answers for the jobs of every account. */
export class JobService {
  readonly scripts = new JobScripts();
  readonly #options: JobServiceOptions;
  readonly #running = new Set<Promise<void>>();
  readonly #held = new WeakMap<JobRecord, HeldJob>();
  #stop = new AbortController();

  constructor(options: JobServiceOptions) {
    this.#options = options;
  }

  #outputColumns(accepted: AcceptedJobRequest, role: string): ColumnMap {
    const inputColumns = Object.fromEntries(Object.entries(accepted.inputs).map(([r, dataset]) => [r, dataset.columns]));
    const { workflow } = accepted;
    const columns = workflow.outputColumns?.(role, inputColumns, accepted.parameters) ?? Object.assign({}, ...Object.values(inputColumns)) as ColumnMap;
    for (const [column, code] of Object.entries(columns)) {
      if (nameProblem(column) !== undefined || !isColumnTypeCode(code)) {
        throw invalidField('workflowName', `workflow ${workflow.name} declares an invalid output column ${column} (type ${String(code)}) for role ${role}`);
      }
    }
    return columns;
  }

  /** `POST /Job`: checks the request, creates the output datasets and starts the job. */
  async start(accountId: string, body: unknown): Promise<Job> {
    const [datasets, jobs] = await Promise.all([this.#options.datasets.account(accountId), this.#options.jobs.account(accountId)]);
    const accepted = checkJobRequest(body, this.#options.workflows, datasets, (name) => jobs.get(name) !== undefined);
    const { workflow } = accepted;
    const outputColumns = workflow.outputRoles.map((role) => [role, this.#outputColumns(accepted, role)] as const);
    // Names are claimed synchronously (before any await) so concurrent starts cannot collide.
    const outputDatasets: Record<string, string> = {};
    const creating = outputColumns.map(([role, columns]) => {
      const name = outputDatasetName(accepted.name, role, (candidate) => datasets.isTaken(candidate));
      outputDatasets[role] = name;
      return datasets.create(name, columns, false);
    });
    const now = this.#options.clock.now();
    const total = Object.values(accepted.inputs).reduce((sum, dataset) => sum + dataset.recordCount, 0);
    const adding = jobs.add({
      name: accepted.name,
      workflowName: workflow.name,
      submittedAt: iso(now),
      completedAt: null,
      status: JobStatus.Queued,
      percentComplete: 0,
      estimatedFinishTime: iso(now + (total / this.#options.recordsPerSecond) * 1000),
      statistics: {},
      inputDatasets: Object.fromEntries(Object.entries(accepted.inputs).map(([role, dataset]) => [role, dataset.name])),
      outputDatasets,
      parameters: accepted.parameters,
      inputFilename: accepted.inputFilename,
      outputFilenames: {},
    });
    await Promise.all(creating);
    const job = await adding;
    const script = this.scripts.take(job.name);
    const done = this.#launch(job, datasets, jobs, workflow, script);
    if (script?.afterPolls === 0) await done;
    return toWire(job);
  }

  #launch(job: JobRecord, datasets: AccountDatasets, jobs: AccountJobs, workflow: WorkflowDefinition, script?: ResolvedJobScript): Promise<void> {
    const recordsPerSecond = script === undefined ? this.#options.recordsPerSecond : Number.POSITIVE_INFINITY;
    const { clock } = this.#options;
    const done = runJob(job, { datasets, jobs, workflow, recordsPerSecond, clock, signal: this.#stop.signal, script });
    this.#running.add(done);
    void done.finally(() => this.#running.delete(done));
    if (script !== undefined && script.afterPolls > 0) this.#held.set(job, { afterPolls: script.afterPolls, pollsLeft: script.afterPolls, done });
    return done;
  }

  /** `GET /Job/{name}`: one poll (a scripted job shows "running" until its polls are used up). */
  async get(accountId: string, name: string): Promise<Job | undefined> {
    const job = (await this.#options.jobs.account(accountId)).get(name);
    if (job === undefined) return undefined;
    const held = this.#held.get(job);
    if (held !== undefined) {
      if (held.pollsLeft > 0) {
        held.pollsLeft -= 1;
        return this.#heldView(job, held);
      }
      this.#held.delete(job);
      await held.done;
    }
    return toWire(job);
  }

  #heldView(job: JobRecord, held: HeldJob): Job {
    const seen = held.afterPolls - held.pollsLeft;
    return {
      ...toWire(job),
      status: JobStatus.Running,
      completedAt: null,
      statistics: {},
      percentComplete: Math.floor((seen * 100) / (held.afterPolls + 1)),
      estimatedFinishTime: iso(this.#options.clock.now() + 1000),
    };
  }

  /** `GET /Job`: the account's jobs, most recent first, filtered. */
  async list(accountId: string, filter: JobFilter): Promise<JobRef[]> {
    const jobs = (await this.#options.jobs.account(accountId)).list();
    return jobs
      .filter((job) => {
        const submitted = Date.parse(job.submittedAt);
        return (
          (filter.workflow === undefined || job.workflowName === filter.workflow) &&
          (filter.from === undefined || submitted >= filter.from) &&
          (filter.to === undefined || submitted <= filter.to)
        );
      })
      .map((job) => {
        const held = this.#held.get(job);
        const status = held !== undefined && held.pollsLeft > 0 ? JobStatus.Running : job.status;
        const { name, workflowName, submittedAt } = job;
        return { name, workflowName, submittedAt, status, location: `/Job/${encodeURIComponent(name)}` };
      });
  }

  /** Restarts the jobs a previous run of the emulator left queued or running (after a restart). */
  async resume(): Promise<void> {
    for (const accountId of await this.#options.jobs.idsOnDisk()) {
      const [datasets, jobs] = await Promise.all([this.#options.datasets.account(accountId), this.#options.jobs.account(accountId)]);
      for (const job of jobs.list()) {
        if (isFinished(job.status)) continue;
        const workflow = this.#options.workflows.get(job.workflowName);
        if (workflow !== undefined) {
          void this.#launch(job, datasets, jobs, workflow);
          continue;
        }
        const now = iso(this.#options.clock.now());
        Object.assign(job, { status: JobStatus.Failed, completedAt: now, estimatedFinishTime: now });
        job.statistics = { error: `The workflow ${job.workflowName} is not known to this emulator (it was given to an earlier start).` };
        await jobs.save(job);
      }
    }
  }

  /** Stops every running job (they resume on the next start with the same data directory). */
  async stop(): Promise<void> {
    this.#stop.abort();
    await Promise.allSettled([...this.#running]);
    await this.#options.jobs.flush();
  }

  /** Stops every job and forgets every job, script and dataset. */
  async reset(): Promise<void> {
    await this.stop();
    this.#stop = new AbortController();
    this.scripts.clear();
    await this.#options.jobs.reset();
    await this.#options.datasets.reset();
  }
}
