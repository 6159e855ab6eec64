/**
 * Parsers for option values. Each throws commander's InvalidArgumentError, so a bad value is
 * reported like any other usage error (exit code 2) with the option's name.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError, Option } from 'commander';
import { COLUMN_TYPE_NAMES, type ColumnTypeName } from '../formats/column-types.js';
import { PROGRESS_MODES } from './progress/renderer.js';
import { UsageError } from './report-error.js';

/** `--param key=value`, repeatable: collects into one object; a repeated key is an error. */
export function keyValue(value: string, previous: Readonly<Record<string, string>> = {}): Record<string, string> {
  const separator = value.indexOf('=');
  if (separator <= 0) throw new InvalidArgumentError(`expected key=value, got "${value}"`);
  const key = value.slice(0, separator).trim();
  if (key === '') throw new InvalidArgumentError(`expected key=value, got "${value}"`);
  if (Object.hasOwn(previous, key)) throw new InvalidArgumentError(`"${key}" is given twice`);
  return { ...previous, [key]: value.slice(separator + 1) };
}

/** `--type column=Type`, repeatable: the type name in any case (`age=integer`). */
export function columnType(value: string, previous: Readonly<Record<string, ColumnTypeName>> = {}): Record<string, ColumnTypeName> {
  const pair = keyValue(value, previous);
  const column = value.slice(0, value.indexOf('=')).trim();
  const typeName = COLUMN_TYPE_NAMES.find((name) => name.toLowerCase() === pair[column]?.trim().toLowerCase());
  if (typeName === undefined) throw new InvalidArgumentError(`the type of "${column}" must be one of ${COLUMN_TYPE_NAMES.join(', ')}`);
  return { ...previous, [column]: typeName };
}

/** A repeatable option collected into an array, in the order given. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** A whole number ≥ `min`. */
export function integerAtLeast(min: number): (value: string) => number {
  return (value: string): number => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isInteger(number) || number < min) {
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got "${value}"`);
    }
    return number;
  };
}

/** A whole number in [min, max]. */
export function integerFrom(min: number, max: number): (value: string) => number {
  return (value: string): number => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}"`);
    }
    return number;
  };
}

/** A positive number of seconds, returned in milliseconds. */
export function seconds(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError(`expected a number of seconds > 0, got "${value}"`);
  }
  return number * 1000;
}

/** An ISO 8601 date or date-time, returned as given after checking it parses. */
export function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError(`expected an ISO 8601 date such as 2025-01-31 or 2025-01-31T12:00:00Z, got "${value}"`);
  }
  return value;
}

/** `--progress <mode>`: how progress is shown (bars on a terminal, lines in logs, JSON lines, none). */
export function progressOption(): Option {
  return new Option('--progress <mode>', 'how to show progress: auto (bars on a terminal, one line per phase otherwise), bars, lines, json (JSON lines on stderr) or none')
    .choices(PROGRESS_MODES)
    .default('auto');
}

/** The record file formats the command reads and writes. */
export const RECORD_FORMATS = ['csv', 'tsv', 'ndjson', 'json'] as const;

/** A `--format`-style option limited to {@link RECORD_FORMATS}; `description` says its default. */
export function formatOption(flags: string, description: string): Option {
  return new Option(flags, description).choices(RECORD_FORMATS);
}

/**
 * The old `-f, --format`, which meant the output in one command and the input in another: gone,
 * so that `--input-format` and `--output-format` mean the same everywhere. An old command line
 * gets a usage error (exit 2) naming the flag that replaces it, rather than a silent guess.
 */
export function removedFormatOption(command: string, replacement: '--input-format' | '--output-format'): Option {
  const meaning = replacement === '--input-format' ? 'the format of the file read' : 'the format of what is written';
  return new Option('-f, --format <format>').hideHelp().argParser((): never => {
    throw new UsageError(`${command}: --format is now ${replacement} (${meaning}); --input-format and --output-format mean the same in every command`);
  });
}
