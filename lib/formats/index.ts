/**
 * Reading and writing record files (CSV, NDJSON, JSON arrays), header mapping and column
 * types, as `data8-batch` exports them.
 *
 * @packageDocumentation
 */
export { readRecords } from './read-records.js';
export { RecordReader } from './record-reader.js';
export type { ReadRecordsOptions, ReadOutput, InputEncoding, DeclaredColumns } from './read-options.js';
export { LINE_WINDOW, type NumberedRecord, type RecordBatch, type ReadChunkByOutput } from './record-assembler.js';
export { writeRecords, RecordWriter } from './record-writer.js';
export type { WriteRecordsOptions } from './write-options.js';
export { mapHeaders, toColumnName, restoreHeaders, isValidColumnName, type HeaderMap, type HeaderMapping, type HeaderLocation } from './header-map.js';
export { toColumnMap, columnNames, type RecordSchema, type SchemaColumn } from './schema.js';
export { COLUMN_TYPE_NAMES, inferColumnType, resolveColumnType, type ColumnTypeName, type ColumnTypeInput } from './column-types.js';
export { formatFromPath, type RecordFormat } from './format.js';
export type { NestedMode } from './nested-values.js';
