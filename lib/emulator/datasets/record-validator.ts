/**
 * Checks records against a dataset's columns (contract, "Datasets": a key that is not a column,
 * or a value that does not fit its column's type, is a validation error; a missing key or
 * `null` is an empty value).
 *
 * Values are checked strictly, as JSON types, never coerced:
 * - `0` String: a JSON string.
 * - `1` Integer: a JSON number that is a whole number within ±(2^53 − 1). A numeric string
 *   such as `"42"` is refused: the client sends the types its columns declare.
 * - `2` Decimal: a finite JSON number.
 * - `3` Boolean: `true` or `false`.
 * - `4` DateTime: an ISO 8601 string, a date (`2024-02-29`) or a date and time
 *   (`2024-02-29T13:45`, seconds, fraction and `Z` / `±hh:mm` offset optional).
 *
 * A validator is compiled once per dataset, so a block costs one map look-up and one type
 * test per value.
 *
 * @packageDocumentation
 */
import type { ColumnMap } from '../../core/wire.js';
import type { FieldErrors } from '../problems.js';

/** Column type codes (contract, "Datasets", ColumnType). */
export const ColumnType = Object.freeze({ String: 0, Integer: 1, Decimal: 2, Boolean: 3, DateTime: 4 });

/** Checks one value; answers why it does not fit, or `undefined` when it does. */
type ValueCheck = (value: unknown) => string | undefined;

const ISO_DATE_TIME =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?$/;

/** True when `value` is an ISO 8601 date or date-time naming a real day. */
export function isIsoDateTime(value: string): boolean {
  const match = ISO_DATE_TIME.exec(value);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // The pattern allows day 31 in every month; the calendar decides.
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

const CHECKS: readonly ValueCheck[] = [
  (value) => (typeof value === 'string' ? undefined : 'must be a string'),
  (value) =>
    typeof value === 'number' && Number.isSafeInteger(value)
      ? undefined
      : 'must be a whole number between -9007199254740991 and 9007199254740991',
  (value) => (typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a finite number'),
  (value) => (typeof value === 'boolean' ? undefined : 'must be true or false'),
  (value) =>
    typeof value === 'string' && isIsoDateTime(value)
      ? undefined
      : 'must be an ISO 8601 date or date-time string, e.g. 2024-02-29T13:45:00Z',
];

/** True when `code` is a known column type code. */
export function isColumnTypeCode(code: unknown): code is number {
  return typeof code === 'number' && Number.isInteger(code) && code >= 0 && code < CHECKS.length;
}

/** Options of {@link RecordValidator.check}. */
export interface RecordCheckOptions {
  /** What field paths start with. @default 'records' */
  readonly prefix?: string;
  /** Stop after this many field errors. @default 100 */
  readonly maxErrors?: number;
  /** The index of `records[0]` in field paths (a batch in the middle of a stream). @default 0 */
  readonly firstIndex?: number;
}

/** Checks arrays of records against one dataset's columns. */
export interface RecordValidator {
  /**
   * Checks `records`; answers the field errors, keyed `<prefix>[i].<column>`, or `undefined`
   * when every record fits.
   */
  check(records: readonly unknown[], options?: RecordCheckOptions): FieldErrors | undefined;
}

/** Compiles a {@link RecordValidator} for `columns`. */
export function compileRecordValidator(columns: ColumnMap): RecordValidator {
  const checks = new Map<string, ValueCheck>();
  for (const [column, code] of Object.entries(columns)) {
    const check = CHECKS[code];
    if (check === undefined) throw new TypeError(`column ${column} has unknown type ${code}`);
    checks.set(column, check);
  }
  return {
    check(records, { prefix = 'records', maxErrors = 100, firstIndex = 0 } = {}) {
      let errors: FieldErrors | undefined;
      let count = 0;
      const add = (field: string, message: string): boolean => {
        errors ??= {};
        (errors[field] ??= []).push(message);
        count += 1;
        return count >= maxErrors;
      };
      for (let i = 0; i < records.length; i++) {
        const record = records[i];
        if (typeof record !== 'object' || record === null || Array.isArray(record)) {
          if (add(`${prefix}[${i + firstIndex}]`, 'must be a JSON object keyed by column name')) return errors;
          continue;
        }
        for (const key in record) {
          const value = (record as Record<string, unknown>)[key];
          const check = checks.get(key);
          if (check === undefined) {
            if (add(`${prefix}[${i + firstIndex}].${key}`, 'is not a column of this dataset')) return errors;
            continue;
          }
          if (value === null) continue;
          const problem = check(value);
          if (problem !== undefined && add(`${prefix}[${i + firstIndex}].${key}`, problem)) return errors;
        }
      }
      return errors;
    },
  };
}
