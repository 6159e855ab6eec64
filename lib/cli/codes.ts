/**
 * Names for the numeric column type codes the service uses, read from the
 * client's assumed-values table so an overridden table shows correctly.
 *
 * @packageDocumentation
 */
import type { AssumedValues, ColumnTypeCodes } from '../core/assumed-values.js';
import { UsageError } from './report-error.js';

/** The name of a column type code, or the number itself when the table has none. */
function columnTypeName(table: ColumnTypeCodes, code: number): string {
  return Object.entries(table).find(([, value]) => value === code)?.[0] ?? String(code);
}

/** Column name → column type name, for display. */
export function columnTypeNames(values: AssumedValues, columns: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(Object.entries(columns).map(([column, code]) => [column, columnTypeName(values.columnTypes, code)]));
}

/** `--column age:Integer` (type name in any case, or its code) → `['age', 1]`. */
export function parseColumn(values: AssumedValues, text: string): [string, number] {
  const separator = text.lastIndexOf(':');
  const name = separator < 0 ? text : text.slice(0, separator);
  const typeText = separator < 0 ? 'String' : text.slice(separator + 1);
  const typeName = (Object.keys(values.columnTypes) as (keyof ColumnTypeCodes)[]).find(
    (candidate) => candidate.toLowerCase() === typeText.toLowerCase() || String(values.columnTypes[candidate]) === typeText,
  );
  if (name === '' || typeName === undefined) {
    const types = Object.keys(values.columnTypes).join(', ');
    throw new UsageError(`--column: expected name:type with type one of ${types}, got "${text}"`);
  }
  return [name, values.columnTypes[typeName]];
}
