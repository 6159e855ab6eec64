/**
 * The blocks of an input dataset, one file a block (contract, "Datasets": uploading a block
 * number again replaces that block's records; a job reads blocks in ascending number).
 *
 * A block file is a header line `<recordCount>\n` followed by the request body exactly as it
 * was received (`{"blockNumber":n,"records":[...]}`, already validated), so storing a block
 * costs one write and no re-serialisation. Files are replaced atomically, and the header lets a
 * restart rebuild the record counts without parsing the records.
 *
 * @packageDocumentation
 */
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataRecord } from '../../core/wire.js';
import { writeFileAtomic } from '../persist.js';

const BLOCK_SUFFIX = '.block';
/** What the atomic writer's temporary files end with; a restart removes any a crash left. */
const TEMP_SUFFIX = '.tmp';
const NEWLINE = 0x0a;
/** A header is at most 16 digits and a newline. */
const HEADER_BYTES = 24;

/** The block files of one input dataset. */
export class BlockFiles {
  /** Serialises writes to one block number, so the last request to arrive is the one kept. */
  readonly #pending = new Map<number, Promise<unknown>>();

  /**
   * @param dir the dataset's block directory
   * @param durable flush each block to disk before acknowledging it (a kept data directory)
   */
  constructor(
    readonly dir: string,
    readonly durable: boolean,
  ) {}

  #path(blockNumber: number): string {
    return join(this.dir, `${blockNumber}${BLOCK_SUFFIX}`);
  }

  /** Stores (or replaces) a block: `body` is the raw request body holding `recordCount` records. */
  async write(blockNumber: number, recordCount: number, body: string): Promise<void> {
    const previous = this.#pending.get(blockNumber) ?? Promise.resolve();
    const content = `${recordCount}\n${body}`;
    const next = previous.then(() => writeFileAtomic(this.#path(blockNumber), content, { fsync: this.durable }));
    const settled = next.catch(() => undefined);
    this.#pending.set(blockNumber, settled);
    try {
      await next;
    } finally {
      if (this.#pending.get(blockNumber) === settled) this.#pending.delete(blockNumber);
    }
  }

  /** Reads every block's record count from the headers, removing temporary files a crash left. */
  async scan(): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    await mkdir(this.dir, { recursive: true });
    const buffer = Buffer.alloc(HEADER_BYTES);
    for (const entry of await readdir(this.dir)) {
      if (entry.endsWith(TEMP_SUFFIX)) {
        await rm(join(this.dir, entry), { force: true });
        continue;
      }
      if (!entry.endsWith(BLOCK_SUFFIX)) continue;
      const blockNumber = Number(entry.slice(0, -BLOCK_SUFFIX.length));
      const handle = await open(join(this.dir, entry), 'r');
      try {
        const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
        const end = buffer.subarray(0, bytesRead).indexOf(NEWLINE);
        const count = Number(buffer.toString('latin1', 0, end));
        if (end > 0 && Number.isSafeInteger(count)) counts.set(blockNumber, count);
      } finally {
        await handle.close();
      }
    }
    return counts;
  }

  /** Reads one block's records, in the order they were uploaded. */
  async read(blockNumber: number): Promise<DataRecord[]> {
    const bytes = await readFile(this.#path(blockNumber));
    const start = bytes.indexOf(NEWLINE) + 1;
    const body = JSON.parse(bytes.toString('utf8', start)) as { records: DataRecord[] };
    return body.records;
  }

  /** Yields the records of `blockNumbers` block by block, one block in memory at a time. */
  async *records(blockNumbers: readonly number[]): AsyncGenerator<DataRecord[]> {
    for (const blockNumber of blockNumbers) yield await this.read(blockNumber);
  }

  /** Removes every block. */
  async removeAll(): Promise<void> {
    await Promise.allSettled(this.#pending.values());
    await rm(this.dir, { recursive: true, force: true });
  }
}
