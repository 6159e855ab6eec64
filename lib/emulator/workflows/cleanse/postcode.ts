/**
 * UK postcodes: upper-cased, spaces normalised to the one before the inward code
 * (`sw1a1aa` → `SW1A 1AA`), and checked against the letters each position may hold
 * (the Royal Mail format, plus `GIR 0AA`).
 *
 * @packageDocumentation
 */
import type { FieldOutcome } from './outcome.js';

const POSTCODE =
  /^(?:GIR0AA|[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPS-UW]|[A-HK-Y]\d[ABEHMNPRV-Y])\d[ABD-HJLNP-UW-Z]{2})$/;

/** Normalises and checks a UK postcode; an invalid one keeps its trimmed text. */
export function cleansePostcode(raw: string): FieldOutcome {
  const value = raw.trim();
  if (value === '') return { value: '', status: 'empty' };
  const compact = value.replace(/\s+/g, '').toUpperCase();
  if (!POSTCODE.test(compact)) return { value, status: 'invalid' };
  return { value: `${compact.slice(0, -3)} ${compact.slice(-3)}`, status: 'valid' };
}
