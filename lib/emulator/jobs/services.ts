/**
 * The dataset store and the job service of one emulator, built once per context and shared by
 * the dataset routes, the job routes and the test controls. Wires them into the emulator's
 * lifecycle: reset, close, seed, and resuming unfinished jobs after a restart.
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import type { Account, AccountSeed, EmulatorContext } from '../context.js';
import { seedDatasets } from '../datasets/seed.js';
import { DatasetStore } from '../storage/dataset-store.js';
import { JobStore } from '../storage/job-store.js';
import { WorkflowRegistry } from '../workflows/registry.js';
import { JobService } from './job-service.js';
import type { JobScript } from './job-scripts.js';

/** Programmatic job controls: `emulator.jobs` (also `POST /_emulator/jobs`). */
export interface JobControls {
  /** Scripts the lifecycle of a job by name, or of the next job started. */
  script(script: JobScript): void;
  /** Scripts not yet applied. */
  pending(): JobScript[];
  /** Drops every script not yet applied. */
  clearScripts(): void;
}

declare module '../context.js' {
  interface EmulatorControls {
    jobs: JobControls;
  }
}

/** What the data routes share. */
export interface DataServices {
  readonly datasets: DatasetStore;
  readonly jobs: JobService;
}

const built = new WeakMap<EmulatorContext, DataServices>();

/** The data services of `ctx`, built (and wired into its lifecycle) on first call. */
export function dataServices(ctx: EmulatorContext): DataServices {
  const existing = built.get(ctx);
  if (existing !== undefined) return existing;
  // A kept data directory gets flushed writes; a temporary one is gone after close anyway.
  const durable = !ctx.options.temporaryDataDir;
  const datasets = new DatasetStore(join(ctx.dataDir, 'datasets'), durable);
  const jobStore = new JobStore(join(ctx.dataDir, 'jobs'), durable);
  const jobs = new JobService({
    datasets,
    jobs: jobStore,
    workflows: new WorkflowRegistry(ctx.options.workflows),
    clock: ctx.clock,
    recordsPerSecond: ctx.options.jobRecordsPerSecond,
  });
  const services: DataServices = { datasets, jobs };
  built.set(ctx, services);

  // A job that cannot be resumed (its files unreadable) stays as it was saved.
  const resuming = jobs.resume().catch(() => undefined);
  ctx.onReset(async () => {
    await resuming;
    await jobs.reset();
  });
  ctx.onClose(async () => {
    await resuming;
    await jobs.stop();
  });
  ctx.onSeed(async (account: Account, seed: AccountSeed) => {
    await seedDatasets(await datasets.account(account.id), seed['datasets']);
  });
  ctx.provideControl('jobs', {
    script: (script) => jobs.scripts.add(script),
    pending: () => jobs.scripts.pending(),
    clearScripts: () => jobs.scripts.clear(),
  });
  return services;
}
