/**
 * An input with no records is refused before anything is created: a run over it would make a
 * dataset and a job for nothing, and an output with no records looks like success. Reading
 * such a file (`readRecords`) rightly gives zero records; a cleansing run asks for at least one.
 *
 * @packageDocumentation
 */
import type { Readable } from 'node:stream';
import { InputError } from '../core/errors.js';

/** The format of an input, as far as what "no records" looks like in it. */
export type EmptyInputFormat = 'csv' | 'ndjson' | 'json' | 'records';

/**
 * The error for an input that holds no records, naming it and saying what it holds instead.
 *
 * @param file - the path or label errors use for the input
 * @param format - what was read
 * @param read - the read options (`header`, `columns`): a CSV file read without a header row has none to mention
 */
export function noRecordsError(
  file: string,
  format: EmptyInputFormat,
  read: { readonly header?: boolean | undefined; readonly columns?: unknown } = {},
): InputError {
  const headerRow = read.header ?? !Array.isArray(read.columns);
  const reason = {
    csv: headerRow ? 'the file has a header but no records' : 'the file holds no records',
    ndjson: 'the file holds no records: every line is blank',
    json: 'the file holds no records: its array is empty',
    records: 'the input holds no records',
  }[format];
  return new InputError({ file, ...(format === 'records' ? {} : { line: 1 }), reason });
}

/**
 * Whether `reader` gives at least one chunk, known without taking any: resolves once its first
 * chunk waits in its buffer (where the consumer finds it) or it ends without one. A read error
 * found meanwhile rejects, so a malformed start fails before anything is created.
 */
export async function hasRecords(reader: Readable): Promise<boolean> {
  if (reader.readableLength > 0) return true;
  if (reader.readableEnded) return false;
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      reader.off('readable', onReadable);
      reader.off('end', onEnd);
      reader.off('error', onError);
      reader.off('close', onClose);
    };
    // 'readable' comes with a chunk waiting, or at the end with none.
    const onReadable = (): void => (cleanup(), resolve(reader.readableLength > 0));
    const onEnd = (): void => (cleanup(), resolve(false));
    const onError = (error: unknown): void => (cleanup(), reject(error instanceof Error ? error : new Error(String(error))));
    const onClose = (): void => (cleanup(), reject(reader.errored ?? new InputError({ reason: 'the reader closed before its first record' })));
    reader.on('readable', onReadable);
    reader.on('end', onEnd);
    reader.on('error', onError);
    reader.on('close', onClose);
  });
}
