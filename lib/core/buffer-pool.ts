/**
 * A small pool of reusable buffers for block bodies, so a steady upload allocates nothing per
 * block once it is warm, and the same for response bodies and file writes. Pure: no stream or
 * HTTP imports.
 *
 * @packageDocumentation
 */

/** Keeps up to `capacity` released buffers and hands out the first that is large enough. */
export class BufferPool {
  readonly #free: Buffer[] = [];
  readonly #capacity: number;

  /** @param capacity the most idle buffers kept (the uploader keeps concurrency + 2). */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** A buffer of at least `size` bytes (contents undefined). */
  acquire(size: number): Buffer {
    for (let index = this.#free.length - 1; index >= 0; index--) {
      const buffer = this.#free[index];
      if (buffer !== undefined && buffer.length >= size) {
        this.#free.splice(index, 1);
        return buffer;
      }
    }
    return Buffer.allocUnsafeSlow(size);
  }

  /** Gives a buffer back once nothing reads it any more. Smaller ones go first when full. */
  release(buffer: Buffer): void {
    this.#free.push(buffer);
    if (this.#free.length > this.#capacity) {
      this.#free.sort((a, b) => b.length - a.length);
      this.#free.length = this.#capacity;
    }
  }

  /** Idle buffers held. */
  get size(): number {
    return this.#free.length;
  }
}
