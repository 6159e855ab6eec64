/**
 * Downloads one output role of a finished job into its destination: a DatasetReader (a page
 * per chunk) into `writeRecords` (a file is written atomically), the row key taken out unless asked to keep
 * it, the input's original headers restored.
 *
 * @packageDocumentation
 */
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataRecord } from '../core/wire.js';
import type { HeaderMap } from '../formats/header-map.js';
import { writeRecords } from '../formats/record-writer.js';
import { DatasetReader } from '../streams/dataset-reader.js';
import type { ProgressListener } from '../streams/progress.js';
import type { CleanseClient, CleanseOutput, CleanseOutputs, CleanseOptions } from './options.js';

/** The destination of `role`, or undefined when it is not to be downloaded. */
export function outputFor(outputs: CleanseOutputs | undefined, role: string, dataset: string): CleanseOutput | undefined {
  const given = typeof outputs === 'function' ? outputs(role, dataset) : outputs?.[role];
  if (given === undefined) return undefined;
  return typeof given === 'string' || !('destination' in given) ? { destination: given } : given;
}

/** What a download needs besides the client. */
export interface DownloadRequest {
  readonly dataset: string;
  readonly output: CleanseOutput;
  readonly headerMap: HeaderMap;
  /** The row-key column to take out, if any. */
  readonly dropColumn: string | undefined;
  readonly tuning: CleanseOptions['download'];
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ProgressListener | undefined;
}

/** Downloads one output dataset; resolves the records written. */
export async function downloadOutput(client: CleanseClient, request: DownloadRequest): Promise<number> {
  const { dataset, output, dropColumn, signal } = request;
  const { columns } = await client.datasets.get(dataset, { signal });
  const reader = new DatasetReader({
    client,
    dataset,
    pageSize: request.tuning?.pageSize,
    prefetch: request.tuning?.prefetch,
    output: 'pages',
    signal,
    onProgress: request.onProgress,
  });
  const writer = writeRecords(output.destination, {
    ...output.write,
    columns: output.write?.columns ?? Object.keys(columns).filter((column) => column !== dropColumn),
    headerMap: output.write?.headerMap ?? request.headerMap,
    signal,
  });
  if (dropColumn === undefined) await pipeline(reader, writer);
  else await pipeline(reader, withoutColumn(dropColumn), writer);
  return reader.stats.records;
}

/**
 * Takes `column` out of each record of each page. One page on each side: an object-mode buffer
 * counts pages, and Node's default of 16 a side would hold 32,000 records.
 */
function withoutColumn(column: string): Transform {
  return new Transform({
    objectMode: true,
    highWaterMark: 1,
    transform(page: DataRecord[], _encoding, callback) {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the row key is a column name chosen at run time
      for (const record of page) delete record[column];
      callback(null, page);
    },
  });
}
