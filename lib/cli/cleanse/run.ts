/**
 * Runs `data8-batch cleanse` from its plan: the checkpoint directory (new run or resume), the
 * session (an embedded emulator when no credentials are set), progress, the library's
 * `cleanse()`, the rejects file, and the summary.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { cleanse, type CleanseOptions, type CleanseOutputs, type CleanseResult, type OnExisting } from '../../cleanse.js';
import { defaultJobName } from '../../cleanse/names.js';
import { ConfigError, InputError, RecordRejectedError } from '../../core/errors.js';
import { STDIO, inputSize } from '../commands/input-files.js';
import { outputOf, type CliContext } from '../context.js';
import { countOf } from '../format-values.js';
import { Output } from '../output.js';
import { createProgressRenderer, effectiveProgressMode, type ProgressMode } from '../progress/renderer.js';
import { UsageError } from '../report-error.js';
import { openSession } from '../session.js';
import { dryRun } from './dry-run.js';
import { readOptionsOf, type CleansePlan } from './plan.js';
import { RejectsFile } from './rejects.js';
import { checkSameRun, embeddedEmulatorDir, readRunRecord, removeCheckpointDir, runRecordOf, writeRunRecord } from './run-state.js';
import { recordPathOf } from '../settings/client-options.js';
import type { EffectiveSettings } from '../settings/resolve.js';
import { dryRunText, summaryJson, summaryText } from './summary.js';

/** Which job a run works on, and what it does when that job's names are taken. */
interface RunIdentity {
  readonly jobName: string;
  readonly onExisting: OnExisting;
}

/** Runs the plan; throws on failure (the checkpoint is then kept and `context.run.hint` says so). */
export async function runCleanse(context: CliContext, command: Command, plan: CleansePlan, progress: ProgressMode): Promise<void> {
  const output = outputOf(context, command);
  // A dry run writes no records: its report is the result.
  if (plan.dryRun) return reportDryRun(context, plan, output);
  // With the records on stdout, everything else goes to stderr.
  const results = plan.output === STDIO ? new Output({ stdout: context.streams.stderr, stderr: context.streams.stderr }, output) : output;

  const identity = await identify(plan, output);
  const dir = plan.checkpointDir;
  const session = await openSession(context, command, {
    embedWithoutCredentials: true,
    note: (message) => output.note(message),
    embeddedDataDir: dir === undefined ? undefined : embeddedEmulatorDir(dir),
  });
  const renderer = createProgressRenderer({
    mode: effectiveProgressMode(progress, output.quiet),
    stderr: context.streams.stderr,
    inputBytes: await inputSize(plan.inputs.map((input) => input.path)),
  });
  const rejects = plan.rejects === undefined ? undefined : new RejectsFile(plan.rejects, context.signal);
  let result: CleanseResult;
  try {
    if (dir !== undefined) {
      await writeRunRecord(dir, await runRecordOf(plan, identity.jobName));
      // Set before the run, so whatever ends it (even a crash) is followed by where the checkpoint is.
      context.run.hint = `The checkpoint is kept in ${dir}: rerun with --resume to continue, or remove it to start over.`;
    }
    result = await cleanse({
      client: session.client,
      workflow: plan.workflow,
      inputs: Object.fromEntries(
        plan.inputs.map((input) => [input.role, { source: input.path === STDIO ? process.stdin : input.path, read: readOptionsOf(plan, input) }]),
      ),
      outputs: outputsOf(plan, context),
      jobName: identity.jobName,
      parameters: plan.parameters,
      onExisting: identity.onExisting,
      ...(dir === undefined ? {} : { checkpointDir: dir }),
      keepDatasets: plan.keepDatasets,
      ...tuningOf(session.settings),
      ...(rejects === undefined ? {} : { onRejected: (rejected) => rejects.add(rejected) }),
      signal: context.signal,
      onProgress: (event) => renderer.update(event),
    });
    renderer.stop();
    checkOutputRole(plan, result);
    await rejects?.close();
    if (dir !== undefined) await removeCheckpointDir(dir);
    context.run.hint = undefined;
  } catch (error) {
    renderer.stop();
    rejects?.abort();
    if (dir !== undefined && error instanceof InputError && !(error instanceof RecordRejectedError)) {
      // The input itself must change before a rerun, and a changed input cannot resume: start over then.
      await removeCheckpointDir(dir);
      context.run.hint = undefined;
    }
    // An embedded emulator's datasets go with it: none is left anywhere to delete.
    if (session.embeddedEmulatorUrl !== undefined && error instanceof InputError && error.cause instanceof InputError && error.leftDatasets.length > 0) {
      throw error.cause;
    }
    throw error;
  } finally {
    await session.close();
  }
  const facts = {
    workflow: plan.workflow,
    rejects: rejects === undefined ? undefined : { path: rejects.path, count: rejects.count },
    embeddedEmulator: session.embeddedEmulatorUrl !== undefined,
  };
  if (results.json) results.writeJson(summaryJson(result, facts, session.client.assumedValues));
  else results.write(summaryText(result, facts, session.client.assumedValues));
}

/**
 * The record path's settings, as given: `auto` goes to the library as it is (the library's
 * adaptive window decides), hence the widened type here.
 */
function tuningOf(settings: EffectiveSettings): Pick<CleanseOptions, 'upload' | 'download'> {
  return recordPathOf(settings) as Pick<CleanseOptions, 'upload' | 'download'>;
}

/** A new run, or the interrupted one recorded in the checkpoint directory. */
async function identify(plan: CleansePlan, output: Output): Promise<RunIdentity> {
  const dir = plan.checkpointDir;
  if (dir === undefined) {
    if (plan.resume) throw new UsageError('cleanse: --resume needs a checkpoint; reading stdin into stdout, give --checkpoint <dir>');
    return { jobName: plan.jobName ?? newJobName(plan), onExisting: 'fail' };
  }
  const recorded = await readRunRecord(dir);
  if (recorded !== undefined && !plan.resume) {
    throw new ConfigError(
      `an interrupted run (job "${recorded.jobName}") left its checkpoint in ${dir}: rerun with --resume to continue it, or remove ${dir} to start over`,
    );
  }
  if (recorded !== undefined) {
    await checkSameRun(dir, recorded, plan);
    output.note(`Resuming job "${recorded.jobName}" from ${dir}`);
    return { jobName: recorded.jobName, onExisting: 'resume' };
  }
  if (plan.resume) output.note(`Nothing to resume in ${dir}: starting from the beginning.`);
  return { jobName: plan.jobName ?? newJobName(plan), onExisting: plan.resume ? 'resume' : 'fail' };
}

function newJobName(plan: CleansePlan): string {
  const firstFile = plan.inputs.find((input) => input.path !== STDIO)?.path;
  return defaultJobName(plan.workflow, firstFile);
}

/** The chosen output role goes to the output; others are not downloaded (their datasets are kept). */
function outputsOf(plan: CleansePlan, context: CliContext): CleanseOutputs {
  let chosen = plan.outputRole;
  const destination = plan.output === STDIO ? context.streams.stdout : plan.output;
  return (role) => {
    chosen ??= role;
    return role === chosen ? { destination, write: { format: plan.outputFormat } } : undefined;
  };
}

function checkOutputRole(plan: CleansePlan, result: CleanseResult): void {
  if (Object.values(result.outputs).some((output) => output.downloaded)) return;
  const roles = Object.keys(result.outputs).join(', ') || 'none';
  throw new ConfigError(`workflow ${plan.workflow} has no output role ${plan.outputRole ?? ''} (its roles: ${roles}); its output datasets are kept`);
}

async function reportDryRun(context: CliContext, plan: CleansePlan, results: Output): Promise<void> {
  const report = await dryRun(plan, context.signal);
  if (results.json) results.writeJson(report);
  else results.write(dryRunText(report));
  const count = report.problemCount;
  if (count > 0) throw new DryRunProblems(`the dry run found ${countOf(count, 'problem')} (listed above); nothing was sent`);
}

/** A dry run that found problems: they are printed already; this is the closing line and exit code 1. */
export class DryRunProblems extends Error {
  override readonly name = 'DryRunProblems';
}
