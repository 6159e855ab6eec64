/**
 * The options of {@link readRecords}, their defaults (applied here and nowhere else) and their
 * checks.
 *
 * @packageDocumentation
 */

import { ASSUMED_VALUES, type AssumedValues } from '../core/assumed-values.js';
import { resolveColumnType, type ColumnTypeInput, type ColumnTypeName } from './column-types.js';
import { formatFromPath, type RecordFormat } from './format.js';
import { invalidOption, numberOption } from '../core/option-checks.js';
import { checkDelimiter } from './option-errors.js';
import { NESTED_MODES, type NestedMode } from './nested-values.js';

/** What the reader emits: one record, one `{ record, line }`, or one {@link RecordBatch} per chunk. */
export type ReadOutput = 'records' | 'numbered' | 'batches';

/** Text encodings the reader accepts. */
export type InputEncoding = 'utf8' | 'utf16le' | 'latin1';

/**
 * Columns the caller declares: a list of names, or names with their types
 * (`{ age: 'Integer', joined: 'DateTime' }`; a type may also be a numeric code of
 * {@link ASSUMED_VALUES}). Keys may be the file's header or the mapped column name.
 */
export type DeclaredColumns = readonly string[] | Readonly<Record<string, ColumnTypeInput>>;

/** Options of {@link readRecords}. */
export interface ReadRecordsOptions {
  /**
   * The file format. `tsv` is CSV with a tab delimiter.
   * @default from the path's extension (`.csv`, `.tsv`/`.tab`, `.ndjson`/`.jsonl`, `.json`), else `'csv'`
   */
  readonly format?: RecordFormat | undefined;
  /** The name used for the input in error messages. @default the path, or `'<stream>'` */
  readonly fileName?: string | undefined;
  /**
   * The text encoding. A UTF-8 byte-order mark is skipped; a UTF-16LE one switches to `utf16le`.
   * Bytes that are not valid UTF-8 are an {@link InputError} naming the line, never replaced.
   * @default 'utf8'
   */
  readonly encoding?: InputEncoding | undefined;
  /** CSV field delimiter, one character (`;` for many European exports). @default ',' (tab for `tsv`) */
  readonly delimiter?: string | undefined;
  /**
   * CSV: whether the first row holds the headers. With `header: true` and a `columns` list, the
   * header row is skipped and the list names the columns.
   * @default true, unless `columns` is a list
   */
  readonly header?: boolean | undefined;
  /**
   * Declared columns. A list names the columns of a file without a header row (CSV) or the
   * only keys a record may have (JSON). An object declares types for some or all columns; for
   * a CSV file without a header row its keys, in order, name the columns.
   * @default the header row (CSV) or the keys of the first `sampleSize` records (JSON)
   */
  readonly columns?: DeclaredColumns | undefined;
  /**
   * Infer the type of every undeclared column from the first `sampleSize` records. CSV values
   * are read as numbers, booleans or dates only when every sampled value is written that way
   * (so `00123` stays a string); JSON values keep their JSON type.
   * @default false for CSV (values stay strings), true for NDJSON and JSON
   */
  readonly inferTypes?: boolean | undefined;
  /**
   * How many records settle the columns: the type inference looks at them, and for NDJSON and
   * JSON the columns are the union of their keys (in the order first seen), not only the first
   * record's. A key first seen after them is an {@link InputError} naming its line, unless the
   * `columns` option declares it.
   * @default 1000
   */
  readonly sampleSize?: number | undefined;
  /**
   * NDJSON and JSON: what a nested object or array becomes, as a record holds scalars only.
   * `'error'` refuses it, naming its line and key; `'json'` keeps it as its JSON text (a String
   * column); `'flatten'` makes one column per nested key joined by `_` (`{"address":{"city":
   * "Leeds"}}` gives `address_city`, at any depth) and keeps arrays as JSON text (their length
   * varies from record to record). A flattened name that is also a key of its own is an error.
   * @default 'error'
   */
  readonly nested?: NestedMode | undefined;
  /** What the reader emits. @default 'records' */
  readonly output?: ReadOutput | undefined;
  /** Records per {@link RecordBatch} when `output` is `'batches'`. @default 1000 */
  readonly batchSize?: number | undefined;
  /**
   * The most characters one record (CSV) or one line (NDJSON) or one array element (JSON) may
   * hold; more is an {@link InputError} naming the line, so a runaway quote or a 10 MB field
   * cannot exhaust memory.
   * @default 1_048_576
   */
  readonly maxRecordSize?: number | undefined;
  /** The table that gives meaning to numeric column type codes. @default ASSUMED_VALUES */
  readonly assumedValues?: AssumedValues | undefined;
  /** Aborts reading: the reader is destroyed with an `AbortError`. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Objects (records, or batches) buffered ahead of the consumer. The reader parses only while
   * fewer wait, 16 KiB of input at a time, so the records of one such slice may come on top,
   * whatever the size of the chunks a byte stream hands over.
   * @default 64 (2 for batches)
   */
  readonly highWaterMark?: number | undefined;
}

/** Declared columns, normalised. */
export interface DeclaredColumnSet {
  /** The column names in order, when the caller listed them (a list, or an object for a headerless CSV). */
  readonly names: readonly string[] | undefined;
  /** Declared types by header or column name. */
  readonly types: ReadonlyMap<string, ColumnTypeName>;
}

/** {@link ReadRecordsOptions} with every default applied. */
export interface ResolvedReadOptions {
  readonly format: 'csv' | 'ndjson' | 'json';
  readonly fileName: string;
  readonly encoding: InputEncoding;
  readonly delimiter: string;
  readonly header: boolean;
  readonly declared: DeclaredColumnSet;
  readonly inferTypes: boolean;
  readonly sampleSize: number;
  readonly nested: NestedMode;
  readonly output: ReadOutput;
  readonly batchSize: number;
  readonly maxRecordSize: number;
  readonly signal: AbortSignal | undefined;
  readonly highWaterMark: number;
}

const ENCODINGS: readonly InputEncoding[] = ['utf8', 'utf16le', 'latin1'];
const OUTPUTS: readonly ReadOutput[] = ['records', 'numbered', 'batches'];

const positiveInteger = (option: string, value: number | undefined, fallback: number): number => numberOption(option, value, fallback, { min: 1 });

function resolveDeclared(columns: DeclaredColumns | undefined, header: boolean, assumedValues: AssumedValues): DeclaredColumnSet {
  if (columns === undefined) return { names: undefined, types: new Map() };
  if (Array.isArray(columns)) {
    const names = columns as readonly unknown[];
    if (names.length === 0 || !names.every((name) => typeof name === 'string' && name !== '')) {
      invalidOption('columns', 'a non-empty list of non-empty names', columns);
    }
    return { names: names as readonly string[], types: new Map() };
  }
  const entries = Object.entries(columns as Readonly<Record<string, ColumnTypeInput>>);
  if (entries.length === 0) invalidOption('columns', 'a non-empty list or object', columns);
  const types = new Map<string, ColumnTypeName>();
  for (const [name, type] of entries) {
    const resolved = resolveColumnType(type, assumedValues);
    if (resolved === undefined) {
      invalidOption(`columns.${name}`, 'String, Integer, Decimal, Boolean, DateTime or one of their codes', type);
    }
    types.set(name, resolved);
  }
  return { names: header ? undefined : entries.map(([name]) => name), types };
}

/** Applies the defaults of {@link ReadRecordsOptions}; a `ConfigError` names any option that is wrong. */
export function resolveReadOptions(path: string | undefined, options: ReadRecordsOptions = {}): ResolvedReadOptions {
  const format = options.format ?? (path === undefined ? undefined : formatFromPath(path)) ?? 'csv';
  if (!['csv', 'tsv', 'ndjson', 'json'].includes(format)) invalidOption('format', 'csv, tsv, ndjson or json', format);
  const encoding = options.encoding ?? 'utf8';
  if (!ENCODINGS.includes(encoding)) invalidOption('encoding', ENCODINGS.join(', '), encoding);
  const delimiter = checkDelimiter(options.delimiter ?? (format === 'tsv' ? '\t' : ','));
  const output = options.output ?? 'records';
  if (!OUTPUTS.includes(output)) invalidOption('output', OUTPUTS.join(', '), output);
  const header = options.header ?? !Array.isArray(options.columns);
  const nested = options.nested ?? 'error';
  if (!NESTED_MODES.includes(nested)) invalidOption('nested', NESTED_MODES.join(', '), nested);
  const isCsv = format === 'csv' || format === 'tsv';
  return {
    format: isCsv ? 'csv' : format,
    fileName: options.fileName ?? path ?? '<stream>',
    encoding,
    delimiter,
    header: isCsv ? header : true,
    declared: resolveDeclared(options.columns, isCsv ? header : true, options.assumedValues ?? ASSUMED_VALUES),
    inferTypes: options.inferTypes ?? !isCsv,
    sampleSize: positiveInteger('sampleSize', options.sampleSize, 1000),
    nested,
    output,
    batchSize: positiveInteger('batchSize', options.batchSize, 1000),
    maxRecordSize: positiveInteger('maxRecordSize', options.maxRecordSize, 1_048_576),
    signal: options.signal,
    highWaterMark: positiveInteger('highWaterMark', options.highWaterMark, output === 'batches' ? 2 : 64),
  };
}
