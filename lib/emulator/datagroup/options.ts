/**
 * Options of the emulated Data Group asynchronous batch API, and their defaults.
 *
 * @packageDocumentation
 */

/** A finished or failing batch, as {@link DataGroupEmulatorOptions.failBatch} sees it. */
export interface DataGroupBatchInfo {
  readonly jobId: string;
  readonly batchId: string;
  readonly recordCount: number;
}

/** What the emulated Data Group routes report as they work (see `emulator.dataGroup.events()`). */
export type DataGroupEvent =
  | { readonly type: 'datagroup.batch.created'; readonly jobId: string; readonly batchId: string; readonly recordCount: number; readonly bytes: number }
  | { readonly type: 'datagroup.batch.error'; readonly jobId: string; readonly batchId: string; readonly error: string }
  | { readonly type: 'datagroup.batch.finished'; readonly jobId: string; readonly batchId: string; readonly state: 'COMPLETED' | 'FAILED' }
  | {
      readonly type: 'datagroup.notification';
      readonly jobId: string;
      readonly batchId: string;
      readonly method: 'GET' | 'POST';
      /** The notification URL's origin and path (its query is left out). */
      readonly target: string;
      readonly status?: number;
      readonly error?: string;
    };

/**
 * The `dataGroup` option of `startEmulator`: the second vendor's credentials and behaviour.
 * Every field is optional.
 */
export interface DataGroupEmulatorOptions {
  /** The accepted `x-api-key`. @default env `DATAGROUP_API_KEY`, else `'local-api-key'` */
  readonly apiKey?: string | undefined;
  /** The accepted `AuthorizationToken`. @default env `DATAGROUP_TOKEN`, else `'local-token'` */
  readonly token?: string | undefined;
  /**
   * Also accept `http:` notification URLs whose host is a loopback address (127.0.0.0/8, `::1`,
   * `localhost`), so tests can receive notifications. Other hosts still need https.
   * @default false
   */
  readonly allowHttpNotifications?: boolean | undefined;
  /**
   * The largest request body `POST .../batch` accepts, in bytes. The vendor documents "10 MB";
   * the emulator reads it as 10,000,000 bytes, the stricter of the two usual readings, and so
   * does the client.
   * @default 10_000_000
   */
  readonly maxBodyBytes?: number | undefined;
  /** How long a batch stays `QUEUED` before it is `PROCESSING`, in ms. @default 10 */
  readonly queuedMs?: number | undefined;
  /** Processing speed once `PROCESSING`. @default 1_000_000 */
  readonly recordsPerSecond?: number | undefined;
  /** Return true to make a batch end `FAILED` instead of `COMPLETED`. @default never */
  readonly failBatch?: ((batch: DataGroupBatchInfo) => boolean) | undefined;
  /** Time allowed to each notification call, in ms. @default 10_000 */
  readonly notificationTimeoutMs?: number | undefined;
}

/** {@link DataGroupEmulatorOptions} with every default applied. */
export interface ResolvedDataGroupOptions {
  readonly apiKey: string;
  readonly token: string;
  readonly allowHttpNotifications: boolean;
  readonly maxBodyBytes: number;
  readonly queuedMs: number;
  readonly recordsPerSecond: number;
  readonly failBatch: (batch: DataGroupBatchInfo) => boolean;
  readonly notificationTimeoutMs: number;
}

/** The documented development credentials, used when neither option nor environment sets them. */
export const DEFAULT_DATAGROUP_CREDENTIALS = Object.freeze({ apiKey: 'local-api-key', token: 'local-token' });

/** The default body limit: "10 MB" read as 10,000,000 bytes. */
export const DEFAULT_MAX_BODY_BYTES = 10_000_000;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`dataGroup.${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}

function nonEmpty(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  return value;
}

/** Applies the defaults in one place; `env` is `process.env` unless a test passes its own. */
export function resolveDataGroupOptions(
  options: DataGroupEmulatorOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedDataGroupOptions {
  return {
    apiKey: nonEmpty('apiKey', options.apiKey, nonEmpty('apiKey', env.DATAGROUP_API_KEY, DEFAULT_DATAGROUP_CREDENTIALS.apiKey)),
    token: nonEmpty('token', options.token, nonEmpty('token', env.DATAGROUP_TOKEN, DEFAULT_DATAGROUP_CREDENTIALS.token)),
    allowHttpNotifications: options.allowHttpNotifications ?? false,
    maxBodyBytes: Math.floor(positive('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES)),
    queuedMs: options.queuedMs === 0 ? 0 : positive('queuedMs', options.queuedMs, 10),
    recordsPerSecond: positive('recordsPerSecond', options.recordsPerSecond, 1_000_000),
    failBatch: options.failBatch ?? (() => false),
    notificationTimeoutMs: positive('notificationTimeoutMs', options.notificationTimeoutMs, 10_000),
  };
}
