/**
 * The CSV delimiter check shared by `readRecords` and `writeRecords`; its error is the library's
 * one option-error shape (lib/core/option-checks.ts).
 *
 * @packageDocumentation
 */

import { invalidOption } from '../core/option-checks.js';

/** A CSV delimiter: one character other than a quote or a line break. */
export function checkDelimiter(delimiter: unknown): string {
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    invalidOption('delimiter', 'one character other than a quote or a line break', delimiter);
  }
  return delimiter;
}
