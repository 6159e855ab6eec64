/**
 * Turns a failure into one clear message and an exit code. People get the file, line, column
 * and reason (or the server's own explanation); the stack trace only with `--verbose`.
 *
 * @packageDocumentation
 */
import { inspect } from 'node:util';
import { ApiError, AuthenticationError, Data8Error, InputError, JobFailedError, NetworkError } from '../core/errors.js';
import type { ExitCodeValue } from './exit-codes.js';
import { toCommandLine } from './vocabulary.js';
import { describeFlag, inCliWords } from './reader-flags.js';

/** A failure of the command itself (not of the library), with its code and exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    /** A stable, machine-readable code, as the library's errors have. */
    readonly code: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A command-line mistake found after parsing (a bad `--param`, conflicting options): exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 'DATA8_USAGE_ERROR', 2);
  }
}

/** The reader of stdout went away (`| head`): the run stops at once (exit code 141). */
export class StdoutClosedError extends CliError {
  /** `outcome`: what the stop left (or did not leave) behind. */
  constructor(outcome?: string) {
    super(
      `stdout was closed before the output was complete (its reader stopped early)${outcome === undefined ? '' : `: ${outcome}`}`,
      'DATA8_STDOUT_CLOSED',
      141,
    );
  }
}

/** What a person is told to check when Data8 refuses the credentials. */
export const DATA8_CREDENTIALS_HINT = 'Check DATA8_CLIENT_ID, DATA8_CLIENT_SECRET and DATA8_AUTH_URL, or the --credentials file.';

/**
 * The one-paragraph message a person sees for a failure. `credentialsHint`: what to check when
 * credentials are refused (a command for another service names its own variables).
 */
export function describeFailure(error: unknown, credentialsHint = DATA8_CREDENTIALS_HINT): string {
  // The library's advice names its options; here it must name flags and variables.
  return toCommandLine(describe(error, credentialsHint));
}

function describe(error: unknown, credentialsHint: string): string {
  if (error instanceof ApiError) return describeApiError(error) + (error.status === 401 || error.status === 403 ? `\n${credentialsHint}` : '');
  if (error instanceof AuthenticationError) {
    const description = error.errorDescription;
    const message = description === undefined || error.message.includes(description) ? error.message : `${error.message} (${description})`;
    return message.includes('DATA8_CLIENT_ID') ? message : `${message}\n${credentialsHint}`;
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

/** The machine-readable form of a failure: what `--json` prints on stderr. */
export interface FailureJson {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly exitCode: number;
    readonly [fact: string]: unknown;
  };
}

/**
 * A failure as one JSON object: its code, message and exit code, and the facts it carries
 * (file, line, column; status, method, url; datasets left behind). `redactText` scrubs secrets.
 */
export function failureJson(
  error: unknown,
  exitCode: number,
  redactText: (text: string) => string,
  hint?: string,
  credentialsHint?: string,
): FailureJson {
  const facts: Record<string, unknown> = {};
  if (error instanceof InputError) {
    Object.assign(facts, defined({ file: error.file, line: error.line, record: error.record, column: error.column, reason: error.reason }));
    if (error.leftDatasets.length > 0) facts['leftDatasets'] = error.leftDatasets;
    // What would fix it, as flags: a scheduler's operator sees what to add to the command.
    if (error.fixes.length > 0) facts['fixes'] = error.fixes.map(describeFlag);
  }
  if (error instanceof ApiError) {
    Object.assign(facts, { status: error.status, method: error.method, url: redactText(error.url) });
    if (Object.keys(error.fieldErrors).length > 0) facts['fieldErrors'] = error.fieldErrors;
  }
  if (error instanceof NetworkError) Object.assign(facts, defined({ method: error.method, url: error.url, systemCode: error.systemCode }));
  if (error instanceof AuthenticationError) Object.assign(facts, defined({ oauthError: error.error, status: error.status }));
  const code = typeof (error as { code?: unknown } | undefined)?.code === 'string' ? (error as { code: string }).code : '';
  return {
    error: {
      code: code.startsWith('DATA8_') ? code : 'DATA8_ERROR',
      message: redactText(describeFailure(error, credentialsHint)),
      exitCode,
      ...facts,
      ...(hint === undefined ? {} : { hint: redactText(hint) }),
    },
  };
}

function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
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
