/**
 * Builds wire records from parsed rows (CSV) or parsed objects (JSON) by a schema, converting
 * and checking every value. Pure: no streams.
 *
 * This is the record path: keys computed once per schema, no closures or try/catch per record.
 * A value that does not fit throws an {@link InputError}, which ends the read anyway.
 *
 * @packageDocumentation
 */

import { InputError } from '../core/errors.js';
import type { DataRecord, RecordValue } from '../core/wire.js';
import { INVALID, convertJsonValue, converterFor, describeMismatch, type ColumnTypeName, type ValueConverter } from './column-types.js';
import { isValidColumnName } from './header-map.js';
import { nestedValueRefused } from './nested-values.js';
import type { RecordSchema } from './schema.js';

/** Builds one record; `line` and `record` (1-based) only serve error messages. */
export type RowBuilder = (row: readonly string[], line: number, record: number) => DataRecord;

/** Builds one record from a parsed JSON object. */
export type ObjectBuilder = (object: Readonly<Record<string, unknown>>, line: number, record: number) => DataRecord;

function mismatch(file: string, line: number, record: number, column: string | number, reason: string): InputError {
  return new InputError({ file, line, record, column, reason });
}

/**
 * A builder for CSV rows: an empty cell is `null`, other cells are kept as strings or converted
 * to their column's type. The row must have exactly one cell per column (the reader checks).
 *
 * The builder is compiled once per schema into one object literal, so records share one shape
 * with their properties in-object, as objects built by a literal are, rather than keyed one by one.
 * Only column names that passed the name check are compiled in, quoted by `JSON.stringify`.
 */
export function createRowBuilder(schema: RecordSchema, file: string): RowBuilder {
  const columns = schema.columns;
  const converters = columns.map((column) => converterFor(column.type));
  const fail = (index: number, value: string, line: number, recordNumber: number): never => {
    const column = columns[index];
    throw mismatch(file, line, recordNumber, column?.header ?? index + 1, describeMismatch(value, column?.type ?? 'String'));
  };
  const properties = columns.map((column, index) => {
    if (!isValidColumnName(column.name)) throw new TypeError(`not a valid column name: ${JSON.stringify(column.name)}`);
    const cell = `(value = row[${index}]) === '' ? null : `;
    const converted = converters[index] === undefined ? 'value' : `(converted = convert[${index}](value)) === INVALID ? fail(${index}, value, line, record) : converted`;
    return `${JSON.stringify(column.name)}: ${cell}${converted}`;
  });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- see above: validated names, one literal per schema.
  const compile = new Function('convert', 'INVALID', 'fail', `return (row, line, record) => { let value, converted; return { ${properties.join(', ')} }; };`) as (
    convert: readonly (ValueConverter | undefined)[],
    invalid: typeof INVALID,
    fail: (index: number, value: string, line: number, recordNumber: number) => never,
  ) => RowBuilder;
  return compile(converters, INVALID, fail);
}

function convertUnknown(value: unknown, type: ColumnTypeName): RecordValue | typeof INVALID {
  if (value === null || (value === '' && type !== 'String')) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return convertJsonValue(value, type);
  return INVALID;
}

/**
 * A builder for JSON objects: keys are looked up by header, values converted to their column's
 * type, a missing key is `null`, and a key outside the schema is an {@link InputError} (the
 * service would refuse the record) whose reason ends with `unknownKeyHint`.
 */
export function createObjectBuilder(schema: RecordSchema, file: string, unknownKeyHint = 'declare every column with the "columns" option'): ObjectBuilder {
  const columns = schema.columns;
  const indexByHeader = new Map(columns.map((column, index) => [column.header, index]));
  const known = columns.length > 12 ? `${columns.length} of them` : columns.map((column) => JSON.stringify(column.header)).join(', ');
  return (object, line, recordNumber) => {
    const record: DataRecord = {};
    for (const column of columns) record[column.name] = null;
    for (const key in object) {
      const index = indexByHeader.get(key);
      const column = index === undefined ? undefined : columns[index];
      if (column === undefined) {
        throw mismatch(file, line, recordNumber, key, `the key ${JSON.stringify(key)} is not one of the columns (${known}); ${unknownKeyHint}`);
      }
      const value = object[key];
      const converted = convertUnknown(value, column.type);
      if (converted === INVALID) {
        const reason = typeof value === 'object' && value !== null ? nestedValueRefused(key, value) : describeMismatch(value, column.type);
        throw mismatch(file, line, recordNumber, key, reason);
      }
      record[column.name] = converted;
    }
    return record;
  };
}
