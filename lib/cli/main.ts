#!/usr/bin/env node
/**
 * The `data8-batch` command. Runs the program, turns Ctrl-C (and a closed stdout) into an abort
 * of in-flight work, and turns every failure into one message (one JSON object with `--json`
 * or `--progress json`) and an exit code by cause (see {@link ExitCode}).
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { AbortError } from '../core/errors.js';
import type { CliContext } from './context.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { buildProgram } from './program.js';
import { describeFailure, describeStack, failureJson, redact, StdoutClosedError, UsageError } from './report-error.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** `--json`, or `--progress json`: failures are then one JSON object on stderr. */
function wantsJsonErrors(argv: readonly string[]): boolean {
  return argv.some((arg, index) => arg === '--json' || arg === '--progress=json' || (arg === '--progress' && argv[index + 1] === 'json'));
}

async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interruptedBy !== undefined) {
      // A second Ctrl-C: the user does not want to wait for a clean stop.
      process.exit(exitCodeFor(undefined, interruptedBy));
    }
    interruptedBy = signal;
    controller.abort(new AbortError(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const jsonErrors = wantsJsonErrors(argv);
  const context: CliContext = {
    streams: { stdout: process.stdout, stderr: process.stderr },
    env: process.env,
    signal: controller.signal,
    secrets: new Set(),
    run: { signalIsStop: false, stdoutClosed: false, jsonErrors },
  };
  // The reader of stdout went away (`| head`): stop at once; the command cleans up and exits 141.
  process.stdout.on('error', () => {
    if (context.run.stdoutClosed) return;
    context.run.stdoutClosed = true;
    controller.abort(new StdoutClosedError());
  });

  const verbose = argv.includes('--verbose');
  const report = (failure: unknown): number => {
    const secrets = [...context.secrets];
    // Whatever a closed stdout or a signal made fail downstream, the stop is the cause.
    let error = failure;
    if (context.run.stdoutClosed && !(error instanceof StdoutClosedError)) error = new StdoutClosedError('the command was stopped');
    if (interruptedBy !== undefined) error = new AbortError(`interrupted by ${interruptedBy}`);
    const code = exitCodeFor(error, interruptedBy);
    const hint = context.run.hint;
    if (jsonErrors) {
      const json = failureJson(error, code, (text) => redact(text, secrets), hint, context.run.credentialsHint);
      const stack = verbose ? { stack: redact(describeStack(failure), secrets) } : {};
      process.stderr.write(`${JSON.stringify({ error: { ...json.error, ...stack } })}\n`);
    } else {
      process.stderr.write(`data8-batch: ${redact(describeFailure(error, context.run.credentialsHint), secrets)}\n`);
      if (hint !== undefined) process.stderr.write(`${hint}\n`);
    }
    if (verbose && !jsonErrors) process.stderr.write(`${redact(describeStack(failure), secrets)}\n`);
    return code;
  };
  // An error a stream emits with nobody listening would otherwise end the process with a stack
  // trace from deep inside a dependency: it gets the same one-message treatment as any failure.
  const crash = (error: unknown): void => exitAfterFlush(report(error));
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    await buildProgram(context, version).parseAsync(argv, { from: 'user' });
    if (context.run.stdoutClosed) return report(new StdoutClosedError());
    return interruptedBy === undefined || context.run.signalIsStop ? ExitCode.Ok : report(undefined);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander printed its message already, unless failures are JSON (then it printed nothing).
      if (!jsonErrors || error.exitCode === ExitCode.Ok || error.code === 'commander.help') return error.exitCode;
      return report(new UsageError(error.message.replace(/^error: /, '')));
    }
    return report(error);
  }
}

/** Exits once stdout and stderr have taken everything written, so piped output is never cut short. */
function exitAfterFlush(code: number): void {
  const streams = [process.stdout, process.stderr].filter((stream) => !stream.destroyed && stream.writable);
  let pending = streams.length;
  if (pending === 0) process.exit(code);
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of streams) stream.write('', done);
}

main(process.argv.slice(2)).then(exitAfterFlush, (error: unknown) => {
  process.stderr.write(`data8-batch: ${describeFailure(error)}\n`);
  exitAfterFlush(ExitCode.Failure);
});
