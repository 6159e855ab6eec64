/**
 * The command's exit codes, by cause, so a scheduler can tell "retry later" from "fix the file"
 * from "fix the credentials". Scripts branch on these, so they never change. The numbers follow
 * BSD's sysexits.h where it has one (65, 75, 77, 78) and the shell's 128+signal otherwise.
 * docs/command-line.md carries the same table.
 *
 * @packageDocumentation
 */
import {
  AbortError,
  ApiError,
  AuthenticationError,
  ConfigError,
  ForbiddenError,
  InputError,
  JobStalledError,
  NetworkError,
  RateLimitError,
} from '../core/errors.js';
import { CliError } from './report-error.js';

/** Exit codes of `data8-batch`. */
export const ExitCode = {
  /** Everything asked for was done. */
  Ok: 0,
  /** The job failed, or any failure without a code of its own. */
  Failure: 1,
  /** The command line was wrong (unknown flag, missing argument, bad value). */
  Usage: 2,
  /** The input data is wrong: a malformed file, a value that does not fit, a record the service refused (without --rejects). */
  DataError: 65,
  /** Worth retrying later: the service unreachable, 5xx, 429 or timeouts after every retry, a stalled job. */
  TempFailure: 75,
  /** The credentials were refused (401, a token refused) or lack the permission (403). */
  NoPermission: 77,
  /** The configuration is wrong: credentials missing or set in part, a bad credentials file, a checkpoint in the way. */
  Config: 78,
  /** Interrupted by Ctrl-C (SIGINT); a checkpoint, when kept, survives. */
  Interrupted: 130,
  /** The reader of stdout went away (`| head`): 128 + SIGPIPE, as a shell reports a tool SIGPIPE ended. */
  StdoutClosed: 141,
  /** Stopped by SIGTERM; as {@link ExitCode.Interrupted}. */
  Terminated: 143,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The exit code for a failure, from its class (the one place that decides it). A signal
 * that stopped the run wins over whatever error the stop caused.
 */
export function exitCodeFor(error: unknown, interruptedBy?: NodeJS.Signals): ExitCodeValue {
  if (interruptedBy !== undefined) return interruptedBy === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted;
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof AbortError) return ExitCode.Interrupted;
  if (error instanceof ConfigError) return ExitCode.Config;
  if (error instanceof InputError) return ExitCode.DataError;
  if (error instanceof AuthenticationError || error instanceof ForbiddenError) return ExitCode.NoPermission;
  if (error instanceof RateLimitError || error instanceof NetworkError || error instanceof JobStalledError) return ExitCode.TempFailure;
  if (error instanceof ApiError) return exitCodeForStatus(error.status);
  return ExitCode.Failure;
}

function exitCodeForStatus(status: number): ExitCodeValue {
  if (status === 401 || status === 403) return ExitCode.NoPermission;
  if (status === 429 || status >= 500) return ExitCode.TempFailure;
  return ExitCode.Failure;
}
