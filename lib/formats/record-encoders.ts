/**
 * Records to text: CSV (csv-stringify), NDJSON and JSON arrays, with the original headers
 * restored from a header map. No streams: the writer hands runs of records to an encoder and
 * writes the text it returns.
 *
 * csv-stringify's `Stringifier` serves as an engine, never as a stream: its `_transform` is
 * synchronous and hands each line to our `push`, so its quoting rules apply without building
 * a stream per run of records.
 *
 * @packageDocumentation
 */

import { Stringifier } from 'csv-stringify';
import { InputError } from '../core/errors.js';
import type { DataRecord, RecordValue } from '../core/wire.js';
import { restoreHeaders } from './header-map.js';
import type { ResolvedWriteOptions } from './write-options.js';

/** Turns runs of records into text. */
export interface RecordEncoder {
  /** The text for `records`, the first of which is record `firstRecord` (1-based); the first call adds any header. */
  encode(records: readonly DataRecord[], firstRecord: number): string;
  /** The text that ends the output (the header alone, or `[]`, when no record came). */
  finish(): string;
}

class CsvLineEngine extends Stringifier {
  #line = '';

  override push(chunk: unknown): boolean {
    if (typeof chunk === 'string') this.#line += chunk;
    return true;
  }

  line(values: readonly RecordValue[]): string {
    this.#line = '';
    let failure: Error | null | undefined;
    this._transform(values, 'utf8', (error) => (failure = error));
    if (failure) throw failure;
    return this.#line;
  }
}

/** Lays records out by a fixed column list, refusing keys outside it. */
class ColumnLayout {
  readonly columns: readonly string[];
  readonly #known: ReadonlySet<string>;
  readonly #file: string;

  constructor(columns: readonly string[], file: string) {
    this.columns = columns;
    this.#known = new Set(columns);
    this.#file = file;
  }

  /** The values of `record` in column order (`null` where absent). */
  values(record: DataRecord, recordNumber: number): RecordValue[] {
    const columns = this.columns;
    const values = new Array<RecordValue>(columns.length);
    let present = 0;
    for (let index = 0; index < columns.length; index++) {
      const value = record[columns[index] as string];
      if (value === undefined) values[index] = null;
      else {
        values[index] = value;
        present++;
      }
    }
    let keys = 0;
    for (const _key in record) keys++;
    if (keys > present) this.#refuse(record, recordNumber);
    return values;
  }

  #refuse(record: DataRecord, recordNumber: number): never {
    const extra = Object.keys(record).find((key) => !this.#known.has(key)) ?? '';
    throw new InputError({
      file: this.#file,
      record: recordNumber,
      column: extra,
      reason: `the record has a column "${extra}" that is not among the output columns (${this.columns.join(', ')}); name every column with the "columns" option`,
    });
  }
}

function firstColumns(options: ResolvedWriteOptions, first: DataRecord | undefined): readonly string[] {
  return options.columns ?? (first === undefined ? options.headerMap.map((mapping) => mapping.column) : Object.keys(first));
}

class CsvEncoder implements RecordEncoder {
  readonly #options: ResolvedWriteOptions;
  #layout: ColumnLayout | undefined;
  #engine: CsvLineEngine | undefined;

  constructor(options: ResolvedWriteOptions) {
    this.#options = options;
  }

  encode(records: readonly DataRecord[], firstRecord: number): string {
    let text = this.#layout === undefined ? this.#start(records[0]) : '';
    const layout = this.#layout as ColumnLayout;
    const engine = this.#engine as CsvLineEngine;
    const single = layout.columns.length === 1;
    for (let index = 0; index < records.length; index++) {
      const values = layout.values(records[index] as DataRecord, firstRecord + index);
      // A one-column row of an empty value would be a blank line, which readers skip.
      if (single && values[0] === null) values[0] = '';
      text += engine.line(values);
    }
    return text;
  }

  finish(): string {
    return this.#layout === undefined ? this.#start(undefined) : '';
  }

  #start(first: DataRecord | undefined): string {
    const options = this.#options;
    const columns = firstColumns(options, first);
    this.#layout = new ColumnLayout(columns, options.fileName);
    const engine = (this.#engine = new CsvLineEngine({
      delimiter: options.delimiter,
      record_delimiter: options.lineEnding === '\r\n' ? 'windows' : 'unix',
      // Quote any field holding CR or LF, whatever the line ending: readers take all three as line breaks.
      quote_record_delimiter: true,
      quoted_empty: columns.length === 1,
      cast: { boolean: (value) => (value ? 'true' : 'false') },
    }));
    let text = options.bom ? '\ufeff' : '';
    if (options.header && columns.length > 0) text += engine.line(restoreHeaders(columns, options.headerMap));
    return text;
  }
}

/** Shapes records for JSON output: selected and ordered by `columns`, keys renamed to their headers. */
function jsonShaper(options: ResolvedWriteOptions): (record: DataRecord, recordNumber: number) => DataRecord {
  const renames = new Map(options.headerMap.filter((mapping) => mapping.header !== mapping.column).map((mapping) => [mapping.column, mapping.header]));
  if (options.columns !== undefined) {
    const layout = new ColumnLayout(options.columns, options.fileName);
    const keys = restoreHeaders(options.columns, options.headerMap);
    return (record, recordNumber) => {
      const values = layout.values(record, recordNumber);
      const shaped: DataRecord = {};
      for (let index = 0; index < keys.length; index++) shaped[keys[index] as string] = values[index] as RecordValue;
      return shaped;
    };
  }
  if (renames.size === 0) return (record) => record;
  return (record) => {
    const shaped: DataRecord = {};
    for (const key in record) shaped[renames.get(key) ?? key] = record[key] as RecordValue;
    return shaped;
  };
}

class JsonEncoder implements RecordEncoder {
  readonly #options: ResolvedWriteOptions;
  readonly #shape: (record: DataRecord, recordNumber: number) => DataRecord;
  readonly #array: boolean;
  #started = false;

  constructor(options: ResolvedWriteOptions) {
    this.#options = options;
    this.#shape = jsonShaper(options);
    this.#array = options.format === 'json';
  }

  encode(records: readonly DataRecord[], firstRecord: number): string {
    const eol = this.#options.lineEnding;
    let text = '';
    for (let index = 0; index < records.length; index++) {
      const json = JSON.stringify(this.#shape(records[index] as DataRecord, firstRecord + index));
      if (!this.#started) {
        this.#started = true;
        text += this.#array ? `${this.#begin()}[${eol}` : this.#begin();
      } else if (this.#array) text += `,${eol}`;
      text += this.#array ? json : json + eol;
    }
    return text;
  }

  finish(): string {
    const eol = this.#options.lineEnding;
    if (!this.#array) return this.#started ? '' : this.#begin();
    return this.#started ? `${eol}]${eol}` : `${this.#begin()}[]${eol}`;
  }

  #begin(): string {
    return this.#options.bom ? '\ufeff' : '';
  }
}

/** The encoder for a format. */
export function createEncoder(options: ResolvedWriteOptions): RecordEncoder {
  return options.format === 'csv' ? new CsvEncoder(options) : new JsonEncoder(options);
}
