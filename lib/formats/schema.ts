/**
 * The schema of a record file: its columns in order, each with the file's header, the column
 * name on the wire and the type. Plain data (it can be saved as JSON); pure functions.
 *
 * @packageDocumentation
 */

import { ASSUMED_VALUES, type AssumedValues } from '../core/assumed-values.js';
import { InputError } from '../core/errors.js';
import type { ColumnMap } from '../core/wire.js';
import type { ColumnTypeName } from './column-types.js';
import { mapHeaders, type HeaderLocation, type HeaderMap } from './header-map.js';

/** One column of a {@link RecordSchema}. */
export interface SchemaColumn {
  /** The column name on the wire (a valid column name). */
  readonly name: string;
  /** The header as the file has it (or the JSON key). */
  readonly header: string;
  readonly type: ColumnTypeName;
}

/** The columns of a record file, in file order. */
export interface RecordSchema {
  readonly columns: readonly SchemaColumn[];
  /** The header of each column and its name: give it to `writeRecords` to restore the headers. */
  readonly headerMap: HeaderMap;
  /**
   * What the reader decided for the caller while settling the columns, once per file (such as
   * columns taken from the keys of many records rather than the first one's); absent when nothing.
   */
  readonly notes?: readonly string[] | undefined;
}

/** A schema whose types are not all settled yet: `undefined` where a type is still to be inferred. */
export interface SchemaPlan {
  readonly headerMap: HeaderMap;
  readonly types: readonly (ColumnTypeName | undefined)[];
}

/**
 * Maps the headers and attaches the declared types (keyed by header or by column name).
 *
 * @throws {@link InputError} for header problems (see {@link mapHeaders}) and for a declared
 *   column the file does not have.
 */
export function planSchema(headers: readonly string[], declaredTypes: ReadonlyMap<string, ColumnTypeName>, location: HeaderLocation): SchemaPlan {
  const headerMap = mapHeaders(headers, location);
  const types = headerMap.map(({ header, column }) => declaredTypes.get(header) ?? declaredTypes.get(column));
  for (const name of declaredTypes.keys()) {
    if (!headerMap.some(({ header, column }) => header === name || column === name)) {
      const known = headerMap.map(({ header }) => JSON.stringify(header)).join(', ');
      throw new InputError({ ...location, column: name, reason: `the declared column "${name}" is not among the file's columns (${known})` });
    }
  }
  return { headerMap, types };
}

/** Settles a plan: each undecided type is `infer(index)`, or `String`. */
export function completeSchema(plan: SchemaPlan, infer?: (index: number) => ColumnTypeName): RecordSchema {
  return {
    headerMap: plan.headerMap,
    columns: plan.headerMap.map(({ header, column }, index) => ({
      name: column,
      header,
      type: plan.types[index] ?? infer?.(index) ?? 'String',
    })),
  };
}

/** The column names of a schema, in order. */
export function columnNames(schema: RecordSchema): string[] {
  return schema.columns.map((column) => column.name);
}

/** The `columns` of `POST /Dataset` for a schema: name → type code. */
export function toColumnMap(schema: RecordSchema, assumedValues: AssumedValues = ASSUMED_VALUES): ColumnMap {
  const columns: ColumnMap = {};
  for (const column of schema.columns) columns[column.name] = assumedValues.columnTypes[column.type];
  return columns;
}
