/**
 * Builds wire records from parsed rows (CSV) or parsed objects (JSON) by a schema, converting
 * and checking every value. Pure: no streams.
 *
 * This is the record path: one plain loop per record, keys precomputed, no closures or
 * try/catch per record. A value that does not fit throws an {@link InputError}, which ends the
 * read anyway.
 *
 * @packageDocumentation
 */

import { InputError } from '../core/errors.js';
import type { DataRecord, RecordValue } from '../core/wire.js';
import { INVALID, convertJsonValue, converterFor, describeMismatch, type ColumnTypeName } from './column-types.js';
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
 */
export function createRowBuilder(schema: RecordSchema, file: string): RowBuilder {
  const names = schema.columns.map((column) => column.name);
  const converters = schema.columns.map((column) => converterFor(column.type));
  const width = names.length;
  if (converters.every((converter) => converter === undefined)) {
    return (row) => {
      const record: DataRecord = {};
      for (let index = 0; index < width; index++) {
        const value = row[index] as string;
        record[names[index] as string] = value === '' ? null : value;
      }
      return record;
    };
  }
  return (row, line, recordNumber) => {
    const record: DataRecord = {};
    for (let index = 0; index < width; index++) {
      const value = row[index] as string;
      const convert = converters[index];
      let converted: RecordValue | typeof INVALID = value;
      if (value === '') converted = null;
      else if (convert !== undefined) converted = convert(value);
      if (converted === INVALID) {
        const column = schema.columns[index];
        throw mismatch(file, line, recordNumber, column?.header ?? index + 1, describeMismatch(value, column?.type ?? 'String'));
      }
      record[names[index] as string] = converted;
    }
    return record;
  };
}

function convertUnknown(value: unknown, type: ColumnTypeName): RecordValue | typeof INVALID {
  if (value === null || (value === '' && type !== 'String')) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return convertJsonValue(value, type);
  return INVALID;
}

/**
 * A builder for JSON objects: keys are looked up by header, values converted to their column's
 * type, a missing key is `null`, and a key outside the schema is an {@link InputError} (the
 * service would refuse the record).
 */
export function createObjectBuilder(schema: RecordSchema, file: string): ObjectBuilder {
  const columns = schema.columns;
  const indexByHeader = new Map(columns.map((column, index) => [column.header, index]));
  const known = columns.map((column) => JSON.stringify(column.header)).join(', ');
  return (object, line, recordNumber) => {
    const record: DataRecord = {};
    for (const column of columns) record[column.name] = null;
    for (const key in object) {
      const index = indexByHeader.get(key);
      const column = index === undefined ? undefined : columns[index];
      if (column === undefined) {
        throw mismatch(file, line, recordNumber, key, `the key ${JSON.stringify(key)} is not one of the columns (${known}); declare every column with the "columns" option`);
      }
      const value = object[key];
      const converted = convertUnknown(value, column.type);
      if (converted === INVALID) throw mismatch(file, line, recordNumber, key, describeMismatch(value, column.type));
      record[column.name] = converted;
    }
    return record;
  };
}
