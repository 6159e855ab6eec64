/**
 * Checkpoint maths for an upload: which block a record belongs to, which blocks are
 * acknowledged, the highest unbroken acknowledged block, and the checkpoint document that
 * records it. Pure: no stream, file or HTTP imports.
 *
 * Block numbering is arithmetic: the uploader's i-th input record (from 0) belongs to block
 * `firstBlock + floor(i / blockSize)`. A block's number is therefore fixed before its first
 * send and is the same in every run over the same input, so a retry or a resumed run
 * overwrites a block and never duplicates it.
 *
 * @packageDocumentation
 */

/** The acknowledgement of one block. */
export interface BlockAcknowledgement {
  readonly blockNumber: number;
  /** Input records the block covers. */
  readonly records: number;
  /** Records the server stored for it (fewer when rejected records were left out). */
  readonly storedRecords: number;
  /** Byte offset in the input just after the block's last record, when known. */
  readonly inputBytes?: number | undefined;
}

/** Where an upload stands: every block before `nextBlock` is acknowledged. */
export interface UploadPosition {
  /** The first block not yet acknowledged in the unbroken run from `firstBlock`. */
  readonly nextBlock: number;
  /** Input records covered by the blocks before `nextBlock`: a resumed run skips this many. */
  readonly records: number;
  /** Records the blocks before `nextBlock` stored. */
  readonly storedRecords: number;
  /** Byte offset in the input just after those records, when known. */
  readonly inputBytes?: number | undefined;
}

/** The block of the `index`-th input record (from 0). */
export function blockNumberOf(index: number, firstBlock: number, blockSize: number): number {
  return firstBlock + Math.floor(index / blockSize);
}

/** The index of the first input record of block `blockNumber`. */
export function firstRecordOf(blockNumber: number, firstBlock: number, blockSize: number): number {
  return (blockNumber - firstBlock) * blockSize;
}

/** Tracks acknowledgements arriving in any order and the unbroken run they form. */
export class AcknowledgementTracker {
  #position: UploadPosition;
  readonly #beyond = new Map<number, BlockAcknowledgement>();

  constructor(start: UploadPosition, acknowledgedBeyond: readonly BlockAcknowledgement[] = []) {
    this.#position = start;
    for (const ack of acknowledgedBeyond) this.acknowledge(ack);
  }

  /** The unbroken run so far. */
  get position(): UploadPosition {
    return this.#position;
  }

  /** Blocks acknowledged after a gap, in ascending order. */
  get acknowledgedBeyond(): BlockAcknowledgement[] {
    return [...this.#beyond.values()].sort((a, b) => a.blockNumber - b.blockNumber);
  }

  /** True when `blockNumber` is acknowledged (in the run or beyond it). */
  isAcknowledged(blockNumber: number): boolean {
    return blockNumber < this.#position.nextBlock || this.#beyond.has(blockNumber);
  }

  /** Records stored by every acknowledged block. */
  get storedRecords(): number {
    let stored = this.#position.storedRecords;
    for (const ack of this.#beyond.values()) stored += ack.storedRecords;
    return stored;
  }

  /** Records one block's acknowledgement; true when the unbroken run grew. */
  acknowledge(ack: BlockAcknowledgement): boolean {
    if (this.isAcknowledged(ack.blockNumber)) return false;
    this.#beyond.set(ack.blockNumber, ack);
    let grew = false;
    for (let next = this.#beyond.get(this.#position.nextBlock); next !== undefined; next = this.#beyond.get(this.#position.nextBlock)) {
      this.#beyond.delete(next.blockNumber);
      this.#position = {
        nextBlock: next.blockNumber + 1,
        records: this.#position.records + next.records,
        storedRecords: this.#position.storedRecords + next.storedRecords,
        inputBytes: next.inputBytes,
      };
      grew = true;
    }
    return grew;
  }
}

/**
 * What identifies an input file, so a checkpoint is never applied to another input.
 *
 * A resume is refused when the size, the first `headBytes` bytes or the modification time
 * differ. Any write to the file, beyond its first MiB too, sets a new modification time, so an
 * input edited in place at the same size is refused; so is a file merely touched or copied
 * without its time (`cp` without `-p`), which is the safe side. Not detected: a file whose
 * content changed beyond its first MiB, at the same size, and whose modification time was set
 * back to the earlier one (`touch -d`, `cp -p` or `rsync -t` of another file).
 */
export interface InputFingerprint {
  /** Bytes in the file. */
  readonly size: number;
  /** SHA-256 (hex) of its first bytes. */
  readonly headSha256: string;
  /** How many bytes the hash covers. */
  readonly headBytes: number;
  /**
   * Last modification time, in milliseconds since the epoch (`stat().mtimeMs`, with its
   * fraction). Compared when both fingerprints have one.
   */
  readonly mtimeMs?: number | undefined;
}

/** How far the upload a checkpoint describes got. */
export type CheckpointState = 'uploading' | 'uploaded' | 'completed';

/** The checkpoint file's content (JSON). */
export interface CheckpointDocument extends UploadPosition {
  readonly format: 'data8-batch/upload-checkpoint';
  readonly version: 1;
  readonly dataset: string;
  readonly blockSize: number;
  readonly firstBlock: number;
  /** Blocks acknowledged after a gap (at most concurrency - 1 of them). */
  readonly acknowledgedBlocks: readonly BlockAcknowledgement[];
  readonly state: CheckpointState;
  /** Input records in all, once every block is acknowledged. */
  readonly totalRecords?: number | undefined;
  /** Records stored in all, once every block is acknowledged. */
  readonly totalStoredRecords?: number | undefined;
  readonly fingerprint?: InputFingerprint | undefined;
  readonly updatedAt: string;
}

/** The facts a checkpoint must agree with before a run may resume from it. */
export interface ResumeExpectation {
  readonly dataset: string;
  readonly blockSize: number;
  readonly firstBlock: number;
  readonly fingerprint?: InputFingerprint | undefined;
}

/** Why a checkpoint does not fit this run, or undefined when it does. */
export function checkpointMismatch(document: CheckpointDocument, expected: ResumeExpectation): string | undefined {
  if (document.dataset !== expected.dataset) return `it is for dataset "${document.dataset}", not "${expected.dataset}"`;
  if (document.blockSize !== expected.blockSize) return `it was written with blockSize ${document.blockSize}, not ${expected.blockSize}`;
  if (document.firstBlock !== expected.firstBlock) return `it was written with firstBlock ${document.firstBlock}, not ${expected.firstBlock}`;
  const was = document.fingerprint;
  const now = expected.fingerprint;
  if (was !== undefined && now !== undefined) {
    if (was.size !== now.size) return `the input changed size (${was.size} bytes then, ${now.size} now)`;
    if (was.headBytes !== now.headBytes || was.headSha256 !== now.headSha256) return 'the input starts with different content';
    if (was.mtimeMs !== undefined && now.mtimeMs !== undefined && was.mtimeMs !== now.mtimeMs) {
      const [then, since] = describeTimes(was.mtimeMs, now.mtimeMs);
      return `the input was modified since (modification time ${then} then, ${since} now)`;
    }
  }
  return undefined;
}

/** Two modification times as ISO dates, or as milliseconds when the dates would read the same. */
function describeTimes(then: number, now: number): [string, string] {
  const iso = (mtimeMs: number): string => {
    const date = new Date(mtimeMs);
    return Number.isNaN(date.getTime()) ? String(mtimeMs) : date.toISOString();
  };
  return iso(then) === iso(now) ? [String(then), String(now)] : [iso(then), iso(now)];
}

/** Checks that a parsed JSON value is a checkpoint document; returns why not otherwise. */
export function invalidCheckpoint(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'it is not a JSON object';
  const document = value as Partial<Record<keyof CheckpointDocument, unknown>>;
  if (document.format !== 'data8-batch/upload-checkpoint') return 'it is not a data8-batch upload checkpoint';
  if (document.version !== 1) return `its version ${String(document.version)} is not supported`;
  const integers = ['blockSize', 'firstBlock', 'nextBlock', 'records', 'storedRecords'] as const;
  for (const field of integers) {
    const number = document[field];
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) return `its "${field}" is not a whole number`;
  }
  if (typeof document.dataset !== 'string') return 'it names no dataset';
  if (!Array.isArray(document.acknowledgedBlocks)) return 'it has no "acknowledgedBlocks" list';
  if (document.state !== 'uploading' && document.state !== 'uploaded' && document.state !== 'completed') return 'its "state" is unknown';
  return undefined;
}
