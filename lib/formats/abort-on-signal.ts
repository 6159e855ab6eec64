/**
 * Ties a stream to an `AbortSignal`: when it fires, the stream is destroyed with an
 * {@link AbortError} carrying the signal's reason.
 *
 * @packageDocumentation
 */

import type { Stream } from 'node:stream';
import { AbortError } from '../core/errors.js';

/** Destroys `stream` with `AbortError(message)` when `signal` fires (at once if it already has). */
export function destroyOnAbort(stream: Stream & { destroy(error?: Error): unknown }, signal: AbortSignal | undefined, message: string): void {
  if (signal === undefined) return;
  const abort = (): void => void stream.destroy(new AbortError(message, { cause: signal.reason }));
  if (signal.aborted) {
    queueMicrotask(abort);
    return;
  }
  signal.addEventListener('abort', abort, { once: true });
  stream.once('close', () => signal.removeEventListener('abort', abort));
}
