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
  const { first, rest } = await peek(source);
  if (first === undefined) throw noRecordsError(`<${role} records>`, 'records');
  const columns = withRowKey(requireColumns(spec.columns ?? inferColumns(first, client), `<${role} records>`, () => undefined), rowKey, client, role);
  const records = Readable.from(numbered(first, rest, rowKey));
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

function inferColumns(first: DataRecord | undefined, client: CleanseClient): ColumnMap {
  const types = client.assumedValues.columnTypes;
  const columns: ColumnMap = {};
  for (const [name, value] of Object.entries(first ?? {})) {
    columns[name] = typeof value === 'number' ? types.Decimal : typeof value === 'boolean' ? types.Boolean : types.String;
  }
  return columns;
}

async function peek(source: RecordSourceInput): Promise<{ first: DataRecord | undefined; rest: AsyncIterator<DataRecord> | Iterator<DataRecord> }> {
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const next = await iterator.next();
  return { first: next.done === true ? undefined : next.value, rest: iterator };
}

async function* numbered(first: DataRecord | undefined, rest: AsyncIterator<DataRecord> | Iterator<DataRecord>, rowKey: string | undefined): AsyncGenerator<DataRecord> {
  if (first === undefined) return;
  let number = 1;
  yield rowKey === undefined ? first : { ...first, [rowKey]: number };
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
    number++;
    yield rowKey === undefined ? next.value : { ...next.value, [rowKey]: number };
  }
}
