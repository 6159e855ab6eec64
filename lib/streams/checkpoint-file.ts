/**
 * The checkpoint file: read, written atomically (temporary file, fsync, rename, so a crash at
 * any instant leaves either the old or the new checkpoint, never half of one), and input
 * fingerprints so a checkpoint is never applied to another input.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { ConfigError } from '../core/errors.js';
import { invalidCheckpoint, type CheckpointDocument, type InputFingerprint } from './checkpoint-state.js';

/** Bytes hashed by {@link fingerprintFile} unless told otherwise. */
export const FINGERPRINT_HEAD_BYTES = 1_048_576;

/** The checkpoint at `path`, or undefined when there is none yet. */
export async function readCheckpoint(path: string): Promise<CheckpointDocument | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`checkpoint ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`checkpoint ${path} is not valid JSON; delete it to start the upload over`, { cause: error });
  }
  const why = invalidCheckpoint(value);
  if (why !== undefined) throw new ConfigError(`checkpoint ${path} cannot be used: ${why}`);
  return value as CheckpointDocument;
}

/** Replaces the checkpoint at `path` atomically. */
export async function writeCheckpoint(path: string, document: CheckpointDocument): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(document, undefined, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new ConfigError(`checkpoint ${path} cannot be written: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Size, modification time and a hash of the first `headBytes` bytes of a file: what a resume
 * checks (see {@link InputFingerprint} for what that detects and what it does not). Only the
 * head is read, so fingerprinting costs the same for any file size.
 */
export async function fingerprintFile(path: string, headBytes = FINGERPRINT_HEAD_BYTES): Promise<InputFingerprint> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    const head = Buffer.alloc(Math.min(headBytes, info.size));
    let filled = 0;
    while (filled < head.length) {
      const { bytesRead } = await handle.read(head, filled, head.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    const headSha256 = createHash('sha256').update(head.subarray(0, filled)).digest('hex');
    return { size: info.size, headSha256, headBytes: filled, mtimeMs: info.mtimeMs };
  } finally {
    await handle.close();
  }
}

/**
 * Writes checkpoints without slowing the upload: at most one write at a time, at most one
 * every `intervalMs` (the latest document wins), and {@link flush} to write the latest now.
 * Losing the last interval to a crash costs only re-sending a few blocks, which overwrite.
 */
export class CheckpointWriter {
  readonly path: string;
  readonly #intervalMs: number;
  #pending: CheckpointDocument | undefined;
  #writing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastWriteAt = -Infinity;
  #failure: unknown;
  #onError: (error: unknown) => void;

  constructor(path: string, intervalMs: number, onError: (error: unknown) => void) {
    this.path = path;
    this.#intervalMs = intervalMs;
    this.#onError = onError;
  }

  /** Schedules `document` to be written. */
  update(document: CheckpointDocument): void {
    this.#pending = document;
    if (this.#writing !== undefined || this.#timer !== undefined) return;
    const wait = this.#lastWriteAt + this.#intervalMs - performance.now();
    if (wait <= 0) {
      this.#start();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#start();
    }, wait);
    this.#timer.unref();
  }

  /** Writes the latest document now and waits for it; throws a failed write's error. */
  async flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    await this.#idle();
    if (this.#pending !== undefined) this.#start();
    await this.#idle();
    if (this.#failure !== undefined) throw this.#failure as Error;
  }

  async #idle(): Promise<void> {
    for (let writing = this.#writing; writing !== undefined; writing = this.#writing) await writing;
  }

  #start(): void {
    const document = this.#pending;
    if (document === undefined || this.#failure !== undefined) return;
    this.#pending = undefined;
    this.#lastWriteAt = performance.now();
    this.#writing = writeCheckpoint(this.path, document).then(
      () => {
        this.#writing = undefined;
        if (this.#pending !== undefined) this.update(this.#pending);
      },
      (error: unknown) => {
        this.#writing = undefined;
        this.#failure = error;
        this.#onError(error);
      },
    );
  }
}
