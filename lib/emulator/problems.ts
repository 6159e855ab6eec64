/**
 * The catalogue of wire errors the emulator sends: RFC 7807 problem documents
 * (`application/problem+json`) shaped like the service's own (ASP.NET Core `ProblemDetails`).
 * Routes throw a {@link ProblemError} built by one of the functions below; the server's one
 * error handler adds `instance` and `traceId` and sends it.
 *
 * Contract: "Conventions" (problem documents, field errors) and "Authentication" (401/403).
 *
 * @packageDocumentation
 */
import { STATUS_CODES } from 'node:http';
import type { ProblemDocument } from '../core/errors.js';

/** The media type of every error body. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Field path → messages, e.g. `{ "records[12].age": ["must be an integer"] }`. */
export type FieldErrors = Record<string, string[]>;

const STATUS: Readonly<Record<number, { readonly type: string; readonly title: string }>> = {
  400: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'Bad Request' },
  401: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2', title: 'Unauthorized' },
  403: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.4', title: 'Forbidden' },
  404: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found' },
  405: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.6', title: 'Method Not Allowed' },
  406: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.7', title: 'Not Acceptable' },
  408: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.9', title: 'Request Timeout' },
  409: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.10', title: 'Conflict' },
  411: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.12', title: 'Length Required' },
  413: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.14', title: 'Content Too Large' },
  414: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.15', title: 'URI Too Long' },
  415: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.16', title: 'Unsupported Media Type' },
  429: { type: 'https://tools.ietf.org/html/rfc6585#section-4', title: 'Too Many Requests' },
  431: { type: 'https://tools.ietf.org/html/rfc6585#section-5', title: 'Request Header Fields Too Large' },
  500: { type: 'https://tools.ietf.org/html/rfc9110#section-15.6.1', title: 'Internal Server Error' },
  502: { type: 'https://tools.ietf.org/html/rfc9110#section-15.6.3', title: 'Bad Gateway' },
  503: { type: 'https://tools.ietf.org/html/rfc9110#section-15.6.4', title: 'Service Unavailable' },
  504: { type: 'https://tools.ietf.org/html/rfc9110#section-15.6.5', title: 'Gateway Timeout' },
};

const VALIDATION_TITLE = 'One or more validation errors occurred.';

/** What a route supplies; the error handler fills in `instance` and `traceId`. */
export interface ProblemInit {
  readonly status: number;
  readonly detail: string;
  readonly title?: string;
  readonly type?: string;
  readonly errors?: FieldErrors;
  /** Extra response headers (`WWW-Authenticate`, `Retry-After`, ...). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Thrown by routes; turned into a problem document by the server's error handler. */
export class ProblemError extends Error {
  readonly status: number;
  readonly statusCode: number;
  readonly title: string;
  readonly type: string;
  readonly errors: FieldErrors | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: ProblemInit) {
    super(init.detail);
    this.name = 'ProblemError';
    this.status = init.status;
    this.statusCode = init.status;
    const known = STATUS[init.status];
    this.title = init.title ?? known?.title ?? STATUS_CODES[init.status] ?? 'Error';
    this.type = init.type ?? known?.type ?? 'about:blank';
    this.errors = init.errors;
    this.headers = init.headers ?? {};
  }

  /** The problem document for one request. */
  toDocument(instance: string, traceId: string): ProblemDocument {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.message,
      instance,
      ...(this.errors === undefined ? {} : { errors: this.errors }),
      traceId,
    };
  }
}

/** A problem with `status` and the standard title; for statuses without a dedicated builder. */
export function problem(status: number, detail: string, headers?: Readonly<Record<string, string>>): ProblemError {
  return new ProblemError(headers === undefined ? { status, detail } : { status, detail, headers });
}

/** 400 with field errors. `detail` defaults to a summary of the first field's message. */
export function validationFailed(errors: FieldErrors, detail?: string): ProblemError {
  const first = Object.entries(errors)[0];
  const summary = first === undefined ? 'The request is invalid.' : `${first[0]}: ${first[1].join('; ')}`;
  return new ProblemError({ status: 400, title: VALIDATION_TITLE, detail: detail ?? summary, errors });
}

/** 400 naming one field. */
export function invalidField(field: string, message: string): ProblemError {
  return validationFailed({ [field]: [message] });
}

/** 400 without a field (the request as a whole is wrong for the resource's state). */
export function badRequest(detail: string): ProblemError {
  return new ProblemError({ status: 400, detail });
}

/** 404 for a resource of the caller's account, e.g. `notFound('Dataset', 'contacts')`. */
export function notFound(resource: string, id?: string): ProblemError {
  const detail = id === undefined ? `${resource} was not found.` : `${resource} "${id}" was not found.`;
  return new ProblemError({ status: 404, detail });
}

/** 409, e.g. `conflict('Dataset "contacts" already exists.')`. */
export function conflict(detail: string): ProblemError {
  return new ProblemError({ status: 409, detail });
}

/** 401 for a missing, malformed, expired or foreign bearer token (RFC 6750 §3). */
export function invalidToken(detail: string): ProblemError {
  return new ProblemError({
    status: 401,
    detail,
    headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${detail.replace(/"/g, "'")}"` },
  });
}

/** 403 for a valid token without the needed scope (RFC 6750 §3.1 `insufficient_scope`). */
export function insufficientScope(scope: string): ProblemError {
  return new ProblemError({
    status: 403,
    detail: `The access token lacks the "${scope}" scope.`,
    headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
  });
}

/** 413 for a body over the limit. */
export function payloadTooLarge(limitBytes: number): ProblemError {
  return new ProblemError({ status: 413, detail: `The request body is larger than ${limitBytes} bytes.` });
}

/** 429 with `Retry-After` (seconds). */
export function tooManyRequests(retryAfterSeconds: number): ProblemError {
  return new ProblemError({
    status: 429,
    detail: `Too many requests; retry after ${retryAfterSeconds} seconds.`,
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}

/** 503, with `Retry-After` (seconds) when given. */
export function serviceUnavailable(retryAfterSeconds?: number): ProblemError {
  return new ProblemError({
    status: 503,
    detail:
      retryAfterSeconds === undefined
        ? 'The service is unavailable.'
        : `The service is unavailable; retry after ${retryAfterSeconds} seconds.`,
    ...(retryAfterSeconds === undefined ? {} : { headers: { 'retry-after': String(retryAfterSeconds) } }),
  });
}

/** 404 for a route that does not exist. */
export function routeNotFound(method: string, path: string): ProblemError {
  return new ProblemError({ status: 404, detail: `No route ${method} ${path}.` });
}

/**
 * Turns a JSON pointer of a schema error (`/records/12/age`) into the contract's field path
 * (`records[12].age`); `missing` names a missing or extra property under it.
 */
export function fieldPath(instancePath: string, missing?: string): string {
  let path = '';
  const segments = instancePath === '' ? [] : instancePath.slice(1).split('/');
  if (missing !== undefined) segments.push(missing);
  for (const raw of segments) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else path += path === '' ? segment : `.${segment}`;
  }
  return path;
}
