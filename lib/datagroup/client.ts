/**
 * A client of The Data Group's asynchronous batch API (create a batch, read its state, read its
 * result), on the library's shared request path: retries, limits, typed errors and redaction.
 *
 * @packageDocumentation
 */
import { AuthenticationError, ConfigError, Data8Error, ForbiddenError } from '../core/errors.js';
import type { DataRecord } from '../core/wire.js';
import type { ClientStats } from '../transport/stats.js';
import { type ApiRequest, Transport } from '../transport/transport.js';
import { dataGroupAuthenticator } from './authenticator.js';
import { BatchEnvelope, encodeRecord } from './batch-body.js';
import { checkBatchFields, envelopeFieldsOf } from './batch-fields.js';
import { type DataGroupClientOptions, normalizeDataGroupClientOptions, type ResolvedDataGroupClientOptions } from './client-options.js';
import { BatchTooLargeError } from './errors.js';
import type {
  CreateBatchOptions,
  DataGroupBatch,
  DataGroupBatchApi,
  DataGroupBatchFields,
  DataGroupCallOptions,
  EncodedBatch,
} from './types.js';
import { isJsonObject } from '../core/json-object.js';

/** The environment variables {@link DataGroupClient.fromEnv} reads. */
export const DATAGROUP_ENVIRONMENT = {
  baseUrl: 'DATAGROUP_URL',
  apiKey: 'DATAGROUP_API_KEY',
  authorizationToken: 'DATAGROUP_TOKEN',
} as const;

/**
 * A client of The Data Group's asynchronous batch API.
 *
 * @example
 * ```ts
 * const client = new DataGroupClient({ baseUrl, apiKey, authorizationToken });
 * const batchId = await client.createBatch('160718103247ad0', records);
 * const { state } = await client.getBatch('160718103247ad0', batchId);
 * if (state === 'COMPLETED') console.log(await client.getBatchResult('160718103247ad0', batchId));
 * await client.close();
 * ```
 */
export class DataGroupClient implements DataGroupBatchApi {
  /** The largest batch body this client sends, in bytes. */
  readonly maxBatchBytes: number;
  /** The API's base URL. */
  readonly baseUrl: string;
  readonly #options: ResolvedDataGroupClientOptions;
  readonly #transport: Transport;

  /** @throws ConfigError naming the first wrong option */
  constructor(options: DataGroupClientOptions) {
    this.#options = normalizeDataGroupClientOptions(options);
    this.maxBatchBytes = this.#options.maxBatchBytes;
    this.baseUrl = this.#options.transport.apiUrl;
    this.#transport = new Transport(this.#options.transport, dataGroupAuthenticator(this.#options.apiKey, this.#options.authorizationToken));
  }

  /**
   * A client configured from `DATAGROUP_API_KEY`, `DATAGROUP_TOKEN` and `DATAGROUP_URL`
   * (optional), with `overrides` applied on top.
   * @throws ConfigError naming the missing variable
   */
  static fromEnv(overrides: Partial<DataGroupClientOptions> = {}, env: NodeJS.ProcessEnv = process.env): DataGroupClient {
    const fromEnvironment: Record<string, string> = {};
    for (const [option, variable] of Object.entries(DATAGROUP_ENVIRONMENT)) {
      const value = env[variable];
      if (value !== undefined && value !== '') fromEnvironment[option] = value;
    }
    const options = { ...fromEnvironment, ...overrides };
    for (const option of ['apiKey', 'authorizationToken'] as const) {
      if (options[option] === undefined) {
        throw new ConfigError(`Missing ${DATAGROUP_ENVIRONMENT[option]}: set it in the environment or pass "${option}"`);
      }
    }
    return new DataGroupClient(options as DataGroupClientOptions);
  }

  /** Throws a `ConfigError` when the fields cannot be sent (notification URL not https, no method). */
  checkBatchFields(fields: DataGroupBatchFields): void {
    checkBatchFields(fields, this.#options.allowHttpLoopbackNotifications);
  }

  /**
   * Creates a batch of `records` under the job and resolves its batch id. Nothing is sent when
   * the body would exceed `maxBatchBytes` ({@link BatchTooLargeError}, saying by how much) or
   * the notification fields are wrong (`ConfigError`).
   */
  async createBatch(jobId: string, records: readonly DataRecord[], options: CreateBatchOptions = {}): Promise<string> {
    this.checkBatchFields(options);
    if (!Array.isArray(records) || records.length === 0) throw new ConfigError('createBatch needs a non-empty array of records');
    const encoded = records.map((record, index) => {
      const bytes = encodeRecord(record);
      if (typeof bytes === 'string') throw new ConfigError(`createBatch: records[${index}]: ${bytes}`);
      return bytes;
    });
    const recordBytes = encoded.reduce((sum, record) => sum + record.length, 0);
    const body = new BatchEnvelope(envelopeFieldsOf(options)).join(encoded, recordBytes);
    return this.createEncodedBatch(jobId, { recordCount: records.length, body }, options);
  }

  /** Creates a batch from a body already encoded (as `DataGroupBatchStream` builds them). */
  async createEncodedBatch(jobId: string, batch: EncodedBatch, options: DataGroupCallOptions = {}): Promise<string> {
    if (batch.body.length > this.maxBatchBytes) {
      throw new BatchTooLargeError({ bodyBytes: batch.body.length, maxBatchBytes: this.maxBatchBytes, recordCount: batch.recordCount });
    }
    const answer = await this.#call<unknown>(
      { method: 'POST', path: this.#batchesPath(jobId), body: batch.body, idempotent: this.#options.retryUncertainCreates },
      options,
    );
    const batchId = isJsonObject(answer) ? answer['batch_id'] : undefined;
    if (typeof batchId !== 'string' || batchId === '') {
      throw new Data8Error(`POST /${this.#batchesPath(jobId)} answered without a batch_id`);
    }
    return batchId;
  }

  /** The batch's state and creation date. */
  async getBatch(jobId: string, batchId: string, options: DataGroupCallOptions = {}): Promise<DataGroupBatch> {
    const path = `${this.#batchesPath(jobId)}/${encodeURIComponent(batchId)}`;
    const answer = await this.#call<unknown>({ method: 'GET', path }, options);
    if (!isJsonObject(answer) || typeof answer['state'] !== 'string') {
      throw new Data8Error(`GET /${path} answered without a state`);
    }
    return { state: answer['state'], createdDate: new Date(Number(answer['created_date'])) };
  }

  /** The processed records of a `COMPLETED` batch, in the order they were sent. */
  async getBatchResult(jobId: string, batchId: string, options: DataGroupCallOptions = {}): Promise<DataRecord[]> {
    const path = `${this.#batchesPath(jobId)}/${encodeURIComponent(batchId)}/result`;
    const answer = await this.#call<unknown>({ method: 'GET', path }, options);
    const data = isJsonObject(answer) ? answer['data'] : undefined;
    if (!Array.isArray(data)) throw new Data8Error(`GET /${path} answered without a data array`);
    return data as DataRecord[];
  }

  /** What the client has done so far (requests, retries, statuses...). */
  stats(): ClientStats {
    return this.#transport.stats();
  }

  /** Releases sockets and the limiter. Calls made afterwards fail. */
  async close(): Promise<void> {
    await this.#transport.close();
  }

  #batchesPath(jobId: string): string {
    if (typeof jobId !== 'string' || jobId === '') throw new ConfigError('A Data Group call needs a non-empty jobId');
    return `${this.#options.version}/async/${this.#options.solution}/job/${encodeURIComponent(jobId)}/batch`;
  }

  /** One call; the shared path's 401/403 wording (OAuth tokens, scopes) is replaced by this API's. */
  async #call<T>(request: ApiRequest<T>, options: DataGroupCallOptions): Promise<T> {
    try {
      return await this.#transport.request(request, options);
    } catch (error) {
      if (error instanceof AuthenticationError && error.status === 401) {
        throw new AuthenticationError(`${request.method} /${request.path}: the API refused the AuthorizationToken (401)`, {
          error: error.error,
          status: 401,
          cause: error,
        });
      }
      if (error instanceof ForbiddenError) {
        const detail = typeof error.problem?.detail === 'string' ? `: ${error.problem.detail}` : '';
        throw new ForbiddenError(`${request.method} /${request.path}: the API refused the x-api-key (403)${detail}`, error);
      }
      throw error;
    }
  }
}
