/**
 * Values the vendor documentation does not state, in one table a user can override when a
 * real deployment differs. The emulator implements the same decisions independently.
 *
 * @packageDocumentation
 */

/** Column type codes. */
export interface ColumnTypeCodes {
  readonly String: number;
  readonly Integer: number;
  readonly Decimal: number;
  readonly Boolean: number;
  readonly DateTime: number;
}

/** Job status codes. */
export interface JobStatusCodes {
  readonly Queued: number;
  readonly Running: number;
  readonly Completed: number;
  readonly Failed: number;
  readonly Cancelled: number;
}

/** Every assumed value the client relies on. */
export interface AssumedValues {
  readonly columnTypes: ColumnTypeCodes;
  readonly jobStatus: JobStatusCodes;
  /** The most records one `PATCH /Dataset/{name}/data` may carry. @default 1000 */
  readonly maxBlockRecords: number;
  /** The most records one `GET /Dataset/{name}/data` may return. @default 1000 */
  readonly maxPageRecords: number;
  /** Datasets per page of `GET /Dataset`. @default 100 */
  readonly datasetsPerPage: number;
  /** Jobs per page of `GET /Job`. @default 100 */
  readonly jobsPerPage: number;
  /** Longest dataset or column name. @default 128 */
  readonly maxNameLength: number;
  /** Longest job name. @default 200 */
  readonly maxJobNameLength: number;
}

/** The values of the API contract. Pass a partial override as the client's `assumedValues` option. */
export const ASSUMED_VALUES: AssumedValues = Object.freeze({
  columnTypes: Object.freeze({ String: 0, Integer: 1, Decimal: 2, Boolean: 3, DateTime: 4 }),
  jobStatus: Object.freeze({ Queued: 0, Running: 1, Completed: 2, Failed: 3, Cancelled: 4 }),
  maxBlockRecords: 1000,
  maxPageRecords: 1000,
  datasetsPerPage: 100,
  jobsPerPage: 100,
  maxNameLength: 128,
  maxJobNameLength: 200,
});

/** A deep-partial override of {@link AssumedValues}. */
export interface AssumedValuesOverride {
  readonly columnTypes?: Partial<ColumnTypeCodes>;
  readonly jobStatus?: Partial<JobStatusCodes>;
  readonly maxBlockRecords?: number;
  readonly maxPageRecords?: number;
  readonly datasetsPerPage?: number;
  readonly jobsPerPage?: number;
  readonly maxNameLength?: number;
  readonly maxJobNameLength?: number;
}

/** Merges an override onto {@link ASSUMED_VALUES}. */
export function resolveAssumedValues(override: AssumedValuesOverride = {}): AssumedValues {
  return Object.freeze({
    ...ASSUMED_VALUES,
    ...override,
    columnTypes: Object.freeze({ ...ASSUMED_VALUES.columnTypes, ...override.columnTypes }),
    jobStatus: Object.freeze({ ...ASSUMED_VALUES.jobStatus, ...override.jobStatus }),
  });
}
