/**
 * The library's three streams at their default options, as a user writes them:
 * `pipeline(readRecords(file), new BlockUploader({ client, dataset }))`, a `JobWaiter`, then
 * `pipeline(new DatasetReader({ client, dataset }), writeRecords(out))`. Shared by the scenarios
 * that run them as they are (defaults), against a service limiting requests in flight
 * (limited, limited-fixed) and with latency rising mid-run (rise). On bare loopback it also
 * times the bulk paths (batches up, pages down) in the same process, so the plain path's cost
 * is measured against them under the same conditions.
 */
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BlockUploader, Data8Client, DatasetReader, JobWaiter, readRecords, writeRecords, type WindowStats } from '../lib/index.js';
import type { Meter } from './measure.js';
import type { ScenarioInput } from './scenario-process.js';
import { inputRole } from './workflow.js';

/** What varies between the scenarios built on the default streams. */
export interface DefaultStreamsSettings {
  /** A fixed window for both streams instead of the default `'auto'`. */
  readonly window?: number;
  /** Called once, when half the records are uploaded (e.g. to change the emulator's latency). */
  readonly atHalfUpload?: (() => Promise<void>) | undefined;
}

/** A stream's window over time, offset to the scenario's clock (ms since the process's meter started). */
export interface WindowTrace {
  readonly phase: 'upload' | 'download';
  readonly offsetMs: number;
  readonly stats: WindowStats;
}

/** Runs the three streams and returns the scenario's details (requests, retries, windows). */
export async function runDefaultStreams(input: ScenarioInput, meter: Meter, settings: DefaultStreamsSettings = {}): Promise<Record<string, unknown>> {
  const origin = performance.now();
  const client = new Data8Client({ apiUrl: input.apiUrl!, authUrl: input.apiUrl!, clientId: input.clientId, clientSecret: input.clientSecret });
  const dataset = `${input.runName}_defaults`;
  const windows: WindowTrace[] = [];
  const upload = settings.window === undefined ? {} : { concurrency: settings.window };
  const download = settings.window === undefined ? {} : { prefetch: settings.window };

  const createFor = async (name: string, records: ReturnType<typeof readRecords>): Promise<void> => {
    const schema = await records.whenSchema();
    await client.datasets.create({ name, columns: Object.fromEntries(schema.columns.map((column) => [column.name, client.assumedValues.columnTypes[column.type]])) });
  };

  await meter.phase('upload', async () => {
    const records = readRecords(input.file);
    await createFor(dataset, records);
    let half = settings.atHalfUpload;
    const offsetMs = performance.now() - origin;
    const uploader = new BlockUploader({
      client,
      dataset,
      ...upload,
      onProgress: (event) => {
        meter.records = event.records;
        if (half !== undefined && event.records >= input.records / 2) {
          const change = half;
          half = undefined;
          void change();
        }
      },
    });
    await pipeline(records, uploader);
    windows.push({ phase: 'upload', offsetMs, stats: uploader.stats.window });
    return uploader.stats.records;
  });

  let output = '';
  let jobLateMs: number | undefined;
  let polls = 0;
  await meter.phase('job', async () => {
    const job = await client.jobs.start({ name: `${input.runName} defaults`, workflowName: input.workflow, inputDatasets: { [inputRole(input.workflow)]: dataset }, parameters: {} });
    const waiter = new JobWaiter({ client, job, totalRecords: input.records });
    const done = await waiter.wait();
    polls = waiter.stats.polls;
    if (done.completedAt !== null) jobLateMs = Date.now() - Date.parse(done.completedAt);
    output = Object.values(done.outputDatasets)[0]!;
    return input.records;
  });

  const uploaded = meter.records;
  await meter.phase('download', async () => {
    const offsetMs = performance.now() - origin;
    const reader = new DatasetReader({ client, dataset: output, ...download, onProgress: (event) => (meter.records = uploaded + event.records) });
    const writer = writeRecords(join(input.outputDir, 'defaults-output.csv'));
    await pipeline(reader, writer);
    windows.push({ phase: 'download', offsetMs, stats: reader.stats.window });
    return reader.stats.records;
  });

  // The plain paths again beside the bulk paths, for the plain path's cost against them (bare
  // loopback only: CPU, not network). Both run warm, after the first upload and download: the
  // first phases of a process pay for compiling the code, which would count against whichever ran first.
  if (input.latencyMs === null && settings.window === undefined) {
    const uploadAgain = async (name: string, shape: 'records' | 'batches'): Promise<number> => {
      const records = readRecords(input.file, shape === 'batches' ? { output: shape } : {});
      await createFor(name, records);
      const uploader = new BlockUploader({ client, dataset: name });
      await pipeline(records, uploader);
      return uploader.stats.records;
    };
    const downloadAgain = async (file: string, shape: 'records' | 'pages'): Promise<number> => {
      const reader = new DatasetReader({ client, dataset: output, ...(shape === 'pages' ? { output: shape } : {}) });
      await pipeline(reader, writeRecords(join(input.outputDir, file)));
      return reader.stats.records;
    };
    await meter.phase('uploadPlain', () => uploadAgain(`${dataset}_plain`, 'records'));
    await meter.phase('uploadBatches', () => uploadAgain(`${dataset}_batches`, 'batches'));
    await meter.phase('downloadPlain', () => downloadAgain('defaults-plain.csv', 'records'));
    await meter.phase('downloadPages', () => downloadAgain('defaults-pages.csv', 'pages'));
  }
  const stats = client.stats();
  await client.close();
  return { requests: stats.requests, retries: stats.retries, rateLimited: stats.rateLimited, byStatus: stats.byStatus, jobPolls: polls, jobLateMs, windows };
}
