/**
 * Job names and the names of the output datasets a job creates (contract, "Conventions" and
 * "Jobs").
 *
 * @packageDocumentation
 */
import { MAX_NAME_LENGTH } from '../datasets/names.js';

/** The longest job name. */
export const MAX_JOB_NAME_LENGTH = 200;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const FORBIDDEN = /[/:*?"<>|\\\u0000-\u001f\u007f-\u009f]/;

/** Why `name` is not a valid job name, or `undefined` when it is. */
export function jobNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'must be a string';
  if (name.length === 0 || name.length > MAX_JOB_NAME_LENGTH) return `must be 1 to ${MAX_JOB_NAME_LENGTH} characters long`;
  const bad = FORBIDDEN.exec(name);
  if (bad !== null) {
    const shown = bad[0] < ' ' || bad[0] >= '\u007f' ? `U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')}` : bad[0];
    return `must not contain / : * ? " < > | \\ or control characters (found ${shown})`;
  }
  return undefined;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

/**
 * The output dataset name for `role` of job `jobName`: lower-cased, every run of characters
 * outside `[a-z0-9]` turned into `_`, `j_` in front when it does not start with a letter, then
 * `_<role>`, then `_2`, `_3`, ... while `isTaken` says the name is in use (or once was).
 * The job part is shortened when the whole would pass the 128-character name limit.
 */
export function outputDatasetName(jobName: string, role: string, isTaken: (name: string) => boolean): string {
  let base = slug(jobName);
  if (!/^[a-z]/.test(base)) base = `j_${base}`;
  const suffix = `_${slug(role)}`;
  for (let n = 1; ; n++) {
    const counter = n === 1 ? '' : `_${n}`;
    const name = `${base.slice(0, MAX_NAME_LENGTH - suffix.length - counter.length)}${suffix}${counter}`;
    if (!isTaken(name)) return name;
  }
}
