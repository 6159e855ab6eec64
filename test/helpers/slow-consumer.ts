/**
 * A consumer slower than what feeds it, as a disk or a pipe to another process can be: the
 * streams before it must wait, and the buffering tests measure what piles up meanwhile.
 */
import { Writable } from 'node:stream';

/**
 * An object-mode Writable buffering one chunk that hands each chunk to `take`, then asks for
 * the next only after `delayMs` (0: after the I/O that is waiting).
 */
export function slowConsumer(take: (chunk: never) => void, delayMs = 0): Writable {
  return new Writable({
    objectMode: true,
    highWaterMark: 1,
    write(chunk: unknown, _encoding, callback) {
      take(chunk as never);
      if (delayMs === 0) setImmediate(callback);
      else setTimeout(callback, delayMs);
    },
  });
}
