/**
 * Email addresses: trimmed, domain lower-cased, syntax checked (RFC 5321 dot-atom local part
 * of at most 64 characters; a domain of at least two labels, an alphabetic top-level label,
 * at most 253 characters). No mailbox is contacted.
 *
 * @packageDocumentation
 */
import type { FieldOutcome } from './outcome.js';

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^[a-z]{2,63}$/;

function isDomain(domain: string): boolean {
  if (domain.length > 253) return false;
  const labels = domain.split('.');
  const top = labels[labels.length - 1] ?? '';
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && TOP_LEVEL.test(top);
}

/** Tidies and checks an email address; an invalid one keeps its trimmed text. */
export function cleanseEmail(raw: string): FieldOutcome {
  const value = raw.trim();
  if (value === '') return { value: '', status: 'empty' };
  const at = value.lastIndexOf('@');
  if (at <= 0) return { value, status: 'invalid' };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL_PART.test(local) || !isDomain(domain)) return { value, status: 'invalid' };
  return { value: `${local}@${domain}`, status: 'valid' };
}
