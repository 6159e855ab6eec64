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
import { nestedHandler, type NestedHandler } from './nested-values.js';
import { completeSchema, planSchema, type InputDescription, type RecordSchema, type SchemaPlan } from './schema.js';

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

/** Records emitted before tracking by identity begins that can still be tagged when it does. */
const EARLY_RECORDS = 4096;

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
  /** How the input is read: attached to the schema. */
  input: InputDescription | undefined;
  /** Receives each note on the headers (an empty header named, a repeated one made unique). */
  onNote: (message: string) => void = () => undefined;

  readonly #options: ResolvedReadOptions;
  readonly #emit: (chunk: ReadChunkByOutput[ReadOutput]) => void;
  readonly #onSchema: (schema: RecordSchema) => void;
  readonly #lines = new Float64Array(LINE_WINDOW);
  readonly #offsets = new Float64Array(LINE_WINDOW);
  /**
   * The record number of each record object emitted one by one, by identity, once somebody asks
   * (see {@link track}): a transform that passes the object on keeps its line, one that builds a
   * new object loses it (never gets another record's). Batches carry their lines themselves.
   */
  readonly #numbers = new WeakMap<object, number>();
  #tracking = false;
  /**
   * Records emitted before tracking began (record `i + 1` at `i`), tagged when it begins: the
   * reader reads ahead of the uploader that asks. Dropped past {@link EARLY_RECORDS}, so a reader
   * nobody asks holds a bounded few and pays nothing per record after them.
   */
  #early: object[] | undefined = [];
  #plan: SchemaPlan | undefined;
  #width = 0;
  #sample: Pending[] | undefined;
  #buildRow: RowBuilder | undefined;
  #buildObject: ObjectBuilder | undefined;
  #batch: RecordBatch | undefined;
  readonly #nested: NestedHandler | undefined;
  /** JSON, before the columns are settled: the keys of the sample so far, in the order first seen. */
  #keys: { readonly first: readonly string[]; readonly all: Set<string>; readonly line: number } | undefined;
  #output: ReadOutput;

  constructor(options: ResolvedReadOptions, emit: (chunk: ReadChunkByOutput[ReadOutput]) => void, onSchema: (schema: RecordSchema) => void) {
    this.#options = options;
    this.#output = options.output;
    this.#emit = emit;
    this.#onSchema = onSchema;
    this.#nested = options.format === 'csv' ? undefined : nestedHandler(options.nested, options.fileName);
  }

  /** From now on, records go out in batches (records already emitted stay as they went). False unless it emitted records. */
  emitBatches(): boolean {
    if (this.#output !== 'records') return false;
    this.#output = 'batches';
    return true;
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

  /**
   * Starts knowing emitted records by identity (a WeakMap entry per record, so only for those
   * who ask: an uploader given the reader as its source, or a lookup by record).
   */
  track(): void {
    if (this.#tracking) return;
    this.#tracking = true;
    const early = this.#early;
    this.#early = undefined;
    early?.forEach((record, index) => this.#numbers.set(record, index + 1));
  }

  /** The record number of a record object this assembler emitted (`undefined` for any other object). */
  recordNumberOf(record: object): number | undefined {
    this.track();
    return this.#numbers.get(record);
  }

  /** Gives `to` the record number of `from` (a record this assembler emitted), if it has one. */
  carryNumber(from: object, to: object): void {
    this.track();
    const number = this.#numbers.get(from);
    if (number !== undefined) this.#numbers.set(to, number);
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
    const notes: string[] = [];
    this.#plan = planSchema(names, declared.types, { file, line }, { rename: this.#options.rename, notes });
    for (const note of notes) this.onNote(note);
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

  /**
   * Adds a JSON object that starts on `line`. Unless the caller listed the columns, the first
   * `sampleSize` objects are held until the union of their keys is known.
   */
  acceptObject(parsed: Readonly<Record<string, unknown>>, line: number): void {
    const object = this.#nested === undefined ? parsed : this.#nested(parsed, line, this.recordsSeen + 1);
    if (this.#plan === undefined) {
      if (this.#options.declared.names === undefined) {
        this.#gatherKeys(object, line);
        return;
      }
      this.plan(undefined, line);
    }
    this.recordsSeen++;
    if (this.#buildObject !== undefined) this.#push(this.#buildObject(object, line, this.recordsRead + 1), line, Number.NaN);
    else this.#hold({ object, line, bytesAfter: Number.NaN });
  }

  #gatherKeys(object: Readonly<Record<string, unknown>>, line: number): void {
    this.recordsSeen++;
    const keys = (this.#keys ??= { first: Object.keys(object), all: new Set(), line });
    for (const key in object) keys.all.add(key);
    const sample = (this.#sample ??= []);
    sample.push({ object, line, bytesAfter: Number.NaN });
    if (sample.length >= this.#options.sampleSize) this.#planFromKeys();
  }

  /** Settles the columns of a JSON input from the keys of its sample, then builds what is held. */
  #planFromKeys(): void {
    const keys = this.#keys;
    const held = this.#sample ?? [];
    this.#keys = undefined;
    this.#sample = undefined;
    if (keys === undefined) return;
    const all = [...keys.all];
    if (all.length !== keys.first.length) {
      const added = all.filter((key) => !keys.first.includes(key));
      const shown = added.length > 5 ? `${added.slice(0, 5).map((key) => JSON.stringify(key)).join(', ')} and ${added.length - 5} more` : added.map((key) => JSON.stringify(key)).join(', ');
      this.onNote(
        `the records do not all have the same keys: the ${all.length} columns are the keys of the first ${held.length} records (sampleSize ${this.#options.sampleSize}), ` +
          `of which the first record has ${keys.first.length} (not ${shown}); a missing key is an empty value`,
      );
    }
    this.plan(all, keys.line);
    const build = this.#buildObject;
    if (build === undefined) {
      // plan() left the types to infer: the held records are the sample.
      this.#sample = held;
      this.#inferFromSample();
      return;
    }
    for (const pending of held) {
      if ('object' in pending) this.#push(build(pending.object, pending.line, this.recordsRead + 1), pending.line, pending.bytesAfter);
    }
  }

  /** Settles the schema if the sample is still open and emits what is held. */
  end(): void {
    if (this.#keys !== undefined) this.#planFromKeys();
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

  #settle(settled: RecordSchema): { buildRow: RowBuilder; buildObject: ObjectBuilder } {
    const input = this.input;
    const schema = input === undefined ? settled : { ...settled, input: { ...input, notes: [...input.notes] } };
    this.schema = schema;
    const buildRow = (this.#buildRow = createRowBuilder(schema, this.#options.fileName));
    const buildObject = (this.#buildObject = createObjectBuilder(schema, this.#options.fileName, this.#unknownKeyHint()));
    this.#onSchema(schema);
    return { buildRow, buildObject };
  }

  #unknownKeyHint(): string {
    const { declared, sampleSize } = this.#options;
    if (declared.names !== undefined) return 'the "columns" option names the only keys a record may have';
    return (
      `the columns are the keys of the first ${sampleSize} records (sampleSize), and this key first appears after them: ` +
      'declare every column with the "columns" option (or raise sampleSize)'
    );
  }

  #tag(record: DataRecord, recordNumber: number): void {
    if (this.#tracking) this.#numbers.set(record, recordNumber);
    else if (this.#early !== undefined) {
      if (this.#early.length < EARLY_RECORDS) this.#early.push(record);
      else this.#early = undefined;
    }
  }

  #push(record: DataRecord, line: number, bytesAfter: number): void {
    const recordNumber = ++this.recordsRead;
    const slot = (recordNumber - 1) % LINE_WINDOW;
    this.#lines[slot] = line;
    this.#offsets[slot] = bytesAfter;
    const output = this.#output;
    if (output === 'records') {
      this.#tag(record, recordNumber);
      this.#emit(record);
    } else if (output === 'numbered') {
      this.#tag(record, recordNumber);
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
