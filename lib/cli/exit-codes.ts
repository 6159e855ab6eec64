/**
 * The command's exit codes. Scripts and schedulers branch on these, so they never change.
 *
 * @packageDocumentation
 */

/** Exit codes of `data8-batch`. */
export const ExitCode = {
  /** Everything asked for was done. */
  Ok: 0,
  /** The work failed; one message on stderr says why. */
  Failure: 1,
  /** The command line was wrong (unknown flag, missing argument, bad value). */
  Usage: 2,
  /** Interrupted by Ctrl-C (SIGINT); a checkpoint, when kept, survives. */
  Interrupted: 130,
  /** Stopped by SIGTERM; as {@link ExitCode.Interrupted}. */
  Terminated: 143,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
