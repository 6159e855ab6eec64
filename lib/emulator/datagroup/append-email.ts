/**
 * The emulated "append email" solution: a deterministic email address made from a record's
 * names, so tests can predict every result.
 *
 * @packageDocumentation
 */
import type { DataRecord, RecordValue } from '../../core/wire.js';

function namePart(value: RecordValue | undefined): string {
  if (typeof value !== 'string') return '';
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * `first.last@example.com` from `first_name` and `last_name`, lower-cased, accents and
 * punctuation removed; one name alone gives `name@example.com`; no name gives `null`.
 */
export function appendedEmail(record: DataRecord): string | null {
  const parts = [namePart(record.first_name), namePart(record.last_name)].filter((part) => part !== '');
  return parts.length === 0 ? null : `${parts.join('.')}@example.com`;
}

/** The record with its `email` field set (added last, or replaced where it already was). */
export function appendEmail(record: DataRecord): DataRecord {
  return { ...record, email: appendedEmail(record) };
}
