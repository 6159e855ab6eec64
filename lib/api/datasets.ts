/**
 * `/Dataset`: input datasets (created, filled block by block, completed) and output datasets
 * (created by jobs, read page by page).
 */
import type { AssumedValues } from '../core/assumed-values.js';
import type { CreateDatasetRequest, DataRecord, Dataset, DatasetRef } from '../core/wire.js';
import type { CallOptions, Transport } from '../transport/transport.js';
import { paginate } from './paginate.js';
import { segment, withQuery } from './paths.js';
import { goneAfterRetry, sameJson } from './same-resource.js';

/** Which datasets `list` returns. */
export interface DatasetListFilter {
  /** Include input datasets. @default true */
  readonly input?: boolean;
  /** Include output datasets. @default true */
  readonly output?: boolean;
}

/**
 * A block already encoded for `PATCH /Dataset/{name}/data`: `body` is the complete JSON body
 * `{"blockNumber":n,"records":[...]}`, sent as it is, so a caller can serialise records
 * incrementally into buffers it reuses. `blockNumber` and `recordCount` describe it for
 * messages and logs; they are not checked against the body.
 */
export interface EncodedBlock {
  readonly blockNumber: number;
  readonly recordCount: number;
  readonly body: Buffer;
}

/** Which records `readRecords` returns: `count` records from number `start` (the first is 1). */
export interface RecordRange {
  readonly start: number;
  readonly count: number;
}

/** The datasets of the account. */
export class DatasetsApi {
  readonly #transport: Transport;
  readonly #values: AssumedValues;

  constructor(transport: Transport, values: AssumedValues) {
    this.#transport = transport;
    this.#values = values;
  }

  /** Every dataset of the account, sorted by name, fetched a page at a time as the iteration goes. */
  list(filter: DatasetListFilter = {}, options: CallOptions = {}): AsyncIterable<DatasetRef> {
    const { input = true, output = true } = filter;
    return paginate(
      (page) => this.#transport.request<DatasetRef[]>({ method: 'GET', path: withQuery('Dataset', { page, input, output }) }, options),
      this.#values.datasetsPerPage,
      (dataset) => dataset.name,
    );
  }

  /**
   * Creates an incomplete input dataset. A retried create that meets 409 succeeds when the
   * dataset found has the columns sent (the earlier attempt created it).
   */
  create(request: CreateDatasetRequest, options: CallOptions = {}): Promise<Dataset> {
    const body: CreateDatasetRequest = { name: request.name, columns: request.columns };
    return this.#transport.request<Dataset>(
      {
        method: 'POST',
        path: 'Dataset',
        json: body,
        idempotent: true,
        afterRetry: async (error, signal) => {
          if (error.status !== 409) return undefined;
          const found = await this.get(request.name, { signal });
          return found.input && sameJson(found.columns, request.columns) ? { value: found } : undefined;
        },
      },
      options,
    );
  }

  /** The dataset's details, its record count included. */
  get(name: string, options: CallOptions = {}): Promise<Dataset> {
    return this.#transport.request<Dataset>({ method: 'GET', path: `Dataset/${segment(name)}` }, options);
  }

  /**
   * Marks an input dataset complete; the server checks `recordCount` against the records it
   * holds. A retried call that meets 400 succeeds when the dataset is complete with that count.
   */
  complete(name: string, recordCount: number, options: CallOptions = {}): Promise<Dataset> {
    return this.#transport.request<Dataset>(
      {
        method: 'PUT',
        path: `Dataset/${segment(name)}`,
        json: { recordCount, completed: true },
        afterRetry: async (error, signal) => {
          if (error.status !== 400) return undefined;
          const found = await this.get(name, { signal });
          return found.completed && found.recordCount === recordCount ? { value: found } : undefined;
        },
      },
      options,
    );
  }

  /** Deletes the dataset's data; its name stays taken. */
  async delete(name: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>({ method: 'DELETE', path: `Dataset/${segment(name)}`, afterRetry: goneAfterRetry }, options);
  }

  /** Stores one block of records (a block number sent again replaces that block). */
  async uploadBlock(name: string, blockNumber: number, records: readonly DataRecord[], options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>({ method: 'PATCH', path: `Dataset/${segment(name)}/data`, json: { blockNumber, records } }, options);
  }

  /** Stores one block already encoded as JSON (the fast path: the body is sent as it is). */
  async uploadEncodedBlock(name: string, block: EncodedBlock, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>({ method: 'PATCH', path: `Dataset/${segment(name)}/data`, body: block.body }, options);
  }

  /** Records `start` .. `start + count - 1` of a completed output dataset (short or empty past the end). */
  readRecords(name: string, range: RecordRange, options: CallOptions = {}): Promise<DataRecord[]> {
    return this.#transport.request<DataRecord[]>(
      { method: 'GET', path: withQuery(`Dataset/${segment(name)}/data`, { start: range.start, count: range.count }) },
      options,
    );
  }
}
