/**
 * Dataset and job steps shared by the emulator's data tests, over plain HTTP through the
 * emulator fixture (never the library's client).
 */
import type { ExecutionContext } from 'ava';
import type { EmulatorFixture } from '../helpers/emulator.js';

/** A record as the tests send it. */
export type TestRecord = Record<string, string | number | boolean | null>;

/** A job as `GET /Job/{name}` answers it (the fields the tests read). */
export interface JobView {
  name: string;
  status: number;
  percentComplete: number;
  statistics: Record<string, unknown>;
  outputDatasets: Record<string, string>;
  inputDatasets: Record<string, string>;
  parameters: Record<string, string>;
  completedAt: string | null;
  estimatedFinishTime: string | null;
}

/** A problem document's field errors. */
export function fieldErrors(json: unknown): Record<string, string[]> {
  return ((json as { errors?: Record<string, string[]> } | undefined)?.errors ?? {});
}

/** Creates an input dataset, asserting `201`. */
export async function createDataset(t: ExecutionContext, emu: EmulatorFixture, name: string, columns: Record<string, number>): Promise<void> {
  const response = await emu.api('POST', '/Dataset', { name, columns });
  t.is(response.status, 201, response.text);
}

/** Uploads `records` in blocks of `blockSize` numbered from 0, asserting `204` for each. */
export async function uploadRecords(t: ExecutionContext, emu: EmulatorFixture, name: string, records: readonly TestRecord[], blockSize = 1000): Promise<void> {
  for (let start = 0, blockNumber = 0; start < records.length; start += blockSize, blockNumber++) {
    const response = await emu.api('PATCH', `/Dataset/${name}/data`, { blockNumber, records: records.slice(start, start + blockSize) });
    t.is(response.status, 204, response.text);
  }
}

/** Marks a dataset complete with `recordCount`, asserting `200`. */
export async function completeDataset(t: ExecutionContext, emu: EmulatorFixture, name: string, recordCount: number): Promise<void> {
  const response = await emu.api('PUT', `/Dataset/${name}`, { recordCount, completed: true });
  t.is(response.status, 200, response.text);
}

/** Creates, fills and completes an input dataset. */
export async function inputDataset(t: ExecutionContext, emu: EmulatorFixture, name: string, columns: Record<string, number>, records: readonly TestRecord[]): Promise<void> {
  await createDataset(t, emu, name, columns);
  await uploadRecords(t, emu, name, records);
  await completeDataset(t, emu, name, records.length);
}

/** Starts a job, asserting `201`. */
export async function startJob(t: ExecutionContext, emu: EmulatorFixture, body: Record<string, unknown>): Promise<JobView> {
  const response = await emu.api('POST', '/Job', body);
  t.is(response.status, 201, response.text);
  return response.json as JobView;
}

/** Polls a job until it is completed, failed or cancelled (or `maxPolls` pass). */
export async function waitForJob(emu: EmulatorFixture, name: string, maxPolls = 2000): Promise<JobView> {
  for (let poll = 0; poll < maxPolls; poll++) {
    const job = (await emu.api('GET', `/Job/${encodeURIComponent(name)}`)).json as JobView;
    if (job.status >= 2) return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`job ${name} did not finish`);
}

/** Reads a completed output dataset, 1,000 records a page. */
export async function readAll(emu: EmulatorFixture, name: string): Promise<TestRecord[]> {
  const records: TestRecord[] = [];
  for (let start = 1; ; start += 1000) {
    const page = (await emu.api('GET', `/Dataset/${name}/data?start=${start}&count=1000`)).json as TestRecord[];
    records.push(...page);
    if (page.length < 1000) return records;
  }
}
