/**
 * The error hierarchy of data8-batch. Every error the library throws is a {@link Data8Error}
 * with a stable `code`; facts (status, problem document, file, line, column) are fields, and
 * the underlying error, redacted, is `cause`.
 *
 * @packageDocumentation
 */
import { describeFixes, type OptionFix } from './option-fixes.js';

export type { OptionFix };

/** An RFC 7807 problem document, as the service and the emulator send it. */
export interface ProblemDocument {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly instance?: string;
  /** Field errors keyed by field path, e.g. `records[12].age`. */
  readonly errors?: Readonly<Record<string, readonly string[]>>;
  readonly traceId?: string;
  readonly [extension: string]: unknown;
}

/** Every stable error code, one per class. */
export type Data8ErrorCode =
  | 'DATA8_ERROR'
  | 'DATA8_API_ERROR'
  | 'DATA8_VALIDATION_ERROR'
  | 'DATA8_NOT_FOUND'
  | 'DATA8_CONFLICT'
  | 'DATA8_AUTHENTICATION_ERROR'
  | 'DATA8_FORBIDDEN'
  | 'DATA8_RATE_LIMITED'
  | 'DATA8_PAYLOAD_TOO_LARGE'
  | 'DATA8_NETWORK_ERROR'
  | 'DATA8_TIMEOUT'
  | 'DATA8_ABORTED'
  | 'DATA8_JOB_FAILED'
  | 'DATA8_JOB_STALLED'
  | 'DATA8_INPUT_ERROR'
  | 'DATA8_RECORD_REJECTED'
  | 'DATA8_INTEGRITY_ERROR'
  | 'DATA8_CONFIG_ERROR'
  | 'DATA8_BATCH_TOO_LARGE';

/** Options every {@link Data8Error} constructor accepts. */
export interface Data8ErrorOptions {
  /** The underlying error; it must already be free of secrets. */
  readonly cause?: unknown;
}

/** The base class: `instanceof Data8Error` catches everything data8-batch throws on purpose. */
export class Data8Error extends Error {
  /** A stable, machine-readable code (never changes between versions). */
  readonly code: Data8ErrorCode = 'DATA8_ERROR';

  constructor(message: string, options: Data8ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/** The facts of a failed HTTP exchange. */
export interface ApiErrorDetails extends Data8ErrorOptions {
  readonly status: number;
  readonly method: string;
  /** The request URL; never carries a secret (secrets travel in headers and bodies only). */
  readonly url: string;
  readonly problem?: ProblemDocument | undefined;
  /** Retry-After, in milliseconds, when the server sent one. */
  readonly retryAfterMs?: number | undefined;
}

/** The service answered with an error status. */
export class ApiError extends Data8Error {
  override readonly code: Data8ErrorCode = 'DATA8_API_ERROR';
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly problem: ProblemDocument | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: ApiErrorDetails) {
    super(message, details);
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.problem = details.problem;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** Field errors from the problem document (`{ "records[12].age": ["..."] }`), or `{}`. */
  get fieldErrors(): Readonly<Record<string, readonly string[]>> {
    return this.problem?.errors ?? {};
  }
}

/** 400: the request was refused; {@link ApiError.fieldErrors} names the fields. */
export class ValidationError extends ApiError {
  override readonly code: Data8ErrorCode = 'DATA8_VALIDATION_ERROR';
}

/** 404: the resource does not exist (or belongs to another account). */
export class NotFoundError extends ApiError {
  override readonly code: Data8ErrorCode = 'DATA8_NOT_FOUND';
}

/** 409: the name is taken. */
export class ConflictError extends ApiError {
  override readonly code: Data8ErrorCode = 'DATA8_CONFLICT';
}

/** 403: the token lacks the scope or permission. */
export class ForbiddenError extends ApiError {
  override readonly code: Data8ErrorCode = 'DATA8_FORBIDDEN';
}

/** 429 (or 503 with Retry-After) after every permitted retry. */
export class RateLimitError extends ApiError {
  override readonly code: Data8ErrorCode = 'DATA8_RATE_LIMITED';
}

/** 413: the body is over the server's limit. */
export class PayloadTooLargeError extends ApiError {
  override readonly code: Data8ErrorCode = 'DATA8_PAYLOAD_TOO_LARGE';
}

/** The facts of a failed token request. */
export interface AuthenticationErrorDetails extends Data8ErrorOptions {
  /** The RFC 6749 §5.2 `error` code (`invalid_client`, `invalid_scope`, ...) or `invalid_token`. */
  readonly error: string;
  readonly errorDescription?: string | undefined;
  readonly status?: number | undefined;
}

/** The token server refused the credentials, or the API refused a fresh token. */
export class AuthenticationError extends Data8Error {
  override readonly code: Data8ErrorCode = 'DATA8_AUTHENTICATION_ERROR';
  /** The RFC 6749 `error` code the server gave. */
  readonly error: string;
  readonly errorDescription: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, details: AuthenticationErrorDetails) {
    super(message, details);
    this.error = details.error;
    this.errorDescription = details.errorDescription;
    this.status = details.status;
  }
}

/** The facts of a request that never got an answer. */
export interface RequestErrorDetails extends Data8ErrorOptions {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** The system error code, e.g. `ECONNRESET`. */
  readonly systemCode?: string | undefined;
}

/** The connection failed (reset, refused, hang-up) after every permitted retry. */
export class NetworkError extends Data8Error {
  override readonly code: Data8ErrorCode = 'DATA8_NETWORK_ERROR';
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly systemCode: string | undefined;

  constructor(message: string, details: RequestErrorDetails = {}) {
    super(message, details);
    this.method = details.method;
    this.url = details.url;
    this.systemCode = details.systemCode;
  }
}

/** A request, a poll or a whole operation ran out of time. */
export class TimeoutError extends NetworkError {
  override readonly code: Data8ErrorCode = 'DATA8_TIMEOUT';
}

/** The caller's `AbortSignal` fired. `cause` is the signal's reason. */
export class AbortError extends Data8Error {
  override readonly code: Data8ErrorCode = 'DATA8_ABORTED';
}

/** Options in an options object are wrong; the message names the option, the expectation and the value. */
export class ConfigError extends Data8Error {
  override readonly code: Data8ErrorCode = 'DATA8_CONFIG_ERROR';
}

/** Where in an input a problem lies. Lines and columns count from 1. */
export interface InputLocation {
  /** The file path, or a label such as `<stdin>`. */
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  /** The 1-based record number (after the header). */
  readonly record?: number | undefined;
  /** The column name (as in the file) or the 1-based column number. */
  readonly column?: string | number | undefined;
}

/** Formats `file:line, column "x"` for messages. */
export function describeLocation(location: InputLocation): string {
  const parts: string[] = [];
  let where = location.file ?? '<input>';
  if (location.line !== undefined) where += `:${location.line}`;
  parts.push(where);
  if (location.record !== undefined) parts.push(`record ${location.record}`);
  if (location.column !== undefined) {
    parts.push(typeof location.column === 'number' ? `column ${location.column}` : `column "${location.column}"`);
  }
  return parts.join(', ');
}

/** Details of an {@link InputError}. */
export interface InputErrorDetails extends InputLocation, Data8ErrorOptions {
  /** Why the input is wrong, as a person would say it. */
  readonly reason: string;
  /** Options that would settle the problem; the message names them. */
  readonly fixes?: readonly OptionFix[] | undefined;
  /**
   * Input datasets the run that met the problem leaves on the service, incomplete; the message
   * names them and what to do with them.
   */
  readonly leftDatasets?: readonly string[] | undefined;
}

/** The input file is malformed or a value does not fit its column. */
export class InputError extends Data8Error {
  override readonly code: Data8ErrorCode = 'DATA8_INPUT_ERROR';
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly record: number | undefined;
  readonly column: string | number | undefined;
  readonly reason: string;
  /**
   * Input datasets the failed run had created, left on the service incomplete (empty when
   * none): a rerun under the same job name meets them as taken names.
   */
  readonly leftDatasets: readonly string[];
  /** Options that would settle the problem (empty when none does). */
  readonly fixes: readonly OptionFix[];

  constructor(details: InputErrorDetails) {
    const fixes = details.fixes ?? [];
    const fix = fixes.length === 0 ? '' : ` (${describeFixes(fixes)})`;
    super(`${describeLocation(details)}: ${details.reason}${fix}${leftDatasetsNote(details.leftDatasets ?? [])}`, details);
    this.fixes = fixes;
    this.file = details.file;
    this.line = details.line;
    this.record = details.record;
    this.column = details.column;
    this.reason = details.reason;
    this.leftDatasets = details.leftDatasets ?? [];
  }
}

/** What a person is told about datasets a failed run left behind, after the input's own error. */
function leftDatasetsNote(names: readonly string[]): string {
  if (names.length === 0) return '';
  const quoted = names.map((name) => `"${name}"`).join(', ');
  const left =
    names.length === 1
      ? `input dataset ${quoted} on the service, incomplete: delete it with \`data8-batch datasets delete ${names[0] ?? ''}\``
      : `input datasets ${quoted} on the service, used by no job: delete each with \`data8-batch datasets delete <name>\``;
  return (
    `. The run leaves ${left} (or client.datasets.delete);` +
    ' deleted names are never reused, so rerun with another job name (--job-name, jobName) or with onExisting "rename"'
  );
}

/** The service refused a record; the location points at the input line. */
export class RecordRejectedError extends InputError {
  override readonly code: Data8ErrorCode = 'DATA8_RECORD_REJECTED';
}

/** Counts did not match: a record would have been lost or duplicated. */
export class IntegrityError extends Data8Error {
  override readonly code: Data8ErrorCode = 'DATA8_INTEGRITY_ERROR';
}

/** A job ended Failed or Cancelled. `job` is the last job document seen. */
export class JobFailedError extends Data8Error {
  override readonly code: Data8ErrorCode = 'DATA8_JOB_FAILED';
  readonly job: unknown;

  constructor(message: string, job: unknown, options: Data8ErrorOptions = {}) {
    super(message, options);
    this.job = job;
  }
}

/** A job made no progress for longer than allowed. The server's job is left as it is. */
export class JobStalledError extends JobFailedError {
  override readonly code: Data8ErrorCode = 'DATA8_JOB_STALLED';
}
