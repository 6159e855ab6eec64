/**
 * Input files named on the command line: `-` for stdin, and their total size (for progress
 * percentages and ETAs).
 *
 * @packageDocumentation
 */
import { stat } from 'node:fs/promises';
import { isGzipPath } from '../../formats/decompress.js';

/** The name that stands for stdin (as an input) or stdout (as an output). */
export const STDIO = '-';

/**
 * Total bytes of the named files, or `undefined` when one is stdin, not a regular file, or
 * compressed (`.gz`: progress counts the bytes read after decompression, which its size does not tell).
 */
export async function inputSize(files: readonly string[]): Promise<number | undefined> {
  let total = 0;
  for (const file of files) {
    if (file === STDIO || isGzipPath(file)) return undefined;
    try {
      const info = await stat(file);
      if (!info.isFile()) return undefined;
      total += info.size;
    } catch {
      // The reader reports a missing file with its own clear message.
      return undefined;
    }
  }
  return total;
}
