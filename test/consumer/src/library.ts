// A consumer of the published package, compiled by .ci/package-check under TypeScript 5 and 6,
// nodenext and bundler resolution, targets es2022 and esnext, skipLibCheck false. Not run: it
// is here to compile, so every line is a use of the public types a project would write.
import { Readable, Writable, Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BlockUploader, ConfigError, Data8Client, Data8Error, DataGroupBatchStream, DataGroupClient, DatasetReader, JobWaiter,
  cleanse, readRecords, toColumnMap, writeRecords,
  type CleanseResult, type Data8ClientOptions, type DataRecord, type JobSnapshot, type ProgressEvent, type RecordSchema,
} from 'data8-batch';

export async function upload(options: Data8ClientOptions, file: string): Promise<number> {
  const client = new Data8Client(options);
  try {
    const reader = readRecords(file);
    const asReadable: Readable = reader;
    const web = Readable.toWeb(readRecords(file));
    const schema: RecordSchema = await reader.whenSchema();
    await client.datasets.create({ name: 'contacts', columns: toColumnMap(schema, client.assumedValues) });
    const uploader = new BlockUploader({ client, dataset: 'contacts', source: reader });
    const asWritable: Writable = uploader;
    uploader.on('progress', (event: ProgressEvent) => event.phase);
    await pipeline(reader, uploader);
    void asReadable;
    void asWritable;
    void web;
    return uploader.stats.records;
  } finally {
    await client.close();
  }
}

export async function download(client: Data8Client, dataset: string, file: string): Promise<void> {
  const records = new DatasetReader({ client, dataset });
  const asReadable: Readable = records;
  const writer = writeRecords(file);
  const asWritable: Writable = writer;
  const web = Writable.toWeb(writeRecords(file));
  for await (const record of new DatasetReader({ client, dataset })) {
    const typed: DataRecord = record;
    void typed;
  }
  for await (const record of readRecords(file)) {
    const typed: DataRecord = record;
    void typed;
  }
  await pipeline(records, writer);
  void asReadable;
  void asWritable;
  void web;
}

export async function waitFor(client: Data8Client, job: string): Promise<JobSnapshot | undefined> {
  let last: JobSnapshot | undefined;
  for await (const snapshot of new JobWaiter({ client, job })) last = snapshot;
  return last;
}

export function dataGroup(client: DataGroupClient, jobId: string): Duplex {
  return new DataGroupBatchStream({ client, jobId });
}

export async function oneCall(client: Data8Client): Promise<CleanseResult | undefined> {
  try {
    return await cleanse({ client, workflow: 'CleanseContacts', inputs: { Contacts: 'in.csv' }, outputs: { Contacts: 'out.csv' } });
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    if (error instanceof Data8Error) console.error(error.code);
    throw error;
  }
}
