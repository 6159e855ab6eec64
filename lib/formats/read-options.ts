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
import type { Dialect, FixedDialect } from './dialect-sniffer.js';
import { isValidColumnName } from './header-map.js';
import { NESTED_MODES, type NestedMode } from './nested-values.js';

export type { NestedMode };

/** What the reader emits: one record, one `{ record, line }`, or one {@link RecordBatch} per chunk. */
export type ReadOutput = 'records' | 'numbered' | 'batches';

/** A text encoding: any name of the WHATWG Encoding Standard (`utf8`, `utf16le`, `utf-16be`, `windows-1252`, `iso-8859-15`, `shift_jis`...), or with iconv-lite installed any it knows (`cp850`...). */
export type InputEncoding = string;

/** Something the reader decided for the caller, said once per file. */
export interface ReadNote {
  readonly file: string;
  readonly message: string;
}

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
   * The text encoding: any of the WHATWG Encoding Standard, decoded by Node itself (`utf8`,
   * `utf16le`, `utf-16be`, `windows-1252`, `iso-8859-15`, `shift_jis`...), or, with the optional
   * peer iconv-lite installed, any name it knows (`cp437`, `cp850`...). Unset, it is detected from the first 64 KiB:
   * a byte-order mark (UTF-8, UTF-16LE, UTF-16BE), else UTF-8 when the bytes are UTF-8, else
   * Windows-1252 when the evidence is clear (said in a note); otherwise an {@link InputError}
   * asks for it. Bytes that do not decode are an `InputError` naming the line, never replaced.
   * @default detected (UTF-8 for most files)
   */
  readonly encoding?: InputEncoding | undefined;
  /**
   * CSV field delimiter, one character. Unset, it is detected among `,` `;` tab `|` from the
   * first 64 KiB (the one that splits every line into the same number of fields); a file
   * where that is in doubt is an {@link InputError} that asks for it.
   * @default detected (`,` on a tie; tab for `tsv`)
   */
  readonly delimiter?: string | undefined;
  /** CSV quote character, or `''` for none. @default '"' */
  readonly quote?: string | undefined;
  /**
   * CSV: whether the first row holds the headers. With `header: true` and a `columns` list, the
   * header row is skipped and the list names the columns. Unset, a first row that looks like
   * data (an email address, or a number under every numeric column) is an {@link InputError}
   * that asks for it.
   * @default true, unless `columns` is a list
   */
  readonly header?: boolean | undefined;
  /**
   * CSV: lines to skip before the header (or the first record). Unset, title lines above the
   * table and Excel's `sep=;` line are detected and skipped, with a note.
   * @default detected (usually 0)
   */
  readonly skipLines?: number | undefined;
  /**
   * CSV: a character that starts a comment line (only at the start of a line). Unset, lines
   * starting with `#` that hold no delimited data are detected as comments, with a note.
   * @default detected
   */
  readonly comment?: string | undefined;
  /**
   * File headers renamed to column names (`{ 'E-mail': 'email' }`), applied before the usual
   * mapping; each value must be a valid column name, and each key one of the file's headers.
   * @default {}
   */
  readonly rename?: Readonly<Record<string, string>> | undefined;
  /**
   * Receives what the reader decided for the caller (delimiter, encoding, skipped lines, renamed
   * headers...), once per file; the reader also emits each as a `'note'` event and keeps them in
   * `reader.notes`.
   */
  readonly onNote?: ((note: ReadNote) => void) | undefined;
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
  /** The encoding asked for; `undefined`: detect. */
  readonly encoding: InputEncoding | undefined;
  /** The delimiter in effect (asked for, or decided by sniffing once the sample is read). */
  readonly delimiter: string;
  readonly header: boolean;
  /** What the caller fixed of the CSV dialect; the sniffer decides the rest. */
  readonly fixed: FixedDialect;
  /** The decided CSV dialect, once the sample is read. */
  readonly dialect?: Dialect | undefined;
  readonly rename: ReadonlyMap<string, string>;
  readonly onNote: ((note: ReadNote) => void) | undefined;
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

function resolveRename(rename: unknown): ReadonlyMap<string, string> {
  if (rename === undefined) return new Map();
  if (typeof rename !== 'object' || rename === null || Array.isArray(rename)) invalidOption('rename', 'an object of file header → column name', rename);
  const entries = Object.entries(rename as Readonly<Record<string, unknown>>);
  for (const [header, name] of entries) {
    if (typeof name !== 'string' || !isValidColumnName(name)) invalidOption(`rename.${header}`, 'a valid column name (a-z, 0-9 and _, starting with a letter)', name);
  }
  return new Map(entries as [string, string][]);
}

/** Applies the defaults of {@link ReadRecordsOptions}; a `ConfigError` names any option that is wrong. */
export function resolveReadOptions(path: string | undefined, options: ReadRecordsOptions = {}): ResolvedReadOptions {
  const format = options.format ?? (path === undefined ? undefined : formatFromPath(path)) ?? 'csv';
  if (!['csv', 'tsv', 'ndjson', 'json'].includes(format)) invalidOption('format', 'csv, tsv, ndjson or json', format);
  const encoding = options.encoding;
  if (encoding !== undefined && (typeof encoding !== 'string' || encoding.trim() === '')) invalidOption('encoding', 'an encoding name such as utf8 or windows-1252', encoding);
  const givenDelimiter = options.delimiter === undefined ? undefined : checkDelimiter(options.delimiter);
  const delimiter = givenDelimiter ?? (format === 'tsv' ? '\t' : ',');
  const quote = options.quote;
  if (quote !== undefined && (typeof quote !== 'string' || quote.length > 1 || quote === delimiter || quote === '\n' || quote === '\r')) {
    invalidOption('quote', "one character other than the delimiter or a line break, or '' for none", quote);
  }
  const comment = options.comment;
  if (comment !== undefined && (typeof comment !== 'string' || comment.length !== 1 || comment === delimiter)) invalidOption('comment', 'one character other than the delimiter', comment);
  const skipLines = options.skipLines === undefined ? undefined : numberOption('skipLines', options.skipLines, 0, { min: 0 });
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
    fixed: {
      delimiter: givenDelimiter ?? (format === 'tsv' ? '\t' : undefined),
      quote,
      header: options.header ?? (Array.isArray(options.columns) ? false : undefined),
      skipLines,
      comment,
      preferred: format === 'tsv' ? '\t' : ',',
    },
    rename: resolveRename(options.rename),
    onNote: options.onNote,
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
