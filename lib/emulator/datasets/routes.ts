/**
 * The dataset routes (contract, "Datasets"): list, create, get, complete, delete, upload a
 * block, read records. Every dataset belongs to the caller's account; another account's
 * dataset answers `404`.
 *
 * @packageDocumentation
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DatasetRef } from '../../core/wire.js';
import type { EmulatorContext } from '../context.js';
import { dataServices } from '../jobs/services.js';
import { badRequest, conflict, notFound, validationFailed } from '../problems.js';
import type { AccountDatasets, StoredDataset } from '../storage/dataset-store.js';
import { checkBlockBody, checkCompleteBody, checkCreateBody } from './dataset-body.js';
import { booleanParameter, integerParameter, type Query } from './query.js';

/** Datasets per page of `GET /Dataset`. */
export const DATASETS_PER_PAGE = 100;
/** The most records one `GET /Dataset/{name}/data` answers. */
export const MAX_PAGE_RECORDS = 1000;

type NamedRequest = FastifyRequest<{ Params: { name: string } }>;

/** Registers the dataset routes. */
export function datasetRoutes(app: FastifyInstance, ctx: EmulatorContext): Promise<void> {
  const { datasets } = dataServices(ctx);
  const accountOf = (request: FastifyRequest): Promise<AccountDatasets> => datasets.account(request.account.id);
  const find = async (request: NamedRequest): Promise<StoredDataset> => {
    const dataset = (await accountOf(request)).get(request.params.name);
    if (dataset === undefined) throw notFound('Dataset', request.params.name);
    return dataset;
  };

  app.get('/Dataset', async (request) => {
    const query = request.query as Query;
    const page = integerParameter(query, 'page', { min: 1 }, 1);
    const input = booleanParameter(query, 'input', true);
    const output = booleanParameter(query, 'output', true);
    const chosen = (await accountOf(request)).list().filter((dataset) => (dataset.input ? input : output));
    return chosen.slice((page - 1) * DATASETS_PER_PAGE, page * DATASETS_PER_PAGE).map(
      (dataset): DatasetRef => ({
        name: dataset.name,
        input: dataset.input,
        completed: dataset.completed,
        recordCount: dataset.recordCount,
        location: `/Dataset/${dataset.name}`,
      }),
    );
  });

  app.post('/Dataset', async (request, reply) => {
    const { name, columns } = checkCreateBody(request.body);
    const account = await accountOf(request);
    if (account.isTaken(name)) {
      const why = account.get(name) === undefined ? ' It was deleted; deleted names are never reused.' : '';
      throw conflict(`Dataset "${name}" already exists.${why}`);
    }
    const dataset = await account.create(name, columns, true);
    return reply.code(201).header('location', `/Dataset/${name}`).send(dataset.toJSON());
  });

  app.get('/Dataset/:name', async (request: NamedRequest) => (await find(request)).toJSON());

  app.put('/Dataset/:name', async (request: NamedRequest) => {
    const dataset = await find(request);
    const recordCount = checkCompleteBody(request.body);
    if (!dataset.input) throw badRequest(`Dataset "${dataset.name}" is an output dataset; its job completes it.`);
    if (dataset.completed) throw badRequest(`Dataset "${dataset.name}" is already complete.`);
    if (recordCount !== dataset.recordCount) {
      throw validationFailed(
        { recordCount: [`is ${recordCount} but the dataset holds ${dataset.recordCount} records`] },
        `recordCount ${recordCount} differs from the ${dataset.recordCount} records stored in "${dataset.name}".`,
      );
    }
    await dataset.complete(recordCount);
    return dataset.toJSON();
  });

  app.delete('/Dataset/:name', async (request: NamedRequest, reply) => {
    await (await find(request)).delete();
    return reply.code(204).send();
  });

  app.patch('/Dataset/:name/data', async (request: NamedRequest, reply) => {
    const dataset = await find(request);
    if (!dataset.input) throw badRequest(`Dataset "${dataset.name}" is an output dataset; blocks go to input datasets.`);
    if (dataset.completed) throw badRequest(`Dataset "${dataset.name}" is complete; it takes no more blocks.`);
    const { blockNumber, records } = checkBlockBody(request.body);
    const errors = dataset.validator.check(records);
    if (errors !== undefined) throw validationFailed(errors);
    // The body is stored as received: it was just checked, and re-serialising it costs time.
    const raw = request.rawBody ?? JSON.stringify(request.body);
    await dataset.storeBlock(blockNumber, records.length, raw);
    return reply.code(204).send();
  });

  app.get('/Dataset/:name/data', async (request: NamedRequest, reply) => {
    const dataset = await find(request);
    const query = request.query as Query;
    const start = integerParameter(query, 'start', { min: 1 }, 1);
    const count = integerParameter(query, 'count', { min: 1, max: MAX_PAGE_RECORDS }, MAX_PAGE_RECORDS);
    if (dataset.input) throw badRequest(`Dataset "${dataset.name}" is an input dataset; only output datasets are read.`);
    if (!dataset.completed) throw badRequest(`Dataset "${dataset.name}" is not complete yet; its job is still running.`);
    if (start > dataset.recordCount) return reply.type('application/json; charset=utf-8').send('[]');
    return reply.type('application/json; charset=utf-8').send(await dataset.page(start, count));
  });
  return Promise.resolve();
}
