/**
 * The `--rejects` file: each record the service refused, with where it came from (input line
 * and record number), the column and the server's reason, then the record's own values. The
 * file is written atomically, like every output: it exists after a successful run, even empty.
 *
 * @packageDocumentation
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { DataRecord } from '../../core/wire.js';
import { formatFromPath } from '../../formats/format.js';
import { writeRecords, type RecordWriter } from '../../formats/record-writer.js';
import type { RejectedRecord } from '../../streams/uploader-options.js';

/** Columns put before the refused record's own. */
const PREFIX = ['rejected_role', 'rejected_line', 'rejected_record', 'rejected_column', 'rejected_reason'] as const;

/** Collects refused records into a file. */
export class RejectsFile {
  readonly path: string;
  #writer: RecordWriter | undefined;
  #count = 0;
  #failure: Error | undefined;
  readonly #signal: AbortSignal;

  constructor(path: string, signal: AbortSignal) {
    this.path = path;
    this.#signal = signal;
  }

  /** Refused records so far. */
  get count(): number {
    return this.#count;
  }

  /** Writes one refused record (waits when the file is behind, so memory stays bounded). */
  async add(rejected: RejectedRecord & { readonly role: string }): Promise<void> {
    const { error, record } = rejected;
    const row: DataRecord = {
      rejected_role: rejected.role,
      rejected_line: error.line ?? null,
      rejected_record: error.record ?? null,
      rejected_column: error.column === undefined ? null : String(error.column),
      rejected_reason: error.reason,
      ...record,
    };
    // The first record settles the CSV header: the prefix, then its columns.
    this.#writer ??= this.#open([...PREFIX, ...Object.keys(record)]);
    if (this.#failure !== undefined) throw this.#failure;
    this.#count++;
    if (!this.#writer.write(row)) await once(this.#writer, 'drain', { signal: this.#signal });
  }

  /** Finishes the file (an empty one when nothing was refused). */
  async close(): Promise<void> {
    const writer = (this.#writer ??= this.#open([...PREFIX]));
    writer.end();
    await finished(writer, { signal: this.#signal });
  }

  /** Drops the file: a failed run leaves no rejects file behind. */
  abort(): void {
    this.#writer?.destroy();
  }

  #open(columns: readonly string[]): RecordWriter {
    const format = formatFromPath(this.path) ?? 'csv';
    const writer = writeRecords(this.path, { format, ...(format === 'csv' || format === 'tsv' ? { columns } : {}) });
    // Kept for the next add() or close(), which report it: an unwatched 'error' would end the process.
    writer.on('error', (error) => (this.#failure ??= error));
    return writer;
  }
}
