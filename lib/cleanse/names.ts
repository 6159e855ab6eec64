/**
 * Names a cleansing run gives things: its job (when the caller names none) and its input
 * datasets, derived from the job name the way the service derives output dataset names
 * (lower case, runs of other characters as `_`, `j_` before a leading non-letter). Pure.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

/**
 * The input dataset name for `role` of job `jobName`, with `_2`, `_3`, ... for `attempt` 2, 3, ...
 * The job part is shortened to keep within `maxLength`.
 */
export function inputDatasetName(jobName: string, role: string, attempt = 1, maxLength = 128): string {
  let base = slug(jobName).replace(/_+$/, '');
  if (!/^[a-z]/.test(base)) base = `j_${base}`;
  const suffix = `_${slug(role).replace(/^_+|_+$/g, '')}${attempt > 1 ? `_${attempt}` : ''}`;
  return `${base.slice(0, Math.max(1, maxLength - suffix.length))}${suffix}`;
}

/** The job name for `attempt` 2, 3, ... of a name that was taken. */
export function renamedJob(jobName: string, attempt: number, maxLength = 200): string {
  if (attempt <= 1) return jobName;
  const suffix = ` (${attempt})`;
  return `${jobName.slice(0, maxLength - suffix.length)}${suffix}`;
}

// Characters a job name may not contain (contract, "Conventions").
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const FORBIDDEN_IN_JOB_NAMES = /[/:*?"<>|\\\u0000-\u001f\u007f]+/g;

/**
 * A job name when the caller gives none: the workflow, the first input's file name, the time and
 * four random hex digits, so that runs started in the same second over files of the same name
 * (one script, several folders) do not take each other's names.
 */
export function defaultJobName(workflow: string, firstInput: string | undefined, now: Date = new Date(), unique: string = randomBytes(2).toString('hex')): string {
  const stamp = now.toISOString().replace('T', ' ').replace(/:/g, '.').replace(/\.\d+Z$/, 'Z');
  const what = firstInput === undefined ? '' : ` ${basename(firstInput)}`;
  const tail = ` ${stamp} ${unique}`;
  return `${workflow}${what}`.slice(0, 200 - tail.length).concat(tail).replace(FORBIDDEN_IN_JOB_NAMES, '_');
}
