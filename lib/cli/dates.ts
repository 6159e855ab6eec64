/**
 * Expiry dates as people write them on the command line: a date (`2027-12-31`) or a date-time
 * with its offset (`2027-12-31T18:00:00Z`, `2027-12-31T18:00+01:00`), sent to the service as
 * the UTC date-time it requires.
 *
 * A date alone means the END of that day in UTC (23:59:59Z): "expires 2027-12-31" is read as
 * "works through 31 December". The AWS CLI reads a bare date as the start of the day; for an
 * expiry that would cut a day short, and the help says which instant is meant.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError } from 'commander';

/** The help text's account of what an expiry may be. */
export const EXPIRY_HELP = 'a date (2027-12-31: the end of that day, 23:59:59 UTC) or a date-time with its offset (2027-12-31T18:00:00Z)';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Parses an expiry flag's value into the UTC date-time the service takes (commander argument parser). */
export function expiryInstant(value: string): string {
  const text = value.trim();
  const date = DATE.exec(text) ?? DATE_TIME.exec(text);
  if (date === null) {
    const hint = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(text) ? ' (a date-time needs its offset: add Z for UTC)' : '';
    throw new InvalidArgumentError(`expected ${EXPIRY_HELP}, got "${value}"${hint}`);
  }
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
    throw new InvalidArgumentError(`"${value}" is not a date in the calendar`);
  }
  if (DATE.test(text)) return `${text}T23:59:59Z`;
  const instant = Date.parse(text);
  if (Number.isNaN(instant)) throw new InvalidArgumentError(`expected ${EXPIRY_HELP}, got "${value}"`);
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}
