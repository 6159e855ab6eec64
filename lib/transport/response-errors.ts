/**
 * Error answers → the typed errors of lib/core/errors.ts, with messages a person can act on:
 * what was called, the status, the server's title and detail, and each field error.
 */
import {
  ApiError,
  AuthenticationError,
  ConflictError,
  type Data8Error,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  type ProblemDocument,
  RateLimitError,
  ValidationError,
} from '../core/errors.js';
import type { HttpResponse } from './http-client.js';
import { parseRetryAfter } from './retry-policy.js';
import { isJsonObject } from '../core/json-object.js';

const BODY_IN_CAUSE = 2000;
const FIELD_ERRORS_IN_MESSAGE = 5;

/** The answer's body: parsed JSON when it says it is JSON, text otherwise, `undefined` when empty. */
export function parseBody(response: HttpResponse): unknown {
  if (response.status === 204 || response.body.length === 0) return undefined;
  const text = response.body;
  const type = response.headers['content-type'];
  if (type !== undefined && /json/i.test(type)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** The problem document of an error answer, when it has one. */
export function problemOf(body: unknown): ProblemDocument | undefined {
  return isJsonObject(body) ? body : undefined;
}

/** `error="..."` of a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3). */
export function bearerErrorOf(header: string | undefined): { error: string; description: string | undefined } | undefined {
  if (header === undefined) return undefined;
  const error = /error="([^"]*)"/i.exec(header)?.[1];
  if (error === undefined) return undefined;
  return { error, description: /error_description="([^"]*)"/i.exec(header)?.[1] };
}

function describeProblem(status: number, statusMessage: string, problem: ProblemDocument | undefined, body: unknown): string {
  const title = (typeof problem?.title === 'string' ? problem.title : statusMessage).replace(/\.$/, '');
  const parts = [`${status} ${title}`.trim()];
  const fields = Object.entries(problem?.errors ?? {}).map(
    ([field, messages]) => `${field}: ${Array.isArray(messages) ? messages.join('; ') : String(messages)}`,
  );
  const detail = typeof problem?.detail === 'string' ? problem.detail.trim() : '';
  // Servers often repeat the first field error, or the title, as the detail.
  if (detail !== '' && detail.replace(/\.$/, '') !== title && !fields.some((field) => field.includes(detail) || detail.includes(field))) {
    parts.push(detail);
  }
  if (fields.length > 0) {
    const more = fields.length > FIELD_ERRORS_IN_MESSAGE ? `; and ${fields.length - FIELD_ERRORS_IN_MESSAGE} more field errors` : '';
    parts.push(`${fields.slice(0, FIELD_ERRORS_IN_MESSAGE).join('; ')}${more}`);
  }
  if (problem === undefined && typeof body === 'string' && body.length > 0) parts.push(body.slice(0, 200));
  return parts.join(': ');
}

/** Where a request went, for messages: `GET /Dataset/x`. */
export function describeRequest(method: string, url: string): string {
  try {
    const parsed = new URL(url);
    return `${method} ${parsed.pathname}${parsed.search}`;
  } catch {
    return `${method} ${url}`;
  }
}

/** A secret-free stand-in for the HTTP answer, kept as the error's `cause`. */
function responseCause(response: HttpResponse, body: unknown): Error {
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  return Object.assign(new Error(`HTTP ${response.status} ${response.statusMessage}`), {
    statusCode: response.status,
    body: text.slice(0, BODY_IN_CAUSE),
  });
}

/**
 * The typed error of an error answer. `redact` is applied to the message, as the server's
 * detail could echo anything it was sent.
 */
export function errorFromResponse(
  method: string,
  url: string,
  response: HttpResponse,
  redact: (text: string) => string,
  now = Date.now(),
): Data8Error {
  const body = parseBody(response);
  const problem = problemOf(body);
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now);
  const message = redact(`${describeRequest(method, url)} failed: ${describeProblem(status, response.statusMessage, problem, body)}`);
  const details = { status, method, url, problem, retryAfterMs, cause: responseCause(response, body) };
  if (status === 401) {
    const challenge = bearerErrorOf(response.headers['www-authenticate']);
    return new AuthenticationError(`${message} (the API refused a freshly issued token)`, {
      error: challenge?.error ?? 'invalid_token',
      errorDescription: challenge?.description,
      status,
      cause: details.cause,
    });
  }
  switch (status) {
    case 400:
      return new ValidationError(message, details);
    case 403:
      return new ForbiddenError(`${message} (does the client credential have the scope it needs?)`, details);
    case 404:
      return new NotFoundError(message, details);
    case 409:
      return new ConflictError(message, details);
    case 413:
      return new PayloadTooLargeError(message, details);
    case 429:
      return new RateLimitError(message, details);
    case 503:
      return retryAfterMs === undefined ? new ApiError(message, details) : new RateLimitError(message, details);
    default:
      return new ApiError(message, details);
  }
}
