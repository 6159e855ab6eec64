/**
 * File formats and how a path names one.
 *
 * @packageDocumentation
 */

import { extname } from 'node:path';

/** A record file format. `tsv` is CSV with a tab delimiter. */
export type RecordFormat = 'csv' | 'tsv' | 'ndjson' | 'json';

const FORMAT_BY_EXTENSION: Readonly<Record<string, RecordFormat>> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'json',
};

/**
 * The format a path's extension names (case-insensitive), or `undefined`. A compressed file's
 * format is its inner extension's: `contacts.csv.gz` is CSV.
 */
export function formatFromPath(path: string): RecordFormat | undefined {
  const inner = /\.gz$/i.test(path) ? path.slice(0, -3) : path;
  return FORMAT_BY_EXTENSION[extname(inner).toLowerCase()];
}
