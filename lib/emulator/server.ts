/**
 * The emulator's HTTP server: fastify with limits and timeouts, one error handler that turns
 * every failure into a problem document, and the request pipeline, in this order:
 *
 * 1. route kind (`onRoute`): `/_emulator/*` is a control, token routes say so, the rest is API;
 * 2. faults (`onRequest`): latency, injected status, dropped connection (never on controls);
 * 3. authentication (`onRequest`, API routes): bearer token → `request.account`, scope `BatchApi`;
 * 4. body parsing (JSON, depth-limited) and schema validation (`./json-body.ts`);
 * 5. the route's handler (plugins registered in order);
 * 6. `onSend`: a fault that drops the connection after the handler ran;
 * 7. `onResponse`: the journal.
 *
 * Every 401 of an API route, injected ones included, carries `WWW-Authenticate: Bearer
 * error="invalid_token"` (contract, "Conventions"): clients take it as "get a new token".
 *
 * @packageDocumentation
 */
import { setTimeout as delay } from 'node:timers/promises';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Account, EmulatorContext, RouteKind, RoutePlugin } from './context.js';
import type { TokenService } from './auth/tokens.js';
import type { Journal } from './controls/journal.js';
import { redactPath } from './controls/journal.js';
import type { FaultInjector } from './faults/injector.js';
import type { FaultDecision } from './faults/types.js';
import { installBodyHandling } from './json-body.js';
import {
  fieldPath,
  insufficientScope,
  invalidToken,
  payloadTooLarge,
  problem,
  PROBLEM_CONTENT_TYPE,
  ProblemError,
  routeNotFound,
  serviceUnavailable,
  tooManyRequests,
  validationFailed,
  type FieldErrors,
} from './problems.js';

/** Limits that protect the server. */
export interface ServerLimits {
  /** Largest request body. @default 16 MiB */
  readonly bodyLimitBytes: number;
  /** Time to receive the request headers. @default 10 s */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request. @default 60 s */
  readonly requestTimeoutMs: number;
  /** An idle connection is closed after this. @default 120 s */
  readonly idleTimeoutMs: number;
}

/** What the server is built from. */
export interface ServerParts {
  readonly ctx: EmulatorContext;
  readonly tokens: TokenService;
  readonly faults: FaultInjector;
  readonly journal: Journal;
  readonly limits: ServerLimits;
  readonly logger: boolean;
  /** Route plugins, registered in this order. */
  readonly plugins: readonly RoutePlugin[];
  /** Serve HTTPS with this certificate. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
}

const REQUIRED_SCOPE = 'BatchApi';

/** Builds the server (not listening yet). */
export async function createServer(parts: ServerParts): Promise<FastifyInstance> {
  const { faults, journal, limits, tokens } = parts;
  let requestCounter = 0;
  const traceBase = parts.ctx.random.int(0, 0xffffffff).toString(16).padStart(8, '0');
  // Spread as a plain object: fastify's HTTPS instance differs from the HTTP one only in its
  // `server` field's type, and every route plugin is written against the HTTP one.
  const https: object = parts.tls === undefined ? {} : { https: { cert: parts.tls.cert, key: parts.tls.key } };
  const app = Fastify({
    ...https,
    logger: parts.logger,
    bodyLimit: limits.bodyLimitBytes,
    connectionTimeout: limits.idleTimeoutMs,
    // Between requests Node times a kept-alive socket by keepAliveTimeout (fastify: 72 s), not
    // by connectionTimeout: without this an idle client would outlive a shorter idle limit.
    keepAliveTimeout: Math.min(72_000, limits.idleTimeoutMs),
    requestTimeout: limits.requestTimeoutMs,
    // Node checks header and request deadlines on this interval (30 s by default): check often
    // enough that a slow client is cut off near its deadline.
    http: {
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    return503OnClosing: true,
    // find-my-way's default (100 characters) would leave a 128-character dataset name or a
    // 200-character job name (contract, "Conventions") creatable but unreachable; 512 covers the
    // longest path value any route accepts (a 300-character domain).
    routerOptions: { maxParamLength: 512 },
    genReqId: () => (++requestCounter).toString(16).padStart(16, '0'),
    frameworkErrors: (error, request, reply) => {
      sendProblem(request, reply, problem(400, error.message));
    },
  });

  const traceId = (request: FastifyRequest): string => `00-${traceBase}${'0'.repeat(8)}${request.id}-${request.id}-01`;
  const sendProblem = (request: FastifyRequest, reply: FastifyReply, error: ProblemError): FastifyReply =>
    reply
      .code(error.status)
      .headers(error.headers)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(error.toDocument(pathOf(request.url), traceId(request))));

  app.decorateRequest('account', null as unknown as Account);
  app.decorateRequest('rawBody', undefined);
  app.decorateRequest('fault', undefined);
  installBodyHandling(app);

  app.addHook('onRoute', (route) => {
    const config = route.config ?? {};
    if (config.kind === undefined) {
      route.config = { ...config, kind: route.url.startsWith('/_emulator/') ? 'control' : 'api' };
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const kind = request.routeOptions.url === undefined ? undefined : request.routeOptions.config.kind;
    if (kind === undefined || kind === 'control') return;
    const fault = faults.decide(request.method, pathOf(request.url), kind !== 'token' || faults.faultsTokenEndpoint());
    if (fault) {
      request.fault = fault;
      if (fault.latencyMs > 0) await delay(fault.latencyMs);
      if (fault.drop === 'before') {
        journal.record(journalInput(request, 0, Date.now() - reply.elapsedTime, reply.elapsedTime));
        reply.hijack();
        request.raw.socket.destroy();
        return;
      }
      if (fault.status !== undefined) throw injectedStatus(fault);
    }
    if (kind === 'api') {
      const admitted = faults.admit();
      // 'close' comes once, whether the answer was sent or the connection went away.
      if (admitted === 'counted') reply.raw.once('close', () => faults.release());
      else if (admitted !== undefined) {
        request.fault = admitted;
        throw injectedStatus(admitted);
      }
    }
    if (kind === 'api') request.account = authenticate(tokens, request.headers.authorization);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.fault?.drop === 'after') {
      journal.record(journalInput(request, 0, Date.now() - reply.elapsedTime, reply.elapsedTime));
      request.raw.socket.destroy();
    }
    return payload;
  });

  app.addHook('onResponse', (request, reply, done) => {
    // Dropped connections were journalled where they were dropped.
    if (request.routeOptions.config.kind !== 'control' && request.fault?.drop === undefined) {
      journal.record(journalInput(request, reply.statusCode, Date.now() - reply.elapsedTime, reply.elapsedTime));
    }
    done();
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const converted = challengeBearer(toProblem(error, limits.bodyLimitBytes), request.routeOptions.config.kind);
    if (converted.status >= 500 && !(error instanceof ProblemError)) request.log.error({ err: error }, 'unexpected error');
    return sendProblem(request, reply, converted);
  });

  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, routeNotFound(request.method, pathOf(request.url))));

  for (const plugin of parts.plugins) {
    await app.register(async (scope) => {
      await plugin(scope, parts.ctx);
    });
  }
  return app;
}

/** The path of a request URL, without its query string. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

function journalInput(request: FastifyRequest, status: number, startedAt: number, durationMs: number) {
  const fault = request.fault;
  return {
    startedAt,
    method: request.method,
    path: redactPath(pathOf(request.url), request.params),
    route: request.routeOptions.url ?? null,
    status,
    durationMs: Math.round(durationMs * 100) / 100,
    account: (request.account as Account | null)?.name ?? null,
    ...(fault && (fault.status !== undefined || fault.drop !== undefined)
      ? { fault: `${fault.source}: ${fault.status ?? `drop ${fault.drop ?? ''}`}` }
      : {}),
    ...(fault && fault.latencyMs > 0 ? { latencyMs: fault.latencyMs } : {}),
    body: request.body,
  };
}

function injectedStatus(fault: FaultDecision): ProblemError {
  const status = fault.status ?? 503;
  if (status === 429) return tooManyRequests(fault.retryAfterSeconds ?? 1);
  if (status === 503) return serviceUnavailable(fault.retryAfterSeconds);
  const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  return problem(status, `Injected fault (${fault.source}).`, headers);
}

/** RFC 6750 bearer authentication of an API request. */
function authenticate(tokens: TokenService, header: string | undefined): Account {
  if (header === undefined || header === '') throw invalidToken('An access token is required.');
  const match = /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(header);
  if (match?.[1] === undefined) throw invalidToken('The Authorization header is not "Bearer <token>".');
  const check = tokens.check(match[1]);
  if (!check.ok) throw invalidToken(check.reason);
  if (!check.grant.scopes.includes(REQUIRED_SCOPE)) throw insufficientScope(REQUIRED_SCOPE);
  return check.grant.account;
}

/** A 401 of an API route without a challenge gets the bearer one, as the service's 401s all have it. */
function challengeBearer(problem: ProblemError, kind: RouteKind | undefined): ProblemError {
  if (problem.status !== 401 || kind !== 'api') return problem;
  if (Object.keys(problem.headers).some((name) => name.toLowerCase() === 'www-authenticate')) return problem;
  return new ProblemError({ status: 401, detail: problem.message, headers: { ...problem.headers, ...invalidToken(problem.message).headers } });
}

/** Any error → the problem document to send. Client mistakes never become 500s. */
function toProblem(error: FastifyError, bodyLimitBytes: number): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error.validation) {
    const errors: FieldErrors = {};
    for (const issue of error.validation) {
      const params = issue.params as { missingProperty?: string; additionalProperty?: string };
      const path = fieldPath(issue.instancePath, params.missingProperty ?? params.additionalProperty);
      const message = params.additionalProperty === undefined ? (issue.message ?? 'is invalid') : 'is not a known field';
      (errors[path === '' ? 'body' : path] ??= []).push(message);
    }
    return validationFailed(errors);
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return payloadTooLarge(bodyLimitBytes);
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.name === 'SyntaxError') {
    return validationFailed({ body: ['is not valid JSON'] }, 'The request body is not valid JSON.');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return problem(status, error.message);
  return problem(500, 'The emulator failed to handle the request.');
}
