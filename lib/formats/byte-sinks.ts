/**
 * Where a writer's bytes go: a file written atomically, or a stream.
 *
 * An atomic file is written to a temporary file in the destination's directory
 * (`.<name>.<pid>.<random>.tmp`), flushed to disk (fsync) and renamed over the destination only
 * when everything is written; on error or destroy the temporary file is removed. So a failed
 * run never leaves a half-written output, and a reader of the destination sees the old file or
 * the whole new one. Temporary files of the same destination left by a killed process (whose
 * pid no longer runs) are removed when the next one opens.
 *
 * @packageDocumentation
 */

import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { BufferPool } from '../core/buffer-pool.js';

/** Write buffers grow in steps of this, so texts of similar sizes share one. */
const WRITE_STEP_BYTES = 64 * 1024;

/** Text out: written in order, then committed or abandoned. */
export interface ByteSink {
  write(text: string): Promise<void>;
  /** Everything is written: make it visible (rename the file, end the stream). */
  commit(): Promise<void>;
  /** Writing failed: leave nothing behind. Never throws. */
  abort(): Promise<void>;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function removeStaleTemporaries(directory: string, name: string): Promise<void> {
  const prefix = `.${name}.`;
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const pid = Number(entry.slice(prefix.length).split('.')[0]);
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !isRunning(pid)) await unlink(join(directory, entry)).catch(() => undefined);
  }
}

/** A file written atomically; see the module description. */
export class AtomicFileSink implements ByteSink {
  /** The destination. */
  readonly path: string;
  /** The temporary file, in the destination's directory. */
  readonly temporaryPath: string;
  readonly #handle: FileHandle;
  readonly #buffers = new BufferPool(1);
  #closed = false;

  private constructor(path: string, temporaryPath: string, handle: FileHandle) {
    this.path = path;
    this.temporaryPath = temporaryPath;
    this.#handle = handle;
  }

  /** Creates the temporary file (never the destination). */
  static async open(path: string): Promise<AtomicFileSink> {
    const directory = dirname(path);
    const name = basename(path);
    await removeStaleTemporaries(directory, name);
    const temporaryPath = join(directory, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temporaryPath, 'wx', 0o666);
    return new AtomicFileSink(path, temporaryPath, handle);
  }

  /**
   * Encodes into a buffer kept from the previous write rather than a fresh `Buffer.from` each
   * time: a fresh off-heap buffer per write is churn the garbage collector frees late, and over a
   * long download it fragments the malloc heap. Overlapping writes, which the writer never makes,
   * would each take their own buffer.
   */
  async write(text: string): Promise<void> {
    const length = Buffer.byteLength(text, 'utf8');
    const bytes = this.#buffers.acquire(Math.ceil(length / WRITE_STEP_BYTES) * WRITE_STEP_BYTES);
    try {
      bytes.write(text, 0, length, 'utf8');
      for (let offset = 0; offset < length; ) {
        const { bytesWritten } = await this.#handle.write(bytes, offset, length - offset);
        offset += bytesWritten;
      }
    } finally {
      this.#buffers.release(bytes);
    }
  }

  /** Writes bytes as they are (a compressor's output). */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    for (let offset = 0; offset < bytes.length; ) {
      const { bytesWritten } = await this.#handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
  }

  async commit(): Promise<void> {
    await this.#handle.sync();
    this.#closed = true;
    await this.#handle.close();
    await rename(this.temporaryPath, this.path);
    await syncDirectory(dirname(this.path));
  }

  /**
   * Removes the temporary file at once (synchronously: a caller that exits as soon as its
   * pipeline rejects, before the writer's `'close'`, must not leave it behind), then closes it.
   */
  async abort(): Promise<void> {
    try {
      unlinkSync(this.temporaryPath);
    } catch {
      // Already gone (renamed by a commit that raced the abort, or never written).
    }
    if (!this.#closed) {
      this.#closed = true;
      await this.#handle.close().catch(() => undefined);
    }
  }
}

/** Makes a rename durable; platforms that cannot open a directory skip it. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Directory fsync is not available everywhere (Windows); the rename itself is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** A stream destination; `end` says whether to end it on commit. */
export class StreamSink implements ByteSink {
  readonly #stream: NodeJS.WritableStream;
  readonly #end: boolean;

  constructor(stream: NodeJS.WritableStream, end: boolean) {
    this.#stream = stream;
    this.#end = end;
  }

  write(text: string): Promise<void> {
    if (this.#stream.write(text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const stream = this.#stream;
      const cleanup = (): void => {
        stream.off('drain', onDrain);
        stream.off('error', onError);
        stream.off('close', onClose);
      };
      const onDrain = (): void => (cleanup(), resolve());
      const onError = (error: Error): void => (cleanup(), reject(error));
      const onClose = (): void => (cleanup(), reject(new Error('the destination stream closed before everything was written')));
      stream.on('drain', onDrain);
      stream.on('error', onError);
      stream.on('close', onClose);
    });
  }

  async commit(): Promise<void> {
    if (!this.#end) return;
    this.#stream.end();
    await finished(this.#stream);
  }

  abort(): Promise<void> {
    return Promise.resolve();
  }
}
