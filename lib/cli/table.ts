/**
 * Plain-text tables and key/value blocks for people reading a terminal. Scripts use `--json`
 * instead, so this output may change between versions.
 *
 * @packageDocumentation
 */
import { formatCount } from './format-values.js';

/** One column of a table: its heading and how to get a row's cell. */
export interface TableColumn<Row> {
  readonly heading: string;
  readonly value: (row: Row) => unknown;
  /** Right-align (numbers). @default false */
  readonly alignRight?: boolean;
}

/** A value as a person reads it in a cell. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? formatCount(value) : String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(displayValue).join(', ');
  return JSON.stringify(value);
}

/** Renders rows under their headings, columns padded to the widest cell. */
export function renderTable<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => displayValue(column.value(row)).replace(/\s+/g, ' ')));
  const widths = columns.map((column, index) =>
    Math.max(column.heading.length, ...cells.map((row) => (row[index] ?? '').length)),
  );
  const line = (values: readonly string[]): string =>
    values
      .map((value, index) => {
        const width = widths[index] ?? 0;
        return columns[index]?.alignRight === true ? value.padStart(width) : value.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const heading = line(columns.map((column) => column.heading.toUpperCase()));
  return [heading, ...cells.map(line)].join('\n') + '\n';
}

/**
 * Renders an object as `key  value` lines; nested objects are indented under their key, so a
 * job's statistics or a dataset's columns read naturally.
 */
export function renderDetails(object: Readonly<Record<string, unknown>>, indent = ''): string {
  const entries = Object.entries(object);
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  let text = '';
  for (const [key, value] of entries) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const nested = value as Record<string, unknown>;
      text += Object.keys(nested).length === 0 ? `${indent}${key}\n` : `${indent}${key}\n${renderDetails(nested, `${indent}  `)}`;
    } else {
      text += `${indent}${key.padEnd(width)}  ${displayValue(value)}`.trimEnd() + '\n';
    }
  }
  return text;
}
