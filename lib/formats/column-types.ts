/**
 * Column types: converting file values to wire values, checking that they fit, and inferring
 * a type from a sample. Pure: no streams, no I/O.
 *
 * A converter returns the wire value, or {@link INVALID} when the value does not fit (no
 * exceptions on the record path). An empty CSV cell is `null` whatever the type: the contract
 * calls `null` an empty value.
 *
 * @packageDocumentation
 */

import { ASSUMED_VALUES, type AssumedValues, type ColumnTypeCodes } from '../core/assumed-values.js';
import type { ColumnTypeCode, RecordValue } from '../core/wire.js';

/** A column type by name. */
export type ColumnTypeName = keyof ColumnTypeCodes;

/** A column type as a caller may give it: a name, or a numeric code of {@link ASSUMED_VALUES}. */
export type ColumnTypeInput = ColumnTypeName | ColumnTypeCode;

/** Every column type name, in code order. */
export const COLUMN_TYPE_NAMES: readonly ColumnTypeName[] = Object.freeze(['String', 'Integer', 'Decimal', 'Boolean', 'DateTime']);

/** Returned by converters for a value that does not fit its type. */
export const INVALID: unique symbol = Symbol('invalid value');

/** Converts one value; `INVALID` when it does not fit. */
export type ValueConverter = (value: string) => RecordValue | typeof INVALID;

/**
 * The type name for a name or a code.
 *
 * @returns `undefined` when `type` is neither a known name nor a code of `assumedValues`.
 */
export function resolveColumnType(type: ColumnTypeInput, assumedValues: AssumedValues = ASSUMED_VALUES): ColumnTypeName | undefined {
  if (typeof type === 'string') return COLUMN_TYPE_NAMES.includes(type) ? type : undefined;
  return COLUMN_TYPE_NAMES.find((name) => assumedValues.columnTypes[name] === type);
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

function toInteger(value: string): RecordValue | typeof INVALID {
  const text = value.trim();
  if (!INTEGER.test(text)) return INVALID;
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : INVALID;
}

function toDecimal(value: string): RecordValue | typeof INVALID {
  const text = value.trim();
  if (!DECIMAL.test(text)) return INVALID;
  const number = Number(text);
  return Number.isFinite(number) ? number : INVALID;
}

function toBoolean(value: string): RecordValue | typeof INVALID {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return INVALID;
}

/** Whether the date and time parts are in range (no 2024-02-30, no 25:00). */
function isRealDateTime(match: RegExpExecArray): boolean {
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day) &&
    Number(hour) < 24 &&
    Number(minute) < 60 &&
    Number(second) < 60
  );
}

/** ISO 8601 dates and date-times; a space between date and time becomes `T`. */
function toDateTime(value: string): RecordValue | typeof INVALID {
  const text = value.trim();
  const match = DATE_TIME.exec(text);
  if (match === null || !isRealDateTime(match)) return INVALID;
  return text.length > 10 && text.charCodeAt(10) === 0x20 ? `${text.slice(0, 10)}T${text.slice(11)}` : text;
}

const CONVERTERS: Readonly<Record<ColumnTypeName, ValueConverter | undefined>> = {
  String: undefined,
  Integer: toInteger,
  Decimal: toDecimal,
  Boolean: toBoolean,
  DateTime: toDateTime,
};

/** The converter of a type, `undefined` for `String` (values are kept as they are). */
export function converterFor(type: ColumnTypeName): ValueConverter | undefined {
  return CONVERTERS[type];
}

/** Why a value does not fit a type, for messages. */
export function describeMismatch(value: unknown, type: ColumnTypeName): string {
  if (typeof value === 'object' && value !== null) {
    return `${Array.isArray(value) ? 'an array' : 'an object'} cannot be a value: a record holds strings, numbers, booleans and nulls`;
  }
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  switch (type) {
    case 'Integer':
      return `${shown} is not an Integer (whole number between -(2^53-1) and 2^53-1)`;
    case 'Decimal':
      return `${shown} is not a Decimal (a number such as 12.5)`;
    case 'Boolean':
      return `${shown} is not a Boolean (true, false, yes, no, y, n, 1 or 0)`;
    case 'DateTime':
      return `${shown} is not a DateTime (ISO 8601, such as 2024-03-31 or 2024-03-31T14:05:00Z)`;
    case 'String':
      return `${shown} is not a String`;
  }
}

/**
 * Converts a value parsed from JSON (already typed) to its column's type. Strings go through
 * the same converters as CSV cells; numbers and booleans must already fit (a `String` column
 * takes them as text).
 */
export function convertJsonValue(value: string | number | boolean, type: ColumnTypeName): RecordValue | typeof INVALID {
  if (typeof value === 'string') {
    const converter = CONVERTERS[type];
    return converter === undefined ? value : converter(value);
  }
  switch (type) {
    case 'String':
      return String(value);
    case 'Integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : INVALID;
    case 'Decimal':
      return typeof value === 'number' ? value : INVALID;
    case 'Boolean':
      return typeof value === 'boolean' ? value : INVALID;
    case 'DateTime':
      return INVALID;
  }
}

const INFER_INTEGER = /^-?(?:0|[1-9]\d*)$/;
const INFER_DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const INFER_BOOLEAN = /^(?:true|false)$/i;

/**
 * Infers a column's type from sample values, narrowest first. Only values written the one way
 * a number is written count as numbers, so `00123` and `07700 900123` stay `String`. Empty
 * values (`null`, `''`) say nothing; a column with nothing else is `String`.
 *
 * @param parseStrings - whether a string may be read as a number, boolean or date (CSV cells);
 *   JSON strings are strings on purpose, so JSON sources pass `false`.
 */
export function inferColumnType(values: Iterable<RecordValue | undefined>, parseStrings = true): ColumnTypeName {
  let integer = true;
  let decimal = true;
  let boolean = true;
  let dateTime = true;
  let seen = false;
  for (const value of values) {
    if (value === null || value === undefined || value === '') continue;
    seen = true;
    if (typeof value === 'number') {
      integer &&= Number.isSafeInteger(value);
      boolean = dateTime = false;
    } else if (typeof value === 'boolean') {
      integer = decimal = dateTime = false;
    } else if (!parseStrings) {
      return 'String';
    } else {
      integer &&= INFER_INTEGER.test(value) && Number.isSafeInteger(Number(value));
      decimal &&= INFER_DECIMAL.test(value) && Number.isFinite(Number(value));
      boolean &&= INFER_BOOLEAN.test(value);
      dateTime &&= toDateTime(value) === value;
    }
    if (!integer && !decimal && !boolean && !dateTime) return 'String';
  }
  if (!seen) return 'String';
  if (integer) return 'Integer';
  if (decimal) return 'Decimal';
  if (boolean) return 'Boolean';
  return dateTime ? 'DateTime' : 'String';
}
