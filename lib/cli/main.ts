#!/usr/bin/env node
/**
 * The `data8-batch` command. Runs the program, turns Ctrl-C into an abort of in-flight work,
 * and turns every failure into one message and an exit code (see {@link ExitCode}).
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { AbortError } from '../core/errors.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';
import { describeFailure, describeStack, exitCodeFor, redact } from './report-error.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

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

  const context: CliContext = {
    streams: { stdout: process.stdout, stderr: process.stderr },
    env: process.env,
    signal: controller.signal,
    secrets: new Set(),
    run: { signalIsStop: false },
  };
  const verbose = argv.includes('--verbose');
  const report = (error: unknown): number => {
    const secrets = [...context.secrets];
    if (interruptedBy !== undefined) {
      process.stderr.write(`data8-batch: interrupted by ${interruptedBy}\n`);
    } else {
      process.stderr.write(`data8-batch: ${redact(describeFailure(error), secrets)}\n`);
    }
    if (context.run.hint !== undefined) process.stderr.write(`${context.run.hint}\n`);
    if (verbose) process.stderr.write(`${redact(describeStack(error), secrets)}\n`);
    return exitCodeFor(error, interruptedBy);
  };
  // An error a stream emits with nobody listening would otherwise end the process with a stack
  // trace from deep inside a dependency: it gets the same one-message treatment as any failure.
  const crash = (error: unknown): void => exitAfterFlush(report(error));
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    await buildProgram(context, version).parseAsync(argv, { from: 'user' });
    return interruptedBy === undefined || context.run.signalIsStop ? ExitCode.Ok : exitCodeFor(undefined, interruptedBy);
  } catch (error) {
    // Commander has already printed its message (and help where asked for).
    if (error instanceof CommanderError) return error.exitCode;
    return report(error);
  }
}

/** Exits once stdout and stderr have taken everything written, so piped output is never cut short. */
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

// A reader that stops early (`| head`) is not a failure of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(ExitCode.Ok);
  throw error;
});

main(process.argv.slice(2)).then(exitAfterFlush, (error: unknown) => {
  process.stderr.write(`data8-batch: ${describeFailure(error)}\n`);
  exitAfterFlush(ExitCode.Failure);
});
