/**
 * Opens one input role for a cleansing run: a file or byte stream through `readRecords` (its
 * batches, the fast path), or records given directly; settles the dataset's columns before
 * the first record is uploaded, refuses an input with no records, and adds the row key when
 * asked.
 *
 * @packageDocumentation
 */
import { Readable, Transform } from 'node:stream';
import { ConfigError, InputError } from '../core/errors.js';
import type { ColumnMap, DataRecord } from '../core/wire.js';
import type { HeaderMap } from '../formats/header-map.js';
import { readRecords } from '../formats/read-records.js';
import type { RecordBatch } from '../formats/record-assembler.js';
import type { RecordReader } from '../formats/record-reader.js';
import { toColumnMap } from '../formats/schema.js';
import type { RecordSource } from '../streams/uploader-options.js';
import { hasRecords, noRecordsError } from './empty-input.js';
import type { CleanseClient, CleanseInput, RecordSourceInput } from './options.js';

/** An input ready to upload. */
export interface OpenedInput {
  readonly role: string;
  /** The file path, when the input is a file. */
  readonly file: string | undefined;
  readonly columns: ColumnMap;
  readonly headerMap: HeaderMap;
  /** Records or batches, row key added. */
  readonly records: Readable;
  /** For errors that point at the input. */
  readonly source: RecordSource;
  /** The file reader, when there is one (for read progress). */
  readonly reader: RecordReader<RecordBatch> | undefined;
}

function isByteStream(source: unknown): source is NodeJS.ReadableStream {
  return source instanceof Readable ? !source.readableObjectMode : typeof (source as { pipe?: unknown }).pipe === 'function';
}

/** Opens the input of `role`. */
export async function openInput(
  client: CleanseClient,
  role: string,
  input: string | CleanseInput,
  rowKey: string | undefined,
  signal: AbortSignal | undefined,
): Promise<OpenedInput> {
  const spec: CleanseInput = typeof input === 'string' ? { source: input } : input;
  const { source } = spec;
  if (typeof source === 'string' || isByteStream(source)) {
    // An input error found before the first batch fails here, before any dataset exists; one
    // found while the dataset is created is held by the reader until the pipeline (or the
    // row-key stream) attaches, which then reports it.
    const reader = readRecords(source, { ...spec.read, output: 'batches', signal });
    const schema = await reader.whenSchema();
    if (!(await hasRecords(reader))) {
      reader.destroy();
      throw noRecordsError(reader.file, reader.format, spec.read);
    }
    const file = typeof source === 'string' ? source : undefined;
    const columns = withRowKey(requireColumns(toColumnMap(schema, client.assumedValues), reader.file, () => reader.destroy()), rowKey, client, role);
    const records = rowKey === undefined ? reader : reader.pipe(lineKeys(rowKey));
    if (records !== reader) {
      reader.once('error', (error) => records.destroy(error));
      records.on('error', () => undefined);
    }
    return { role, file, columns, headerMap: schema.headerMap, records, source: reader, reader };
  }
  const label = `<${role} records>`;
  const { sample, rest } = await peek(source);
  if (sample.length === 0) throw noRecordsError(label, 'records');
  const columns = withRowKey(requireColumns(spec.columns ?? inferColumns(sample, client), label, () => undefined), rowKey, client, role);
  const declared = spec.columns !== undefined;
  // Every key of the sample is known now, so a sample record the columns cannot hold fails before any request.
  sample.forEach((record, index) => checkKeys(record, columns, label, index + 1, declared));
  const records = Readable.from(numbered(sample, rest, rowKey, columns, label, declared));
  return { role, file: undefined, columns, headerMap: [], records, source: { file: `<${role} records>` }, reader: undefined };
}

/**
 * A dataset needs at least one column: records with no fields at all (`{}`) are refused here,
 * naming the input, rather than by the service's 400.
 */
function requireColumns(columns: ColumnMap, file: string, release: () => void): ColumnMap {
  if (Object.keys(columns).length > 0) return columns;
  release();
  throw new InputError({ file, reason: 'there is nothing to upload: the records have no fields, and a dataset needs at least one column' });
}

function withRowKey(columns: ColumnMap, rowKey: string | undefined, client: CleanseClient, role: string): ColumnMap {
  if (rowKey === undefined) return columns;
  if (Object.hasOwn(columns, rowKey)) {
    throw new ConfigError(`cleanse: the row key column "${rowKey}" is already a column of input ${role}; choose another "rowKey"`);
  }
  return { ...columns, [rowKey]: client.assumedValues.columnTypes.Integer };
}

/**
 * Each record of each batch gets its input line in `rowKey`. One batch on each side: an
 * object-mode buffer counts batches, and Node's default of 16 a side would hold 32,000 records.
 */
function lineKeys(rowKey: string): Transform {
  return new Transform({
    objectMode: true,
    highWaterMark: 1,
    transform(batch: RecordBatch, _encoding, callback) {
      const { records, lines } = batch;
      for (let index = 0; index < records.length; index++) (records[index] as DataRecord)[rowKey] = lines[index] ?? null;
      callback(null, batch);
    },
  });
}

/** Records given directly that settle their dataset's columns (the union of their keys). */
const RECORDS_SAMPLE = 1000;

/**
 * The columns of records given directly: the union of the keys of the sample, in the order
 * first seen, each typed by its first non-null value (String when all are null).
 */
function inferColumns(sample: readonly DataRecord[], client: CleanseClient): ColumnMap {
  const types = client.assumedValues.columnTypes;
  const columns: ColumnMap = {};
  const typed = new Set<string>();
  for (const record of sample) {
    for (const [name, value] of Object.entries(record)) {
      if (typed.has(name)) continue;
      columns[name] = typeof value === 'number' ? types.Decimal : typeof value === 'boolean' ? types.Boolean : types.String;
      if (value !== null) typed.add(name);
    }
  }
  return columns;
}

async function peek(source: RecordSourceInput): Promise<{ sample: DataRecord[]; rest: AsyncIterator<DataRecord> | Iterator<DataRecord> }> {
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const sample: DataRecord[] = [];
  while (sample.length < RECORDS_SAMPLE) {
    const next = await iterator.next();
    if (next.done === true) break;
    sample.push(next.value);
  }
  return { sample, rest: iterator };
}

/**
 * The records with their row key; a record after the sample with a key the columns lack is an
 * error before its block is sent (the service would refuse it), naming its place.
 */
async function* numbered(
  sample: readonly DataRecord[],
  rest: AsyncIterator<DataRecord> | Iterator<DataRecord>,
  rowKey: string | undefined,
  columns: ColumnMap,
  label: string,
  declared: boolean,
): AsyncGenerator<DataRecord> {
  let number = 0;
  for (const record of sample) yield rowKey === undefined ? record : { ...record, [rowKey]: ++number };
  number = sample.length;
  if (sample.length < RECORDS_SAMPLE) return;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
    checkKeys(next.value, columns, label, ++number, declared);
    yield rowKey === undefined ? next.value : { ...next.value, [rowKey]: number };
  }
}

/** Refuses a record with a key the columns lack (the service would refuse it), naming its place. */
function checkKeys(record: DataRecord, columns: ColumnMap, label: string, number: number, declared: boolean): void {
  for (const key in record) {
    if (Object.hasOwn(columns, key)) continue;
    const settled = declared ? 'the "columns" of this input' : `the keys of the first ${RECORDS_SAMPLE} records`;
    throw new InputError({ file: label, record: number, column: key, reason: `the key "${key}" is not one of the columns, which are ${settled}; declare every column with this input's "columns"` });
  }
}
