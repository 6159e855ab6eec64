/**
 * Turns a failure into one clear message and an exit code. People get the file, line, column
 * and reason (or the server's own explanation); the stack trace only with `--verbose`.
 *
 * @packageDocumentation
 */
import { inspect } from 'node:util';
import { AbortError, ApiError, AuthenticationError, Data8Error, InputError, JobFailedError } from '../core/errors.js';
import { inCliWords } from './reader-flags.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/** A command-line mistake found after parsing (a bad `--param`, conflicting options). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The exit code for a failure: usage errors 2, interruptions 130/143, everything else 1. */
export function exitCodeFor(error: unknown, interruptedBy?: NodeJS.Signals): ExitCodeValue {
  if (interruptedBy !== undefined) return interruptedBy === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted;
  if (error instanceof UsageError) return ExitCode.Usage;
  if (error instanceof AbortError) return ExitCode.Interrupted;
  return ExitCode.Failure;
}

/** The one-paragraph message a person sees for a failure. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiError) return describeApiError(error);
  if (error instanceof AuthenticationError) {
    const description = error.errorDescription;
    const message = description === undefined || error.message.includes(description) ? error.message : `${error.message} (${description})`;
    return message.includes('DATA8_CLIENT_ID') ? message : `${message}\nCheck DATA8_CLIENT_ID, DATA8_CLIENT_SECRET and DATA8_AUTH_URL, or the --credentials file.`;
  }
  if (error instanceof JobFailedError) {
    const reason = jobError(error.job);
    return reason === undefined || error.message.includes(reason) ? error.message : `${error.message}: ${reason}`;
  }
  if (error instanceof InputError) return inCliWords(error);
  if (error instanceof Data8Error) return error.message;
  if (isSystemError(error)) return describeSystemError(error);
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The stack with every `cause`, for `--verbose`. */
export function describeStack(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    const prefix = depth === 0 ? '' : 'caused by: ';
    lines.push(prefix + (current instanceof Error ? (current.stack ?? current.message) : inspect(current)));
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}

function describeApiError(error: ApiError): string {
  const lines = [error.message];
  const detail = error.problem?.detail;
  if (detail !== undefined && !error.message.includes(detail)) lines.push(detail);
  for (const [field, messages] of Object.entries(error.fieldErrors)) {
    const text = `${field}: ${messages.join('; ')}`;
    if (!error.message.includes(text)) lines.push(`  ${text}`);
  }
  return lines.join('\n');
}

function jobError(job: unknown): string | undefined {
  if (job === null || typeof job !== 'object') return undefined;
  const statistics = (job as { statistics?: unknown }).statistics;
  if (statistics === null || typeof statistics !== 'object') return undefined;
  const message = (statistics as { error?: unknown }).error;
  return typeof message === 'string' ? message : undefined;
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'syscall' in error;
}

const SYSTEM_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
};

function describeSystemError(error: NodeJS.ErrnoException): string {
  const reason = SYSTEM_REASONS[error.code ?? ''];
  if (reason === undefined || error.path === undefined) return error.message;
  return `${error.path}: ${reason}`;
}

/** Replaces every occurrence of each secret in `text` with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('***');
  }
  return result;
}
