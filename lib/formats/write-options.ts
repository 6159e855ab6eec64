/**
 * The options of {@link writeRecords}, their defaults (applied here and nowhere else) and their
 * checks.
 *
 * @packageDocumentation
 */

import { formatFromPath, type RecordFormat } from './format.js';
import type { HeaderMap } from './header-map.js';
import { invalidOption, numberOption } from '../core/option-checks.js';
import { checkDelimiter } from './option-errors.js';

/** Options of {@link writeRecords}. */
export interface WriteRecordsOptions {
  /** The file format. @default from the path's extension, else `'csv'` */
  readonly format?: RecordFormat | undefined;
  /** The name used for the output in error messages. @default the path, or `'<stream>'` */
  readonly fileName?: string | undefined;
  /**
   * The columns to write, in order. For CSV they are the header row; a record key outside
   * them is an error (a value is never dropped silently), a missing key an empty cell. For
   * JSON they select and order every record's keys.
   * @default the first record's keys (JSON: each record as it is)
   */
  readonly columns?: readonly string[] | undefined;
  /**
   * The header map a reader reported (`reader.headerMap`): each column is written under the
   * file header it came from (`first_name` → `First Name`), as CSV header or JSON key.
   * Columns it does not know keep their names.
   */
  readonly headerMap?: HeaderMap | undefined;
  /** CSV: write a header row. @default true */
  readonly header?: boolean | undefined;
  /** CSV field delimiter. @default ',' (tab for `tsv`) */
  readonly delimiter?: string | undefined;
  /** The line ending. @default '\n' */
  readonly lineEnding?: '\n' | '\r\n' | undefined;
  /** Start the output with a UTF-8 byte-order mark (for spreadsheet programs). @default false */
  readonly bom?: boolean | undefined;
  /**
   * When the destination is a stream: end it once everything is written.
   * @default true, except for `process.stdout` and `process.stderr`
   */
  readonly end?: boolean | undefined;
  /** Aborts writing: the writer is destroyed with an `AbortError` and a file output is not created. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Chunks the writer's own buffer holds, the chunk being written included, before `write()`
   * returns false. A chunk is a record or a whole array (a page of a `DatasetReader`, 1,000
   * records), so the records waiting there are at most `highWaterMark × records per chunk`.
   * Besides them the writer holds up to 256 records gathered for encoding and the encoded
   * text of two writes (the one in flight and the next), each up to 64 Ki characters and one
   * chunk's text. A chunk taken at once leaves the buffer at once: a higher value only lets
   * the source run further ahead of a slow destination.
   * @default 1
   */
  readonly highWaterMark?: number | undefined;
}

/** {@link WriteRecordsOptions} with every default applied. */
export interface ResolvedWriteOptions {
  readonly format: 'csv' | 'ndjson' | 'json';
  readonly fileName: string;
  readonly columns: readonly string[] | undefined;
  readonly headerMap: HeaderMap;
  readonly header: boolean;
  readonly delimiter: string;
  readonly lineEnding: '\n' | '\r\n';
  readonly bom: boolean;
  readonly signal: AbortSignal | undefined;
  readonly highWaterMark: number;
}

/** Applies the defaults of {@link WriteRecordsOptions}; a `ConfigError` names any option that is wrong. */
export function resolveWriteOptions(path: string | undefined, options: WriteRecordsOptions = {}): ResolvedWriteOptions {
  const format = options.format ?? (path === undefined ? undefined : formatFromPath(path)) ?? 'csv';
  if (!['csv', 'tsv', 'ndjson', 'json'].includes(format)) invalidOption('format', 'csv, tsv, ndjson or json', format);
  const lineEnding: unknown = options.lineEnding ?? '\n';
  if (lineEnding !== '\n' && lineEnding !== '\r\n') invalidOption('lineEnding', '"\\n" or "\\r\\n"', lineEnding);
  const columns = options.columns;
  if (columns !== undefined && (!Array.isArray(columns) || !columns.every((column) => typeof column === 'string') || new Set(columns).size !== columns.length)) {
    invalidOption('columns', 'a list of distinct names', columns);
  }
  return {
    format: format === 'tsv' ? 'csv' : format,
    fileName: options.fileName ?? path ?? '<stream>',
    columns,
    headerMap: options.headerMap ?? [],
    header: options.header ?? true,
    delimiter: checkDelimiter(options.delimiter ?? (format === 'tsv' ? '\t' : ',')),
    lineEnding,
    bom: options.bom ?? false,
    signal: options.signal,
    highWaterMark: numberOption('highWaterMark', options.highWaterMark, 1, { min: 1 }),
  };
}
