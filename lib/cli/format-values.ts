/**
 * How numbers, sizes, rates and durations read in the command's output. One place, so a
 * progress bar, a summary and a table agree.
 *
 * @packageDocumentation
 */

const integerFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimalFormat = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** `12345` → `12,345`. */
export function formatCount(value: number): string {
  return integerFormat.format(value);
}

/** `1, 'record'` → `1 record`; `2, 'record'` → `2 records`. */
export function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * `1536` → `1.5 kB`; `10_000_000` → `10.0 MB`. Decimal (SI) units: 1 MB is 1,000,000 bytes, as
 * the vendors' limits ("10 MB a batch") and disk sizes are written; binary sizes would be MiB.
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${formatCount(value)} B` : `${oneDecimalFormat.format(value)} ${units[unit] ?? ''}`;
}

/** `1234.5` → `1,235 records/s`. */
export function formatRate(recordsPerSecond: number): string {
  return `${formatCount(recordsPerSecond)} records/s`;
}

/** `83_500` → `1m 23s`; `1_250` → `1.3s`; `40` → `0.0s`. */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, milliseconds) / 1000;
  if (seconds < 60) return `${oneDecimalFormat.format(seconds)}s`;
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  return hours > 0 ? `${hours}h ${minutes}m ${rest}s` : `${minutes}m ${rest}s`;
}

/** Records per second over an elapsed time, or `undefined` before any time has passed. */
export function rateOf(records: number, elapsedMs: number): number | undefined {
  return elapsedMs > 0 ? (records * 1000) / elapsedMs : undefined;
}
