/**
 * What the stream tests share: deterministic records, an input dataset, the Identity round
 * trip (upload → job → download) that shows what the server really stored.
 */
import { Readable } from 'node:stream';
import { DatasetReader, JobWaiter, type Data8Client, type DataRecord } from '../../lib/index.js';

/** Columns of the records {@link numberedRecords} makes. */
export const COLUMNS = { n: 0, name: 0, note: 0 } as const;

/** Record `i` (from 0): its number, a name with non-ASCII text, and a note that needs escaping now and then. */
export function numberedRecord(index: number): DataRecord {
  return { n: String(index), name: `Zoë ${index}`, note: index % 97 === 0 ? `said "hi"\n\t${index}` : 'ok' };
}

/** `count` records from index `from`, as an object-mode stream. */
export function numberedRecords(count: number, from = 0): Readable {
  return Readable.from(
    (function* generate() {
      for (let index = from; index < from + count; index++) yield numberedRecord(index);
    })(),
  );
}

/** Creates an input dataset with {@link COLUMNS} (or `columns`). */
export async function createDataset(client: Data8Client, name: string, columns: Record<string, number> = COLUMNS): Promise<void> {
  await client.datasets.create({ name, columns });
}

/** Runs Identity over a completed input dataset and answers the output dataset's name. */
export async function identity(client: Data8Client, input: string): Promise<string> {
  const job = await client.jobs.start({ name: `identity ${input}`, workflowName: 'Identity', inputDatasets: { Input: input } });
  const finished = await new JobWaiter({ client, job, pollInterval: { min: 10, max: 100 } }).wait();
  const output = finished.outputDatasets.Output;
  if (output === undefined) throw new Error('Identity produced no Output dataset');
  return output;
}

/** Every record of an output dataset, in order. */
export async function readAll(client: Data8Client, dataset: string): Promise<DataRecord[]> {
  const records: DataRecord[] = [];
  for await (const record of new DatasetReader({ client, dataset })) records.push(record as DataRecord);
  return records;
}

/** The `n` values of records, as numbers: the easiest way to see order, gaps and duplicates. */
export function numbers(records: readonly DataRecord[]): number[] {
  return records.map((record) => Number(record.n));
}

/** 0 .. count - 1. */
export function range(count: number, from = 0): number[] {
  return Array.from({ length: count }, (_, index) => from + index);
}
