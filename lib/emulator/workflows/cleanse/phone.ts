/**
 * Telephone numbers in E.164 (`07911 123456` → `+447911123456`), checked against
 * libphonenumber's full metadata, so a number must be a real allocated range, not just the
 * right length. Numbers without a country code are read as numbers of the default country.
 *
 * @packageDocumentation
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { FieldOutcome } from './outcome.js';

/** True when `country` is an ISO 3166-1 alpha-2 code libphonenumber knows. */
export function isPhoneCountry(country: string): country is CountryCode {
  return isSupportedCountry(country);
}

/** Formats a number in E.164; an invalid one keeps its trimmed text. */
export function cleansePhone(raw: string, defaultCountry: CountryCode): FieldOutcome {
  const value = raw.trim();
  if (value === '') return { value: '', status: 'empty' };
  const parsed = parsePhoneNumberFromString(value, defaultCountry);
  if (parsed?.isValid() !== true) return { value, status: 'invalid' };
  return { value: parsed.number, status: 'valid' };
}
