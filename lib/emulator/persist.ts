/**
 * Crash-safe file writes for every store of the emulator: write a temporary file in the same
 * directory, flush it to disk, then rename it over the target. A rename within one directory
 * is atomic, so a reader (or a restart after a crash) sees the old content or the new, never
 * a torn mix.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/** Options of an atomic write. */
export interface AtomicWriteOptions {
  /**
   * Flush the file (and its directory) to disk before answering. Turn it off only for data
   * that can be rebuilt, to save the flush on a hot path; the rename stays atomic either way.
   * @default true
   */
  readonly fsync?: boolean;
}

/** The file helpers as handed to plugins through the context. */
export interface AtomicFiles {
  writeFile(path: string, data: string | Uint8Array, options?: AtomicWriteOptions): Promise<void>;
  writeJson(path: string, value: unknown, options?: AtomicWriteOptions): Promise<void>;
  /** The parsed file, or `undefined` when it does not exist. */
  readJson<T>(path: string): Promise<T | undefined>;
  /** Removes a file or directory tree; absent is fine. */
  remove(path: string): Promise<void>;
}

/** Writes `data` to `path` atomically, creating the directory when needed. */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const fsync = options.fsync ?? true;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temporary = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(data);
    if (fsync) await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  if (fsync) await syncDirectory(dir);
}

/** Writes `value` as JSON to `path` atomically. */
export async function writeJsonAtomic(path: string, value: unknown, options: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value), options);
}

/** Reads and parses a JSON file; `undefined` when it does not exist. */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  return JSON.parse(text) as T;
}

/** Removes a file or directory tree; absent is fine. */
export async function removePath(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/** The helpers as one object, for the context. */
export const atomicFiles: AtomicFiles = Object.freeze({
  writeFile: writeFileAtomic,
  writeJson: writeJsonAtomic,
  readJson: readJsonFile,
  remove: removePath,
});

// The rename itself lives in the directory entry: flushing the directory makes it durable.
// Some platforms (Windows) cannot open a directory for syncing; the rename is still atomic there.
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort, see above
  } finally {
    await handle?.close();
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

/** A queue that runs writes of one store one after another and coalesces bursts. */
export class WriteQueue {
  #running: Promise<void> | undefined;
  #pending: Promise<void> | undefined;

  /**
   * Schedules `write`. When a write is already waiting, the caller shares it (the waiting write
   * reads the latest state when it starts), so N changes in a burst cost at most two writes.
   */
  schedule(write: () => Promise<void>): Promise<void> {
    if (this.#pending) return this.#pending;
    const previous = this.#running ?? Promise.resolve();
    const next = previous.then(
      () => {
        this.#pending = undefined;
        this.#running = next;
        return write();
      },
      () => {
        this.#pending = undefined;
        this.#running = next;
        return write();
      },
    );
    this.#pending = next;
    void next.finally(() => {
      if (this.#running === next) this.#running = undefined;
    }).catch(() => undefined);
    return next;
  }
}
