/**
 * The format-independent core of the readers: settles the schema (header mapping, declared and
 * inferred types), turns parsed rows or objects into records, numbers them, remembers their
 * input lines and emits them one at a time, numbered, or in batches. No streams: the readers
 * feed it and give it an `emit` function.
 *
 * @packageDocumentation
 */

import { InputError } from '../core/errors.js';
import type { DataRecord, RecordValue } from '../core/wire.js';
import { inferColumnType } from './column-types.js';
import type { ReadOutput, ResolvedReadOptions } from './read-options.js';
import { createObjectBuilder, createRowBuilder, type ObjectBuilder, type RowBuilder } from './record-builder.js';
import { toColumnName, type HeaderMap } from './header-map.js';
import { completeSchema, planSchema, type RecordSchema, type SchemaPlan } from './schema.js';

/** A record with the input line it starts on and its 1-based number (`output: 'numbered'`). */
export interface NumberedRecord {
  readonly record: DataRecord;
  readonly line: number;
  readonly recordNumber: number;
}

/**
 * Consecutive records with their input lines (`output: 'batches'`): `lines[i]` is the line
 * `records[i]` starts on, and `records[i]` is record number `firstRecord + i`.
 */
export interface RecordBatch {
  readonly records: DataRecord[];
  readonly lines: number[];
  /** The 1-based number of `records[0]` in the input. */
  readonly firstRecord: number;
}

/** What a reader emits, by `output`. */
export interface ReadChunkByOutput {
  records: DataRecord;
  numbered: NumberedRecord;
  batches: RecordBatch;
}

/** How many recent records `RecordAssembler.lineOf` remembers. */
export const LINE_WINDOW = 65_536;

type Pending =
  | { readonly row: readonly string[]; readonly line: number; readonly bytesAfter: number }
  | { readonly object: Readonly<Record<string, unknown>>; readonly line: number; readonly bytesAfter: number };

/** The core of a reader; see the module description. */
export class RecordAssembler {
  /** The schema, once settled. */
  schema: RecordSchema | undefined;
  /** Records built and emitted so far. */
  recordsRead = 0;
  /** Records accepted so far, including those held while the types are inferred. */
  recordsSeen = 0;

  readonly #options: ResolvedReadOptions;
  readonly #emit: (chunk: ReadChunkByOutput[ReadOutput]) => void;
  readonly #onSchema: (schema: RecordSchema) => void;
  readonly #lines = new Float64Array(LINE_WINDOW);
  readonly #offsets = new Float64Array(LINE_WINDOW);
  #plan: SchemaPlan | undefined;
  #width = 0;
  #sample: Pending[] | undefined;
  #buildRow: RowBuilder | undefined;
  #buildObject: ObjectBuilder | undefined;
  #batch: RecordBatch | undefined;

  constructor(options: ResolvedReadOptions, emit: (chunk: ReadChunkByOutput[ReadOutput]) => void, onSchema: (schema: RecordSchema) => void) {
    this.#options = options;
    this.#emit = emit;
    this.#onSchema = onSchema;
  }

  /** Whether the columns are known (the header was read, or the caller listed them). */
  get planned(): boolean {
    return this.#plan !== undefined;
  }

  /** Each file header and its column name, as soon as the header is read (before types are settled by inference). */
  get headerMap(): HeaderMap | undefined {
    return this.#plan?.headerMap;
  }

  /** The input line record `recordNumber` (1-based) starts on, while it is among the last {@link LINE_WINDOW} read. */
  lineOf(recordNumber: number): number | undefined {
    return this.#recall(this.#lines, recordNumber);
  }

  /** The input byte offset just after record `recordNumber` (after its line break), while it is among the last {@link LINE_WINDOW} read; CSV only. */
  bytesAfter(recordNumber: number): number | undefined {
    return this.#recall(this.#offsets, recordNumber);
  }

  #recall(ring: Float64Array, recordNumber: number): number | undefined {
    if (!Number.isInteger(recordNumber) || recordNumber < 1 || recordNumber > this.recordsRead || recordNumber <= this.recordsRead - LINE_WINDOW) {
      return undefined;
    }
    const value = ring[(recordNumber - 1) % LINE_WINDOW];
    return value === undefined || Number.isNaN(value) ? undefined : value;
  }

  /** Fixes the columns: the file's headers, unless the caller listed the names. */
  plan(headers: readonly string[] | undefined, line: number): void {
    const { declared, fileName: file } = this.#options;
    let names = declared.names ?? headers ?? [];
    if (declared.names === undefined && this.#options.format !== 'csv') {
      // A declared column the first record lacks is still a column (by header or mapped name).
      const known = new Set(names.flatMap((name, index) => [name, toColumnName(name, index + 1)]));
      names = [...names, ...[...declared.types.keys()].filter((name) => !known.has(name))];
    }
    if (declared.names !== undefined && headers !== undefined && headers.length !== names.length && this.#options.format === 'csv') {
      throw new InputError({ file, line, reason: `the header row has ${headers.length} fields but the "columns" option names ${names.length}` });
    }
    this.#plan = planSchema(names, declared.types, { file, line });
    this.#width = names.length;
    if (this.#plan.types.some((type) => type === undefined) && this.#options.inferTypes) this.#sample = [];
    else this.#settle(completeSchema(this.#plan));
  }

  /** Adds a CSV row that starts on `line` and ends (line break included) before byte `bytesAfter`. */
  acceptRow(row: readonly string[], line: number, bytesAfter: number): void {
    if (row.length !== this.#width) {
      const { fileName: file, declared, header } = this.#options;
      const source = declared.names !== undefined ? 'as the "columns" option names' : header ? 'as in the header' : 'as in the first row';
      throw new InputError({ file, line, record: this.recordsSeen + 1, reason: `expected ${this.#width} fields (${source}) but got ${row.length}` });
    }
    this.recordsSeen++;
    if (this.#buildRow !== undefined) this.#push(this.#buildRow(row, line, this.recordsRead + 1), line, bytesAfter);
    else this.#hold({ row, line, bytesAfter });
  }

  /** Adds a JSON object that starts on `line`. */
  acceptObject(object: Readonly<Record<string, unknown>>, line: number): void {
    if (this.#plan === undefined) this.plan(Object.keys(object), line);
    this.recordsSeen++;
    if (this.#buildObject !== undefined) this.#push(this.#buildObject(object, line, this.recordsRead + 1), line, Number.NaN);
    else this.#hold({ object, line, bytesAfter: Number.NaN });
  }

  /** Settles the schema if the sample is still open and emits what is held. */
  end(): void {
    if (this.#plan === undefined) this.plan(undefined, 1);
    if (this.#sample !== undefined) this.#inferFromSample();
    if (this.#batch !== undefined && this.#batch.records.length > 0) this.#emit(this.#batch);
    this.#batch = undefined;
  }

  #hold(pending: Pending): void {
    const sample = (this.#sample ??= []);
    sample.push(pending);
    if (sample.length >= this.#options.sampleSize) this.#inferFromSample();
  }

  #inferFromSample(): void {
    const plan = this.#plan;
    const sample = this.#sample ?? [];
    if (plan === undefined) return;
    this.#sample = undefined;
    const parseStrings = this.#options.format === 'csv';
    const schema = completeSchema(plan, (index) => {
      const header = plan.headerMap[index]?.header ?? '';
      return inferColumnType(
        sample.map((pending) => ('row' in pending ? pending.row[index] : pending.object[header]) as RecordValue | undefined),
        parseStrings,
      );
    });
    const { buildRow, buildObject } = this.#settle(schema);
    for (const pending of sample) {
      const recordNumber = this.recordsRead + 1;
      const record = 'row' in pending ? buildRow(pending.row, pending.line, recordNumber) : buildObject(pending.object, pending.line, recordNumber);
      this.#push(record, pending.line, pending.bytesAfter);
    }
  }

  #settle(schema: RecordSchema): { buildRow: RowBuilder; buildObject: ObjectBuilder } {
    this.schema = schema;
    const buildRow = (this.#buildRow = createRowBuilder(schema, this.#options.fileName));
    const buildObject = (this.#buildObject = createObjectBuilder(schema, this.#options.fileName));
    this.#onSchema(schema);
    return { buildRow, buildObject };
  }

  #push(record: DataRecord, line: number, bytesAfter: number): void {
    const recordNumber = ++this.recordsRead;
    const slot = (recordNumber - 1) % LINE_WINDOW;
    this.#lines[slot] = line;
    this.#offsets[slot] = bytesAfter;
    const output = this.#options.output;
    if (output === 'records') {
      this.#emit(record);
    } else if (output === 'numbered') {
      this.#emit({ record, line, recordNumber });
    } else {
      const batch = (this.#batch ??= { records: [], lines: [], firstRecord: recordNumber });
      batch.records.push(record);
      batch.lines.push(line);
      if (batch.records.length >= this.#options.batchSize) {
        this.#batch = undefined;
        this.#emit(batch);
      }
    }
  }
}
