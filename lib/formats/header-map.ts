/**
 * Mapping file headers (`First Name`, `E-mail`) to valid column names (`first_name`, `e_mail`)
 * and back. Pure: no streams, no I/O.
 *
 * The rule, applied to each header on its own:
 * 1. A header that is already a valid column name (`^[a-z][a-z0-9_]*$`, at most 128
 *    characters) is kept as it is.
 * 2. Otherwise accents are removed (Unicode NFKD, combining marks dropped), letters are
 *    lower-cased, every run of characters other than `a-z`, `0-9` and `_` becomes one `_`,
 *    and leading and trailing `_` are removed.
 * 3. A name that then starts with a digit is prefixed `c_` (`2nd line` → `c_2nd_line`).
 * 4. A header with nothing left (`名前`, `???`) becomes `column_<n>`, n its 1-based position.
 * 5. The name is cut to 128 characters (and any `_` the cut leaves at the end removed).
 *
 * Two headers that map to one name, a header that appears twice, and an empty header are
 * {@link InputError}s naming both columns, unless the caller takes notes ({@link HeaderFixes}):
 * then an empty header is `column_<n>` and a repeated name gets `_2`, `_3`, each said in a note.
 *
 * @packageDocumentation
 */

import { ASSUMED_VALUES } from '../core/assumed-values.js';
import { InputError } from '../core/errors.js';

/** One file header and the column name it maps to. */
export interface HeaderMapping {
  /** The header exactly as the file has it. */
  readonly header: string;
  /** The valid column name used on the wire. */
  readonly column: string;
}

/** The headers of a file in file order, each with its column name. Plain data: it can be saved as JSON. */
export type HeaderMap = readonly HeaderMapping[];

/** Where the headers were read, for error messages. */
export interface HeaderLocation {
  readonly file?: string | undefined;
  readonly line?: number | undefined;
}

const VALID_NAME = /^[a-z][a-z0-9_]*$/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const INVALID_RUN = /[^a-z0-9_]+/g;
const EDGE_UNDERSCORES = /^_+|_+$/g;

/** Whether `name` is a valid dataset or column name. */
export function isValidColumnName(name: string, maxLength: number = ASSUMED_VALUES.maxNameLength): boolean {
  return name.length <= maxLength && VALID_NAME.test(name);
}

/**
 * The column name for one header, by the rule in this module's description. Pure; it does not
 * check for collisions (see {@link mapHeaders}).
 *
 * @param header - the header as the file has it
 * @param position - its 1-based position, used when nothing of the header survives
 */
export function toColumnName(header: string, position: number, maxLength: number = ASSUMED_VALUES.maxNameLength): string {
  if (isValidColumnName(header, maxLength)) return header;
  let name = header
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(INVALID_RUN, '_')
    .replace(EDGE_UNDERSCORES, '');
  if (name === '') name = `column_${position}`;
  else if (name.charCodeAt(0) <= 0x39) name = `c_${name}`;
  if (name.length > maxLength) name = name.slice(0, maxLength).replace(EDGE_UNDERSCORES, '');
  return name;
}

function describeHeader(header: string, index: number): string {
  return `${JSON.stringify(header)} (column ${index + 1})`;
}

/** How a reader mends headers instead of refusing them. */
export interface HeaderFixes {
  /** File header → column name, applied first. */
  readonly rename?: ReadonlyMap<string, string> | undefined;
  /** Given: empty and repeated headers are mended, each with a note pushed here. */
  readonly notes?: string[] | undefined;
}

function uniqueName(column: string, taken: ReadonlyMap<string, number>): string {
  for (let suffix = 2; ; suffix++) {
    const name = `${column.slice(0, ASSUMED_VALUES.maxNameLength - String(suffix).length - 1)}_${suffix}`;
    if (!taken.has(name)) return name;
  }
}

/**
 * Maps every header to a column name and checks that the result names each column once.
 *
 * @throws {@link InputError} for an empty header, a header that appears twice, or two headers
 *   that map to one column name (unless `fixes.notes` is given); the message names both columns
 *   and the header line. Also for a `fixes.rename` key that is not a header.
 */
export function mapHeaders(headers: readonly string[], location: HeaderLocation = {}, fixes: HeaderFixes = {}): HeaderMap {
  const firstIndexByColumn = new Map<string, number>();
  const mappings: HeaderMapping[] = [];
  const { rename, notes } = fixes;
  for (const name of rename?.keys() ?? []) {
    if (!headers.includes(name)) {
      const known = headers.map((header) => JSON.stringify(header)).join(', ');
      throw new InputError({ ...location, column: name, reason: `cannot rename "${name}": it is not one of the file's headers (${known})`, fixes: [{ option: 'rename' }] });
    }
  }
  for (let index = 0; index < headers.length; index++) {
    const header = headers[index] ?? '';
    if (header.trim() === '' && rename?.get(header) === undefined) {
      if (notes === undefined) throw new InputError({ ...location, column: index + 1, reason: `the header of column ${index + 1} is empty` });
      let column = `column_${index + 1}`;
      if (firstIndexByColumn.has(column)) column = uniqueName(column, firstIndexByColumn);
      notes.push(`the header of column ${index + 1} is empty: the column is named "${column}"`);
      firstIndexByColumn.set(column, index);
      mappings.push({ header, column });
      continue;
    }
    let column = rename?.get(header) ?? toColumnName(header, index + 1);
    const earlier = firstIndexByColumn.get(column);
    if (earlier !== undefined && notes !== undefined) {
      const renamed = uniqueName(column, firstIndexByColumn);
      const earlierHeader = headers[earlier] ?? '';
      notes.push(
        earlierHeader === header
          ? `the header ${JSON.stringify(header)} appears twice (columns ${earlier + 1} and ${index + 1}): the second is named "${renamed}"`
          : `the headers ${describeHeader(earlierHeader, earlier)} and ${describeHeader(header, index)} both map to "${column}": the second is named "${renamed}"`,
      );
      column = renamed;
    } else if (earlier !== undefined) {
      const earlierHeader = headers[earlier] ?? '';
      const reason =
        earlierHeader === header
          ? `the header ${JSON.stringify(header)} appears twice (columns ${earlier + 1} and ${index + 1})`
          : `the headers ${describeHeader(earlierHeader, earlier)} and ${describeHeader(header, index)} both map to the column name "${column}"`;
      throw new InputError({ ...location, column: header, reason });
    }
    firstIndexByColumn.set(column, index);
    mappings.push({ header, column });
  }
  return mappings;
}

/**
 * One map from several (the header maps of several inputs): the first map that names a column
 * decides its header, so a later input whose header already was the column name (an NDJSON
 * key, say) does not undo an earlier input's `First Name`.
 */
export function mergeHeaderMaps(maps: readonly HeaderMap[]): HeaderMapping[] {
  const merged = new Map<string, HeaderMapping>();
  for (const map of maps) for (const mapping of map) if (!merged.has(mapping.column)) merged.set(mapping.column, mapping);
  return [...merged.values()];
}

/**
 * The headers to write for `columns`: each column's original header from `headerMap`, or the
 * column name itself when the map does not know it (a column the service added, say) or when
 * an earlier column already took that header, or the header was empty (`column_2`).
 */
export function restoreHeaders(columns: readonly string[], headerMap: HeaderMap = []): string[] {
  const headerByColumn = new Map(headerMap.map((mapping) => [mapping.column, mapping.header]));
  // A header the file repeated (`email`, read as `email_2`) is written once: the second keeps its
  // column name, so no record has two fields of one name (NDJSON and JSON would lose one).
  const used = new Set<string>();
  return columns.map((column) => {
    const header = headerByColumn.get(column) ?? column;
    const unique = used.has(header) || header.trim() === '' ? column : header;
    used.add(unique);
    return unique;
  });
}
