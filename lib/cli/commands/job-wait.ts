/**
 * `jobs wait`: polls a job with {@link JobWaiter} and shows its progress until it ends.
 *
 * @packageDocumentation
 */
import type { Data8Client } from '../../client.js';
import type { Job } from '../../core/wire.js';
import { JobWaiter } from '../../streams/job-waiter.js';
import type { CliContext } from '../context.js';
import type { Output } from '../output.js';
import { createProgressRenderer, effectiveProgressMode, type ProgressMode } from '../progress/renderer.js';

/** What `jobs wait` was asked for. */
export interface WaitForJobOptions {
  /** Give up after this many milliseconds (the job keeps running). */
  readonly timeout?: number | undefined;
  readonly progress: ProgressMode;
}

/** Waits for the job, showing progress; throws `JobFailedError` when it fails. */
export async function waitForJob(context: CliContext, client: Data8Client, output: Output, name: string, options: WaitForJobOptions): Promise<Job> {
  const renderer = createProgressRenderer({ mode: effectiveProgressMode(options.progress, output.quiet), stderr: context.streams.stderr });
  try {
    const waiter = new JobWaiter({
      client,
      job: name,
      signal: context.signal,
      onProgress: (event) => renderer.update(event),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    });
    return await waiter.wait();
  } finally {
    renderer.stop();
  }
}
