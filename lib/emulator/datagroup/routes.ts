/**
 * The Data Group asynchronous batch routes (api-contract.md, "The second vendor's asynchronous
 * batch API"), as a route plugin of the emulator. They are `open` routes: no bearer token, the
 * core's faults and journal apply. Order inside: the core's hooks → credentials (`x-api-key`,
 * `AuthorizationToken`, checked before the body is read) → the raw-body parser with the size
 * limit → handler. The plugin keeps its own scope, so its parser and limit touch no other route.
 *
 * @packageDocumentation
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-body.js';
import { conflict, invalidField, notFound, problem, ProblemError, validationFailed } from '../problems.js';
import { DataGroupBatches } from './batches.js';
import { invalidJson, readCreateBatchBody } from './create-request.js';
import { DataGroupEventLog } from './event-log.js';
import { resolveDataGroupOptions, type ResolvedDataGroupOptions } from './options.js';

/** Where the routes live: `/{version}/async/append/email/job/{job_id}/batch...`. */
const BATCHES = '/:version/async/append/email/job/:jobId/batch';
const ROUTE_CONFIG = { kind: 'open' } as const;

const VERSION = /^v\d+$/;
const JOB_ID = /^[A-Za-z0-9]{1,64}$/;
const BATCH_ID = /^[A-Za-z0-9]{1,64}$/;

interface BatchParams {
  version: string;
  jobId: string;
  batchId?: string;
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const bytes = (count: number): string => `${count.toLocaleString('en-GB')} byte${count === 1 ? '' : 's'}`;

function checkParams(params: BatchParams): void {
  if (!VERSION.test(params.version)) throw notFound('API version', params.version);
  if (!JOB_ID.test(params.jobId)) throw invalidField('job_id', 'must be 1 to 64 letters and digits');
}

function tooLarge(settings: ResolvedDataGroupOptions, contentLength: string | undefined): ProblemError {
  const length = Number(contentLength);
  const size = contentLength !== undefined && Number.isFinite(length)
    ? `is ${bytes(length)}, ${bytes(length - settings.maxBodyBytes)} over`
    : 'is over';
  return problem(413, `The request body ${size} the limit of ${bytes(settings.maxBodyBytes)} for one batch; send fewer records per batch.`);
}

/** Registers the three routes in a scope of their own. */
export async function dataGroupRoutes(app: FastifyInstance, ctx: EmulatorContext): Promise<void> {
  const settings = resolveDataGroupOptions(ctx.options.dataGroup);
  const events = new DataGroupEventLog();
  const batches = new DataGroupBatches({
    settings,
    dataDir: ctx.dataDir,
    files: ctx.persist,
    clock: ctx.clock,
    random: ctx.random,
    onEvent: (event) => events.add(event),
  });
  ctx.onClose(() => batches.close());
  ctx.onReset(async () => {
    await batches.reset();
    events.clear();
  });
  ctx.provideControl('dataGroup', { events: () => events.list() });

  await app.register((scope: FastifyInstance, _options, done) => {
    // The limit is on the body's exact bytes, and the body is stored as received: the raw
    // bytes are kept aside, and `request.body` is the parsed value (what the journal shows).
    const rawBodies = new WeakMap<object, Buffer>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: settings.maxBodyBytes }, (request, body, parsed) => {
      const raw = body as Buffer;
      // The same checks as every other route's body (../json-body.ts): a record nested
      // thousands deep would otherwise be accepted and its batch never finish (serialising the
      // result overflows the stack), and invalid UTF-8 would be stored altered.
      if (!isUtf8(raw)) {
        parsed(validationFailed({ body: ['is not valid UTF-8'] }, 'The request body is not valid UTF-8.'), undefined);
        return;
      }
      const text = raw.toString('utf8');
      if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        parsed(validationFailed({ body: [`JSON nests deeper than ${MAX_JSON_DEPTH} levels`] }, `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
        return;
      }
      try {
        const value: unknown = JSON.parse(text);
        rawBodies.set(request, raw);
        parsed(null, value);
      } catch (error) {
        const refusal = invalidJson(error);
        parsed(validationFailed(refusal.errors, refusal.detail), undefined);
      }
    });

    // Anything else goes on to the server's error handler.
    scope.setErrorHandler((error: FastifyError, request) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw tooLarge(settings, request.headers['content-length']);
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        throw problem(415, `The body must be application/json, not ${request.headers['content-type'] ?? 'untyped'}.`);
      }
      throw error;
    });

    scope.addHook('onRequest', (request, _reply, next) => {
      // Values are never echoed back, and compared in constant time.
      if (!sameSecret(request.headers['x-api-key'], settings.apiKey)) {
        next(problem(403, 'The x-api-key header is missing or is not a valid API key.'));
      } else if (!sameSecret(request.headers.authorizationtoken, settings.token)) {
        next(problem(401, 'The AuthorizationToken header is missing or is not a valid token.'));
      } else {
        next();
      }
    });

    async function findBatch(params: BatchParams) {
      checkParams(params);
      const batchId = params.batchId ?? '';
      const batch = BATCH_ID.test(batchId) ? await batches.find(params.jobId, batchId) : undefined;
      if (batch === undefined) throw problem(404, `Job ${params.jobId} has no batch "${batchId}".`);
      return batch;
    }

    scope.post<{ Params: BatchParams }>(BATCHES, { bodyLimit: settings.maxBodyBytes, config: ROUTE_CONFIG }, async (request) => {
      checkParams(request.params);
      const checked = readCreateBatchBody(request.body, settings.allowHttpNotifications);
      if ('errors' in checked) throw validationFailed(checked.errors, checked.detail);
      const raw = rawBodies.get(request);
      if (raw === undefined) throw validationFailed({ body: ['is required'] }, 'The request needs a JSON body.');
      const batch = await batches.create({ jobId: request.params.jobId, ...checked }, raw);
      return { batch_id: batch.batchId };
    });

    scope.get<{ Params: BatchParams }>(`${BATCHES}/:batchId`, { config: ROUTE_CONFIG }, async (request) => {
      const batch = await findBatch(request.params);
      return { state: batches.stateOf(batch), created_date: String(batch.createdAt) };
    });

    scope.get<{ Params: BatchParams }>(`${BATCHES}/:batchId/result`, { config: ROUTE_CONFIG }, async (request, reply) => {
      const batch = await findBatch(request.params);
      const state = batches.stateOf(batch);
      if (state === 'FAILED') throw conflict(`Batch ${batch.batchId} FAILED; it has no result.`);
      if (state !== 'COMPLETED') throw conflict(`Batch ${batch.batchId} is ${state}; its result is available once it is COMPLETED.`);
      return reply.type('application/json').send(createReadStream(batches.resultPath(batch)));
    });
    done();
  });
}
