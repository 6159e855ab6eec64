/**
 * Disk storage of emulated Data Group batches: per batch, its request body, its result and a
 * small metadata file. Nothing is held in memory here, so the number and size of batches cost
 * the emulator disk, not memory.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AtomicFiles } from '../persist.js';

/** A batch's lifecycle as stored: `PENDING` until processing has produced its outcome. */
export type StoredBatchStatus = 'PENDING' | 'COMPLETED' | 'FAILED';

/** The metadata of one batch. Times are ms since the epoch. */
export interface StoredBatch {
  readonly jobId: string;
  readonly batchId: string;
  readonly createdAt: number;
  /** When it stops being `QUEUED`. */
  readonly startAt: number;
  /** When processing is due to end. */
  readonly finishAt: number;
  readonly recordCount: number;
  readonly status: StoredBatchStatus;
  readonly notification?: { readonly url: string; readonly method: 'GET' | 'POST' } | undefined;
}

/** Files under `<dataDir>/datagroup/<jobId>/`. Ids are checked by the routes before they get here. */
export class DataGroupBatchStore {
  readonly #root: string;
  readonly #files: AtomicFiles;

  constructor(dataDir: string, files: AtomicFiles) {
    this.#root = path.join(dataDir, 'datagroup');
    this.#files = files;
  }

  #file(jobId: string, batchId: string, kind: 'meta' | 'input' | 'result'): string {
    return path.join(this.#root, jobId, `${batchId}.${kind}.json`);
  }

  /** Stores a new batch's body, then its metadata (so a batch that has metadata has a body). */
  async create(batch: StoredBatch, body: Buffer): Promise<void> {
    await this.#files.writeFile(this.#file(batch.jobId, batch.batchId, 'input'), body);
    await this.#files.writeJson(this.#file(batch.jobId, batch.batchId, 'meta'), batch);
  }

  /** The batch's metadata, or undefined when there is no such batch under that job. */
  async get(jobId: string, batchId: string): Promise<StoredBatch | undefined> {
    return this.#files.readJson<StoredBatch>(this.#file(jobId, batchId, 'meta'));
  }

  /** The request body as received. */
  async readInput(batch: StoredBatch): Promise<Buffer> {
    return readFile(this.#file(batch.jobId, batch.batchId, 'input'));
  }

  /** Path of the result body, served as a file. */
  resultPath(batch: StoredBatch): string {
    return this.#file(batch.jobId, batch.batchId, 'result');
  }

  /** Records the outcome: the result body first, then the metadata that points to it. */
  async finish(batch: StoredBatch, result: Buffer | undefined): Promise<void> {
    if (result !== undefined) await this.#files.writeFile(this.resultPath(batch), result);
    await this.#files.writeJson(this.#file(batch.jobId, batch.batchId, 'meta'), batch);
  }

  /** Drops every batch (emulator reset). */
  async clear(): Promise<void> {
    await this.#files.remove(this.#root);
  }
}
