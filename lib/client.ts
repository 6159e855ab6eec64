/**
 * The Data8 client: one request path (authentication, rate limits, retries, typed errors)
 * under the resources of the Batch Data Cleansing and Administration APIs.
 *
 * @packageDocumentation
 */
import { type AssumedValues, resolveAssumedValues } from './core/assumed-values.js';
import { ConfigError } from './core/errors.js';
import { ApiKeysApi } from './api/api-keys.js';
import { ClientCredentialsApi } from './api/client-credentials.js';
import { DatasetsApi } from './api/datasets.js';
import { JobsApi } from './api/jobs.js';
import { normalizeClientOptions } from './transport/normalize-options.js';
import type { Data8ClientOptions } from './transport/options.js';
import type { ClientStats } from './transport/stats.js';
import { Transport } from './transport/transport.js';

/** The environment variables {@link Data8Client.fromEnv} reads. */
export const CLIENT_ENVIRONMENT = {
  clientId: 'DATA8_CLIENT_ID',
  clientSecret: 'DATA8_CLIENT_SECRET',
  apiUrl: 'DATA8_API_URL',
  authUrl: 'DATA8_AUTH_URL',
} as const;

/**
 * A client of Data8's Batch Data Cleansing and Administration APIs.
 *
 * @example
 * ```ts
 * const client = Data8Client.fromEnv();
 * for await (const dataset of client.datasets.list()) console.log(dataset.name);
 * await client.close();
 * ```
 */
export class Data8Client {
  /** Input and output datasets. */
  readonly datasets: DatasetsApi;
  /** Jobs. */
  readonly jobs: JobsApi;
  /** The account's OAuth client credentials and their secrets. */
  readonly clientCredentials: ClientCredentialsApi;
  /** The account's API keys. */
  readonly apiKeys: ApiKeysApi;
  /** The assumed values in force (the contract's, with the `assumedValues` option applied). */
  readonly assumedValues: AssumedValues;
  readonly #transport: Transport;

  /** @throws ConfigError naming the first wrong option */
  constructor(options: Data8ClientOptions) {
    const resolved = normalizeClientOptions(options);
    this.assumedValues = resolveAssumedValues(resolved.assumedValues);
    this.#transport = new Transport(resolved);
    this.datasets = new DatasetsApi(this.#transport, this.assumedValues);
    this.jobs = new JobsApi(this.#transport, this.assumedValues);
    this.clientCredentials = new ClientCredentialsApi(this.#transport);
    this.apiKeys = new ApiKeysApi(this.#transport);
  }

  /**
   * A client configured from `DATA8_CLIENT_ID`, `DATA8_CLIENT_SECRET`, `DATA8_API_URL` and
   * `DATA8_AUTH_URL` (optional), with `overrides` applied on top.
   * @throws ConfigError naming the missing variable
   */
  static fromEnv(overrides: Partial<Data8ClientOptions> = {}, env: NodeJS.ProcessEnv = process.env): Data8Client {
    const fromEnvironment: Record<string, string> = {};
    for (const [option, variable] of Object.entries(CLIENT_ENVIRONMENT)) {
      const value = env[variable];
      if (value !== undefined && value !== '') fromEnvironment[option] = value;
    }
    const options = { ...fromEnvironment, ...overrides };
    for (const option of ['apiUrl', 'clientId', 'clientSecret'] as const) {
      if (options[option] === undefined) {
        throw new ConfigError(`Missing ${CLIENT_ENVIRONMENT[option]}: set it in the environment or pass "${option}"`);
      }
    }
    return new Data8Client(options as Data8ClientOptions);
  }

  /** The base URL of the API this client calls. */
  get apiUrl(): string {
    return this.#transport.apiUrl;
  }

  /** Counters of requests, retries, answers by status, tokens, the retry budget and the adaptive concurrency. */
  stats(): ClientStats {
    return this.#transport.stats();
  }

  /** Releases sockets, the rate limiter and its Redis connections. Calls made afterwards fail. */
  close(): Promise<void> {
    return this.#transport.close();
  }
}
