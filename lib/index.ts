/**
 * data8-batch: stream large files through Data8's Batch Data Cleansing API in constant memory.
 *
 * @packageDocumentation
 */
export * from './core/errors.js';
export type * from './core/wire.js';
export * from './core/assumed-values.js';
export { Data8Client, CLIENT_ENVIRONMENT } from './client.js';
export type {
  Agents,
  Data8ClientOptions, TimeoutOptions, RetryOptions, RetryBudgetOptions, RateLimitOptions, RedisLimiterOptions,
  LogEntry, Logger, TokenEndpointAuthMethod,
} from './transport/options.js';
export type { ClientStats } from './transport/stats.js';
export type { ConcurrencyStats } from './transport/concurrency-gate.js';
export type { RetryBudgetStats } from './transport/retry-budget.js';
export type { CallOptions } from './transport/transport.js';
export { DEFAULT_AUTH_URL, resolveRetryOptions, type ResolvedRetryOptions } from './transport/normalize-options.js';
export {
  decideRetry, backoffDelay, parseRetryAfter, isRetryable, RETRYABLE_STATUSES, RETRYABLE_SYSTEM_CODES,
  type RetryDecision, type RetryPolicyInput,
} from './transport/retry-policy.js';
export type { DatasetsApi, DatasetListFilter, EncodedBlock, RecordRange } from './api/datasets.js';
export type { JobsApi, JobListFilter } from './api/jobs.js';
export type { ClientCredentialsApi } from './api/client-credentials.js';
export type { ApiKeysApi } from './api/api-keys.js';
export * from './streams/index.js';
export * from './formats/index.js';
export * from './datagroup/index.js';
export * from './cleanse.js';
