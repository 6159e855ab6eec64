/**
 * Datasets on disk, per account. Only metadata lives in memory (a dataset's columns, flags and
 * one number per block); records stay in files, so a dataset of any size costs the emulator
 * the same memory.
 *
 * Layout under the store's root, one directory per account and dataset:
 * ```
 * <root>/<account id>/<dataset>/dataset.json     metadata (atomically replaced)
 * <root>/<account id>/<dataset>/blocks/<n>.block  input datasets: one file a block
 * <root>/<account id>/<dataset>/records.jsonl    output datasets: the records, one a line
 * <root>/<account id>/<dataset>/records.idx      output datasets: the offset index
 * ```
 * A deleted dataset keeps its `dataset.json` (marked deleted) so its name stays taken.
 *
 * @packageDocumentation
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ColumnMap, DataRecord } from '../../core/wire.js';
import { compileRecordValidator, type RecordValidator } from '../datasets/record-validator.js';
import { readJsonFile, writeJsonAtomic } from '../persist.js';
import { BlockFiles } from './block-files.js';
import { PerAccount } from './per-account.js';
import { RecordLogReader, RecordLogWriter } from './record-log.js';

/** What `dataset.json` holds. */
interface DatasetMeta {
  name: string;
  columns: ColumnMap;
  input: boolean;
  completed: boolean;
  deleted: boolean;
  /** Output datasets only (an input dataset's count is the sum over its block files). */
  recordCount: number;
}

/** One dataset: metadata in memory, records on disk. */
export class StoredDataset {
  readonly #meta: DatasetMeta;
  readonly dir: string;
  /** Block number → record count (input datasets). */
  readonly blockCounts = new Map<number, number>();
  readonly blocks: BlockFiles;
  #validator: RecordValidator | undefined;
  #reader: Promise<RecordLogReader> | undefined;

  readonly #durable: boolean;

  /** @param durable flush writes to disk before acknowledging them (a kept data directory) */
  constructor(meta: DatasetMeta, dir: string, durable: boolean) {
    this.#meta = meta;
    this.dir = dir;
    this.#durable = durable;
    this.blocks = new BlockFiles(join(dir, 'blocks'), durable);
  }

  get name(): string {
    return this.#meta.name;
  }
  get columns(): ColumnMap {
    return this.#meta.columns;
  }
  get input(): boolean {
    return this.#meta.input;
  }
  get completed(): boolean {
    return this.#meta.completed;
  }
  get deleted(): boolean {
    return this.#meta.deleted;
  }
  get recordCount(): number {
    return this.#meta.recordCount;
  }

  /** The dataset's record validator, compiled on first use. */
  get validator(): RecordValidator {
    this.#validator ??= compileRecordValidator(this.#meta.columns);
    return this.#validator;
  }

  get #metaPath(): string {
    return join(this.dir, 'dataset.json');
  }
  get #logPath(): string {
    return join(this.dir, 'records.jsonl');
  }
  get #indexPath(): string {
    return join(this.dir, 'records.idx');
  }

  /** Writes the metadata. */
  async save(): Promise<void> {
    await writeJsonAtomic(this.#metaPath, this.#meta, { fsync: this.#durable });
  }

  /** Stores (or replaces) an input block; `body` is the validated request body. */
  async storeBlock(blockNumber: number, recordCount: number, body: string): Promise<void> {
    await this.blocks.write(blockNumber, recordCount, body);
    this.#meta.recordCount += recordCount - (this.blockCounts.get(blockNumber) ?? 0);
    this.blockCounts.set(blockNumber, recordCount);
  }

  /** Block numbers in ascending order (the order a job reads them). */
  blockNumbers(): number[] {
    return [...this.blockCounts.keys()].sort((a, b) => a - b);
  }

  /** An input dataset's records, block by block in ascending block number. */
  inputRecords(): AsyncGenerator<DataRecord[]> {
    return this.blocks.records(this.blockNumbers());
  }

  /** Marks the dataset complete with `recordCount` records. */
  async complete(recordCount: number): Promise<void> {
    this.#meta.completed = true;
    this.#meta.recordCount = recordCount;
    await this.save();
  }

  /** Starts (or restarts) writing an output dataset's records. */
  async openOutput(): Promise<RecordLogWriter> {
    // A job resumed after a restart rewrites its outputs from the start.
    this.#meta.recordCount = 0;
    this.#meta.completed = false;
    this.#reader = undefined;
    return RecordLogWriter.create(this.#logPath, this.#indexPath, this.#durable);
  }

  /** Records `start` .. `start + count - 1` of a completed output dataset, as a JSON array. */
  async page(start: number, count: number): Promise<Buffer> {
    this.#reader ??= RecordLogReader.open(this.#logPath, this.#indexPath).catch((error: unknown) => {
      this.#reader = undefined; // not cached: the next request tries again
      throw error;
    });
    return (await this.#reader).page(start, count);
  }

  /** Deletes the records; the metadata stays, marked deleted, so the name stays taken. */
  async delete(): Promise<void> {
    this.#meta.deleted = true;
    this.#reader = undefined;
    await this.save();
    this.blockCounts.clear();
    await this.blocks.removeAll();
    await Promise.all([rm(this.#logPath, { force: true }), rm(this.#indexPath, { force: true })]);
  }

  /** The dataset as `GET /Dataset/{name}` answers it. */
  toJSON(): { name: string; columns: ColumnMap; input: boolean; recordCount: number; completed: boolean } {
    const { name, columns, input, recordCount, completed } = this.#meta;
    return { name, columns, input, recordCount, completed };
  }
}

/** The datasets of one account. */
export class AccountDatasets {
  readonly #dir: string;
  readonly #durable: boolean;
  /** Every name ever used, deleted ones included. */
  readonly #byName = new Map<string, StoredDataset>();

  private constructor(dir: string, durable: boolean) {
    this.#dir = dir;
    this.#durable = durable;
  }

  /** Loads an account's datasets from `dir` (empty when it does not exist). */
  static async load(dir: string, durable: boolean): Promise<AccountDatasets> {
    const account = new AccountDatasets(dir, durable);
    await mkdir(dir, { recursive: true });
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const datasetDir = join(dir, entry.name);
      const meta = await readJsonFile<DatasetMeta>(join(datasetDir, 'dataset.json'));
      if (meta === undefined) {
        // A crash between mkdir and the first metadata write: nothing was acknowledged.
        await rm(datasetDir, { recursive: true, force: true });
        continue;
      }
      const dataset = new StoredDataset(meta, datasetDir, durable);
      if (meta.input && !meta.deleted) {
        let total = 0;
        for (const [blockNumber, count] of await dataset.blocks.scan()) {
          dataset.blockCounts.set(blockNumber, count);
          total += count;
        }
        if (!meta.completed) meta.recordCount = total;
      }
      account.#byName.set(meta.name, dataset);
    }
    return account;
  }

  /** The live (not deleted) dataset called `name`. */
  get(name: string): StoredDataset | undefined {
    const dataset = this.#byName.get(name);
    return dataset === undefined || dataset.deleted ? undefined : dataset;
  }

  /** True when `name` is in use or was used by a dataset since deleted. */
  isTaken(name: string): boolean {
    return this.#byName.has(name);
  }

  /** Live datasets sorted by name. */
  list(): StoredDataset[] {
    return [...this.#byName.values()]
      .filter((dataset) => !dataset.deleted)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Creates an empty, incomplete dataset. The caller checked that the name is free. */
  async create(name: string, columns: ColumnMap, input: boolean): Promise<StoredDataset> {
    const dir = join(this.#dir, name);
    const meta = { name, columns, input, completed: false, deleted: false, recordCount: 0 };
    const dataset = new StoredDataset(meta, dir, this.#durable);
    // Claimed before the first await so two concurrent creates cannot both succeed.
    this.#byName.set(name, dataset);
    try {
      await mkdir(dir, { recursive: true });
      await dataset.save();
    } catch (error) {
      this.#byName.delete(name);
      throw error;
    }
    return dataset;
  }
}

/** Every account's datasets under one root directory. */
export class DatasetStore extends PerAccount<AccountDatasets> {
  /**
   * @param root the directory that holds every account's datasets
   * @param durable flush every write to disk before acknowledging it
   */
  constructor(root: string, durable: boolean) {
    super(root, durable, (dir, flush) => AccountDatasets.load(dir, flush));
  }
}
