/**
 * Runs `data8-batch cleanse` from its plan: the checkpoint directory (new run or resume), the
 * session (an embedded emulator only with --emulator), progress, the library's `cleanse()`,
 * the rejects file, the summary, and what an early stop leaves behind.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { cleanse, type CleanseOptions, type CleanseOutputs, type CleanseResult } from '../../cleanse.js';
import { ConfigError, InputError, RecordRejectedError } from '../../core/errors.js';
import { STDIO, inputSize } from '../commands/input-files.js';
import { outputOf, type CliContext } from '../context.js';
import { countOf } from '../format-values.js';
import { Output } from '../output.js';
import { createProgressRenderer, effectiveProgressMode, type ProgressMode } from '../progress/renderer.js';
import { CliError, StdoutClosedError } from '../report-error.js';
import { emulatorAsked, openSession } from '../session.js';
import { deleteRunDatasets, hasUploadCheckpoints, RunTrace } from './clean-stop.js';
import { dryRun } from './dry-run.js';
import { readOptionsOf, type CleansePlan } from './plan.js';
import { noteLine } from '../reader-flags.js';
import { RejectsFile } from './rejects.js';
import { identifyRun, type RunIdentity } from './identify.js';
import { embeddedEmulatorDir, removeCheckpointDir, runRecordOf, writeRunRecord } from './run-state.js';
import { recordPathOf } from '../settings/client-options.js';
import type { EffectiveSettings } from '../settings/resolve.js';
import { dryRunText, summaryJson, summaryText } from './summary.js';

/** Runs the plan; throws on failure (the checkpoint is then kept and `context.run.hint` says so). */
export async function runCleanse(context: CliContext, command: Command, plan: CleansePlan, progress: ProgressMode): Promise<void> {
  const output = outputOf(context, command);
  // A dry run writes no records: its report is the result.
  if (plan.dryRun) return reportDryRun(context, plan, output);
  // With the records on stdout, everything else goes to stderr.
  const results = plan.output === STDIO ? new Output({ stdout: context.streams.stderr, stderr: context.streams.stderr }, output) : output;

  const dir = plan.checkpointDir;
  const session = await openSession(context, command, {
    emulator: emulatorAsked(context, plan.emulator),
    notice: (message) => output.notice(message),
    embeddedDataDir: dir === undefined ? undefined : embeddedEmulatorDir(dir),
  });
  const trace = new RunTrace();
  const renderer = createProgressRenderer({
    mode: effectiveProgressMode(progress, output.quiet),
    stderr: context.streams.stderr,
    inputBytes: await inputSize(plan.inputs.map((input) => input.path)),
  });
  const rejects = plan.rejects === undefined ? undefined : new RejectsFile(plan.rejects, context.signal);
  let result: CleanseResult;
  let identity: RunIdentity | undefined;
  try {
    identity = await identifyRun(plan, { client: session.client, output, signal: context.signal });
    if (dir !== undefined) {
      await writeRunRecord(dir, await runRecordOf(plan, identity.jobName));
      // Set before the run, so whatever ends it (even a crash) is followed by where the checkpoint is.
      context.run.hint = `The checkpoint is kept in ${dir}: rerun with --resume to continue, or with --restart to discard it and start over.`;
    }
    result = await cleanse({
      client: session.client,
      workflow: plan.workflow,
      inputs: Object.fromEntries(
        plan.inputs.map((input) => [input.role, { source: input.path === STDIO ? process.stdin : input.path, read: readOptionsOf(plan, input, (note) => output.note(noteLine(note))) }]),
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
      onProgress: (event) => {
        trace.observe(event);
        renderer.update(event);
      },
    });
    renderer.stop();
    checkOutputRole(plan, result);
    await rejects?.close();
    if (dir !== undefined) await removeCheckpointDir(dir);
    context.run.hint = undefined;
  } catch (error) {
    renderer.stop();
    rejects?.abort();
    if (context.run.stdoutClosed) {
      // `| head`: the reader has what it wanted. Leave nothing that blocks the next run.
      let left = 'the run was stopped; no checkpoint is kept';
      // An embedded emulator's datasets go with it; a service's are deleted unless kept on purpose.
      const onService = session.embeddedEmulatorUrl === undefined;
      if (onService && plan.keepDatasets) left += '; the datasets are kept (--keep-datasets)';
      if (onService && !plan.keepDatasets && identity !== undefined) {
        left = await deleteRunDatasets({ client: session.client, jobName: identity.jobName, outputRole: plan.outputRole, trace });
      }
      if (dir !== undefined) await removeCheckpointDir(dir);
      context.run.hint = undefined;
      throw new StdoutClosedError(left);
    }
    if (dir !== undefined && identity?.fresh === true && !trace.sawProgress && !(await hasUploadCheckpoints(dir))) {
      // Nothing exists on the service yet (a wrong secret, the service down): nothing to resume.
      await removeCheckpointDir(dir);
      context.run.hint = undefined;
    }
    if (dir !== undefined && context.run.hint !== undefined && trace.uploadedBeforeJob(plan.inputs.length)) {
      context.run.hint =
        `Every input is uploaded and kept (checkpoint in ${dir}): correct the workflow (-w), --param or the credentials and rerun; ` +
        'the uploaded datasets are reused, not sent again. Or rerun with --restart to discard them and start over.';
    }
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
    embeddedEmulator: session.embeddedEmulatorUrl,
  };
  // With the records on stdout and --progress json, stderr carries JSON lines only: the summary is one.
  if (plan.output === STDIO && output.jsonLines) output.event('summary', summaryJson(result, facts, session.client.assumedValues));
  else if (results.json) results.writeJson(summaryJson(result, facts, session.client.assumedValues));
  else results.write(summaryText(result, facts, session.client.assumedValues));
}

/** The record path's settings, as given: `auto` goes to the library as it is (its adaptive window decides). */
function tuningOf(settings: EffectiveSettings): Pick<CleanseOptions, 'upload' | 'download'> {
  return recordPathOf(settings);
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

/** A dry run that found problems: they are printed already; this is the closing line and exit code 65 (bad input data). */
export class DryRunProblems extends CliError {
  constructor(message: string) {
    super(message, 'DATA8_INPUT_ERROR', 65);
  }
}

