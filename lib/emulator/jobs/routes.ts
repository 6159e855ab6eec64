/**
 * The job routes (contract, "Jobs") and the job test controls (`/_emulator/jobs`).
 *
 * @packageDocumentation
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { dateParameter, integerParameter, type Query } from '../datasets/query.js';
import { invalidField, notFound } from '../problems.js';
import { checkJobScript } from './job-scripts.js';
import { dataServices } from './services.js';

/** Jobs per page of `GET /Job`. */
export const JOBS_PER_PAGE = 100;

type NamedRequest = FastifyRequest<{ Params: { name: string } }>;

/** Registers the job routes and `/_emulator/jobs`. */
export function jobRoutes(app: FastifyInstance, ctx: EmulatorContext): Promise<void> {
  const { jobs } = dataServices(ctx);

  app.get('/Job', async (request) => {
    const query = request.query as Query;
    const page = integerParameter(query, 'page', { min: 1 }, 1);
    const workflow = query['workflow'];
    if (workflow !== undefined && typeof workflow !== 'string') throw invalidField('workflow', 'must be given once');
    const from = dateParameter(query, 'startDate');
    const to = dateParameter(query, 'endDate', true);
    const found = await jobs.list(request.account.id, { workflow, from, to });
    return found.slice((page - 1) * JOBS_PER_PAGE, page * JOBS_PER_PAGE);
  });

  app.post('/Job', async (request, reply) => {
    const job = await jobs.start(request.account.id, request.body);
    return reply.code(201).header('location', `/Job/${encodeURIComponent(job.name)}`).send(job);
  });

  app.get('/Job/:name', async (request: NamedRequest) => {
    const job = await jobs.get(request.account.id, request.params.name);
    if (job === undefined) throw notFound('Job', request.params.name);
    return job;
  });

  // Test controls: script job lifecycles (see JobScript).
  app.post('/_emulator/jobs', async (request, reply) => {
    const scripts: unknown[] = Array.isArray(request.body) ? request.body : [request.body];
    const checked = scripts.map((script, index) => {
      try {
        return checkJobScript(script);
      } catch (error) {
        throw invalidField(Array.isArray(request.body) ? `[${index}]` : 'body', (error as Error).message);
      }
    });
    for (const script of checked) jobs.scripts.add(script);
    return reply.code(204).send();
  });
  app.get('/_emulator/jobs', (_request, reply) => reply.send(jobs.scripts.pending()));
  app.delete('/_emulator/jobs', async (_request, reply) => {
    jobs.scripts.clear();
    return reply.code(204).send();
  });
  return Promise.resolve();
}
