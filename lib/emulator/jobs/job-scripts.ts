/**
 * Job lifecycles a test can script: finish at once, finish after N polls, fail with a given
 * error, or be cancelled, for a job by name or for the next job started.
 *
 * @packageDocumentation
 */

/** How a scripted job ends. */
export type JobOutcome = 'complete' | 'fail' | 'cancel';

/** One scripted lifecycle. */
export interface JobScript {
  /** The job it applies to; omitted: the next job started that no other script names. */
  readonly job?: string;
  /**
   * How many `GET /Job/{name}` answers show the job still running before one shows it
   * finished. `0` finishes it at once: `POST /Job` already answers it finished.
   * @default 0
   */
  readonly afterPolls?: number;
  /** @default 'complete' ('fail' when {@link error} is given) */
  readonly outcome?: JobOutcome;
  /** The failure message (`statistics.error`). @default 'The job failed (scripted).' */
  readonly error?: string;
}

/** A script as applied to one job. */
export interface ResolvedJobScript {
  readonly afterPolls: number;
  readonly outcome: JobOutcome;
  readonly error: string;
}

const OUTCOMES: readonly JobOutcome[] = ['complete', 'fail', 'cancel'];

/** Checks a script from a test (programmatic or `POST /_emulator/jobs`); throws a `TypeError` naming the field. */
export function checkJobScript(value: unknown): JobScript {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('a job script must be an object');
  const script = value as Record<string, unknown>;
  const { job, afterPolls, outcome, error } = script;
  if (job !== undefined && (typeof job !== 'string' || job === '')) throw new TypeError('job must be a non-empty string');
  if (afterPolls !== undefined && (typeof afterPolls !== 'number' || !Number.isSafeInteger(afterPolls) || afterPolls < 0)) {
    throw new TypeError('afterPolls must be a whole number ≥ 0');
  }
  if (outcome !== undefined && !OUTCOMES.includes(outcome as JobOutcome)) {
    throw new TypeError(`outcome must be one of ${OUTCOMES.join(', ')}`);
  }
  if (error !== undefined && typeof error !== 'string') throw new TypeError('error must be a string');
  for (const key of Object.keys(script)) {
    if (!['job', 'afterPolls', 'outcome', 'error'].includes(key)) throw new TypeError(`unknown field ${key}`);
  }
  return script;
}

/** Scripts waiting for their job. */
export class JobScripts {
  readonly #byJob = new Map<string, JobScript>();
  readonly #next: JobScript[] = [];

  /** Adds a script (checked). */
  add(script: JobScript): void {
    const checked = checkJobScript(script);
    if (checked.job === undefined) this.#next.push(checked);
    else this.#byJob.set(checked.job, checked);
  }

  /** Takes the script for a job starting now: its own, else the oldest one for "the next job". */
  take(jobName: string): ResolvedJobScript | undefined {
    let script = this.#byJob.get(jobName);
    if (script === undefined) script = this.#next.shift();
    else this.#byJob.delete(jobName);
    if (script === undefined) return undefined;
    return {
      afterPolls: script.afterPolls ?? 0,
      outcome: script.outcome ?? (script.error === undefined ? 'complete' : 'fail'),
      error: script.error ?? 'The job failed (scripted).',
    };
  }

  /** Scripts not yet applied. */
  pending(): JobScript[] {
    return [...this.#byJob.values(), ...this.#next];
  }

  /** Drops every script. */
  clear(): void {
    this.#byJob.clear();
    this.#next.length = 0;
  }
}
