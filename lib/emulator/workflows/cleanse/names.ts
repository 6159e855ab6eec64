/**
 * Person names: trimmed, inner whitespace collapsed, title-cased the way British names are
 * written (`o'brien` → `O'Brien`, `mcdonald` → `McDonald`, `smith-jones` → `Smith-Jones`).
 *
 * @packageDocumentation
 */
import type { FieldOutcome } from './outcome.js';

const NAME = /^[\p{L}\p{M}' .-]+$/u;
const LETTER_RUN = /\p{L}[\p{L}\p{M}]*/gu;

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Title-cases one run of letters, keeping the `Mc` prefix's capital. */
function titleCase(run: string): string {
  if (run.length > 2 && run.startsWith('mc')) return `Mc${capitalise(run.slice(2))}`;
  return capitalise(run);
}

/** Tidies a name; names holding digits or symbols are `invalid` and only have their spaces tidied. */
export function cleanseName(raw: string): FieldOutcome {
  const value = raw.trim().replace(/\s+/gu, ' ');
  if (value === '') return { value: '', status: 'empty' };
  if (!NAME.test(value) || !/\p{L}/u.test(value)) return { value, status: 'invalid' };
  return { value: value.toLowerCase().replace(LETTER_RUN, titleCase), status: 'valid' };
}
