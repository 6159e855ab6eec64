/**
 * `readRecords`: records from a CSV, NDJSON or JSON-array file or stream.
 *
 * @packageDocumentation
 */

import { createReadStream } from 'node:fs';
import { decompressStream, gunzipFile, isGzipPath } from './decompress.js';
import type { DataRecord } from '../core/wire.js';
import { resolveReadOptions, type ReadRecordsOptions } from './read-options.js';
import type { NumberedRecord, RecordBatch } from './record-assembler.js';
import { RecordReader } from './record-reader.js';

const READ_CHUNK_BYTES = 64 * 1024;

/**
 * Reads records from a path or a readable byte stream.
 *
 * - **Formats**: CSV (csv-parse), NDJSON, JSON arrays (stream-json), chosen by `format` or the
 *   path's extension. Gzip is decompressed first: a path ending in `.gz` (its format from the
 *   inner extension, `contacts.csv.gz`), a stream starting with the gzip bytes `1f 8b`. A UTF-8 byte-order mark is skipped; LF, CRLF and lone CR all end lines.
 * - **Headers** that are not valid column names are mapped (`First Name` → `first_name`, see
 *   `mapHeaders`); the mapping is `reader.headerMap` (and part of the `'schema'` event) so that
 *   `writeRecords({ headerMap })` can restore the headers.
 * - **Values**: CSV values stay strings unless types are declared (`columns`) or inferred
 *   (`inferTypes`); an empty CSV cell is `null` (an empty value to the service). A value that
 *   does not fit its type is an `InputError`.
 * - **Errors**: every malformed input fails the stream with an `InputError` naming the file,
 *   line, record (1-based), column and reason. An empty file is an error; a file with only a
 *   header row (or `[]`) gives zero records. An error found before anybody listens (the reader
 *   reads ahead) is held until a consumer or an `'error'` listener is attached, so
 *   `await reader.whenSchema()` followed later by `pipeline(reader, ...)` rejects, never crashes.
 *
 * **Line numbers.** Every record is traceable to the line it starts on, at no cost on the record
 * path: `output: 'numbered'` emits `{ record, line, recordNumber }`; `output: 'batches'` emits
 * `{ records, lines, firstRecord }`; with plain records, `reader.lineOf(recordNumber, record)`
 * answers by the record object, so a transform that filters or reorders records before a
 * `BlockUploader` (given the reader as `source`) never makes it name another record's line
 * (`reader.carryLine(from, to)` for transforms that build new records).
 *
 * **Fast path.** `output: 'batches'` hands over up to `batchSize` (default 1,000, one block)
 * records per chunk, so a consumer such as the block uploader pays the stream's per-chunk cost
 * once a block instead of once a record; `reader.schema` (or `await reader.whenSchema()`) gives
 * the column list and types for `POST /Dataset` before the first record is consumed.
 *
 * @example
 * ```ts
 * const reader = readRecords('people.csv', { columns: { age: 'Integer' } });
 * for await (const record of reader) console.log(record.first_name, record.age);
 * ```
 */
export function readRecords(source: string | NodeJS.ReadableStream, options?: ReadRecordsOptions & { readonly output?: 'records' | undefined }): RecordReader;
export function readRecords(source: string | NodeJS.ReadableStream, options: ReadRecordsOptions & { readonly output: 'numbered' }): RecordReader<NumberedRecord>;
export function readRecords(source: string | NodeJS.ReadableStream, options: ReadRecordsOptions & { readonly output: 'batches' }): RecordReader<RecordBatch>;
export function readRecords(source: string | NodeJS.ReadableStream, options?: ReadRecordsOptions): RecordReader<DataRecord | NumberedRecord | RecordBatch>;
export function readRecords(source: string | NodeJS.ReadableStream, options: ReadRecordsOptions = {}): RecordReader<DataRecord | NumberedRecord | RecordBatch> {
  const path = typeof source === 'string' ? source : undefined;
  const resolved = resolveReadOptions(path, options);
  // Gzip is undone before text decoding: by name for a path, by its magic bytes for a stream.
  // A plain file is read as it is, so clean CSV pays nothing for it.
  let input: NodeJS.ReadableStream;
  if (path === undefined) input = decompressStream(source as NodeJS.ReadableStream, resolved.fileName);
  else if (isGzipPath(path)) input = gunzipFile(path, resolved.fileName, READ_CHUNK_BYTES);
  else input = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  return new RecordReader<DataRecord | NumberedRecord | RecordBatch>(resolved, input, path !== undefined);
}
