/**
 * The checkpoint directory of a `cleanse` run: the library's upload checkpoints (one per input
 * dataset), the embedded emulator's data when there is one, and `run.json`, which names the job
 * so `--resume` can find the same run again. Written before anything is sent, removed after a
 * successful run, kept after a failure or an interruption.
 *
 * @packageDocumentation
 */
import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import { fingerprintFile } from '../../streams/checkpoint-file.js';
import { STDIO } from '../commands/input-files.js';
import type { CleansePlan } from './plan.js';

/** What `run.json` records. */
export interface RunRecord {
  readonly version: 1;
  readonly jobName: string;
  readonly workflow: string;
  /** The workflow parameters (`--param`); like the workflow, they may change until the job is started. */
  readonly parameters?: Readonly<Record<string, string>>;
  readonly inputs: readonly RecordedInput[];
  readonly output: string;
  readonly startedAt: string;
}

/**
 * An input as the run saw it: a file's size, a hash of its start and its modification time
 * tell a changed file (the same fingerprint as the upload checkpoints).
 */
export interface RecordedInput {
  readonly role: string;
  readonly path: string;
  readonly size?: number;
  readonly headSha256?: string;
  readonly mtimeMs?: number;
}

const RUN_FILE = 'run.json';

/** The embedded emulator's data directory inside a checkpoint directory. */
export function embeddedEmulatorDir(checkpointDir: string): string {
  return join(checkpointDir, 'emulator');
}

/** The run recorded in `directory`, or `undefined` when there is none. */
export async function readRunRecord(directory: string): Promise<RunRecord | undefined> {
  let text: string;
  try {
    text = await readFile(join(directory, RUN_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const record = JSON.parse(text) as Partial<RunRecord>;
    if (record.version === 1 && typeof record.jobName === 'string' && typeof record.workflow === 'string' && Array.isArray(record.inputs)) {
      return record as RunRecord;
    }
  } catch {
    // Reported below, with the same words as a record of the wrong shape.
  }
  throw new ConfigError(`${join(directory, RUN_FILE)} is not a data8-batch run record: rerun with --restart to discard it and start over`);
}

/** Records the run (atomically: a crash never leaves half a record). */
export async function writeRunRecord(directory: string, record: RunRecord): Promise<void> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, RUN_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
  await rename(temporary, path);
}

/** Removes the directory and everything in it, once the run it served has succeeded. */
export async function removeCheckpointDir(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true });
}

/** The record a new run of `plan` writes. */
export async function runRecordOf(plan: CleansePlan, jobName: string): Promise<RunRecord> {
  return {
    version: 1,
    jobName,
    workflow: plan.workflow,
    parameters: plan.parameters,
    inputs: await Promise.all(plan.inputs.map(({ role, path }) => recordInput(role, path))),
    output: plan.output,
    startedAt: new Date().toISOString(),
  };
}

async function recordInput(role: string, path: string): Promise<RecordedInput> {
  if (path === STDIO) return { role, path };
  const { size, headSha256, mtimeMs } = await fingerprintFile(path);
  return { role, path, size, headSha256, ...(mtimeMs === undefined ? {} : { mtimeMs }) };
}

/** How a recorded run differs from the one a command line describes. */
export interface RunDifferences {
  /** Differences no resume may cross: other inputs, a changed file, another job name. */
  readonly fixed: readonly string[];
  /** Options that may change while the job has not been started: the workflow and its parameters. */
  readonly changeable: readonly string[];
}

/**
 * Compares a recorded run with the one `plan` describes, so a resume never continues another
 * run's upload (or job) into this one's output.
 */
export async function compareRun(record: RunRecord, plan: CleansePlan): Promise<RunDifferences> {
  const fixed: string[] = [];
  const changeable: string[] = [];
  if (record.workflow !== plan.workflow) changeable.push(`workflow ${record.workflow}, not ${plan.workflow}`);
  const parameters = (values: Readonly<Record<string, string>>): string =>
    Object.entries(values)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => `${key}=${value}`)
      .join(', ') || 'none';
  const before = parameters(record.parameters ?? {});
  if (before !== parameters(plan.parameters)) changeable.push(`parameters ${before}, not ${parameters(plan.parameters)}`);
  const inputs = (list: RunRecord['inputs']): string => list.map(({ role, path }) => `${role}=${path}`).join(', ');
  const planned = plan.inputs.map(({ role, path }) => ({ role, path }));
  if (inputs(record.inputs) !== inputs(planned)) fixed.push(`inputs ${inputs(record.inputs)}, not ${inputs(planned)}`);
  if (plan.jobName !== undefined && plan.jobName !== record.jobName) fixed.push(`job "${record.jobName}", not "${plan.jobName}"`);
  for (const recorded of record.inputs) {
    if (recorded.headSha256 === undefined) continue;
    const now = await recordInput(recorded.role, recorded.path).catch(() => undefined);
    const modified = recorded.mtimeMs !== undefined && now?.mtimeMs !== recorded.mtimeMs;
    if (now?.size !== recorded.size || now?.headSha256 !== recorded.headSha256 || modified) fixed.push(`${recorded.path} has changed since`);
  }
  return { fixed, changeable };
}
