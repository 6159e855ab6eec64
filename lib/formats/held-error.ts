/**
 * Holds an error a reader finds while nobody is there to receive it, until somebody is.
 *
 * A reader reads ahead of its consumer: `await reader.whenSchema()` resolves inside the chunk
 * that held the header, and a bad row in the same chunk fails the stream before the caller's
 * continuation runs; a caller that creates a dataset before piping leaves an even longer gap.
 * Emitted then, the error has no listener and Node throws it out of the process. Held, it is
 * delivered (the stream destroyed with it) as soon as an `'error'`, `'data'` or `'readable'`
 * listener is added: by `pipeline`, `for await`, `pipe`, `once`, `finished` or `whenSchema`.
 *
 * @packageDocumentation
 */

import type { Readable } from 'node:stream';

/** Listening to any of these means the stream's failure will be seen. */
const RECEIVING_EVENTS: ReadonlySet<string | symbol> = new Set(['error', 'data', 'readable']);

/** The held-error state of one stream. */
export class ErrorHold {
  readonly #stream: Readable;
  /** `'error'` listeners that belong to the stream's own wiring (`input.pipe(stream)` adds one). */
  readonly #wiring = new Set<unknown>();
  #held: Error | undefined;

  constructor(stream: Readable) {
    this.#stream = stream;
    stream.on('newListener', (event: string | symbol) => {
      if (this.#held !== undefined && RECEIVING_EVENTS.has(event)) this.#release();
    });
  }

  /** Runs `wire`, counting the `'error'` listeners it adds to the stream as wiring, not receivers. */
  wire(wire: () => void): void {
    const before = new Set(this.#stream.listeners('error'));
    wire();
    for (const listener of this.#stream.listeners('error')) if (!before.has(listener)) this.#wiring.add(listener);
  }

  /** Destroys the stream with `error` now if anybody listens, or as soon as somebody does. The first error wins. */
  fail(error: Error): void {
    if (this.#stream.destroyed || this.#held !== undefined) return;
    this.#held = error;
    if (this.#received()) this.#release();
  }

  #received(): boolean {
    const stream = this.#stream;
    return stream.listenerCount('data') > 0 || stream.listenerCount('readable') > 0 || stream.listeners('error').some((listener) => !this.#wiring.has(listener));
  }

  // Called before the new listener is added; the error is emitted on a later tick, once it is.
  #release(): void {
    const error = this.#held;
    this.#held = undefined;
    if (!this.#stream.destroyed) this.#stream.destroy(error);
  }
}
