/**
 * The reader's options on the command line, the same for every command that reads a file
 * (`cleanse`, `datasets upload`, `datagroup append`): the flags, their translation into
 * `readRecords` options, and the library's option names in an error turned back into flags.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { InputError, OptionFix } from '../core/errors.js';
import { describeFixes } from '../core/option-fixes.js';
import type { ColumnTypeInput } from '../formats/column-types.js';
import type { NestedMode, ReadNote, ReadRecordsOptions } from '../formats/read-options.js';
import { integerAtLeast } from './arguments.js';
import { FLAG_FOR_OPTION } from './vocabulary.js';

/** The reader flags as commander parses them. */
export interface ReaderFlags {
  readonly delimiter?: string | undefined;
  readonly quote?: string | undefined;
  readonly encoding?: string | undefined;
  /** `false` with `--no-header`; `null` when not given (commander would say `true`). */
  readonly header?: boolean | null | undefined;
  readonly columns?: readonly string[] | undefined;
  readonly skipLines?: number | undefined;
  readonly comment?: string | undefined;
  readonly maxRecordSize?: number | undefined;
  readonly rename?: Readonly<Record<string, string>> | undefined;
  readonly nested?: NestedMode | undefined;
}

/** The `readRecords` options the reader flags set. */
export type ReaderOptions = Pick<ReadRecordsOptions, 'delimiter' | 'quote' | 'encoding' | 'header' | 'columns' | 'skipLines' | 'comment' | 'maxRecordSize' | 'rename' | 'nested'>;

const DELIMITER_NAMES: Readonly<Record<string, string>> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|', space: ' ' };

/** `--delimiter`: one character, or a name (`tab`, `\t`, `comma`, `semicolon`, `pipe`). */
export function delimiterArgument(value: string): string {
  const delimiter = DELIMITER_NAMES[value.toLowerCase()] ?? value;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new InvalidArgumentError(`expected one character (or tab, comma, semicolon, pipe), got "${value}"`);
  }
  return delimiter;
}

function quoteArgument(value: string): string {
  if (value === 'none' || value === '') return '';
  if (value.length !== 1) throw new InvalidArgumentError(`expected one character, or none, got "${value}"`);
  return value;
}

function columnsArgument(value: string): string[] {
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) throw new InvalidArgumentError(`expected names separated by commas, got "${value}"`);
  return names;
}

/** `--rename 'E-mail=email'`, repeatable; the header may itself hold `=` (the last one splits). */
function renameArgument(value: string, previous: Readonly<Record<string, string>> = {}): Record<string, string> {
  const separator = value.lastIndexOf('=');
  if (separator <= 0 || separator === value.length - 1) throw new InvalidArgumentError(`expected "file header=column", got "${value}"`);
  const header = value.slice(0, separator);
  if (Object.hasOwn(previous, header)) throw new InvalidArgumentError(`"${header}" is renamed twice`);
  return { ...previous, [header]: value.slice(separator + 1).trim() };
}

function singleCharacter(value: string): string {
  if (value.length !== 1) throw new InvalidArgumentError(`expected one character, got "${value}"`);
  return value;
}

/** Adds the reader flags to `command`. */
export function addReaderFlags(command: Command): Command {
  return command
    .addOption(new Option('--delimiter <char>', 'CSV delimiter: one character, or tab, comma, semicolon, pipe (default: detected among , ; tab |)').argParser(delimiterArgument))
    .addOption(new Option('--quote <char>', 'CSV quote character, or none (default: ")').argParser(quoteArgument))
    .option('--encoding <name>', 'text encoding: utf8, utf16le, utf16be, windows-1252, iso-8859-15, shift_jis... (default: detected; UTF-8 unless the bytes say otherwise)')
    .addOption(new Option('--no-header', 'the first row is a record, not column names (default: a header, unless it looks like data)').default(null, 'detected'))
    .addOption(new Option('--columns <names>', 'column names, comma-separated, for a file without a header row').argParser(columnsArgument))
    .addOption(new Option('--skip-lines <n>', 'lines to skip before the header (default: title lines and sep= are detected)').argParser(integerAtLeast(0)))
    .addOption(new Option('--comment <char>', 'lines starting with this character are comments (default: # lines are detected)').argParser(singleCharacter))
    .addOption(new Option('--max-record-size <chars>', 'the longest record (CSV) or line (NDJSON) read, in characters (default 1,048,576)').argParser(integerAtLeast(1)))
    .addOption(new Option('--rename <header=column>', "map a file header to a column name, e.g. 'E-mail=email'; repeat for each").argParser(renameArgument))
    .addOption(new Option('--nested <mode>', 'NDJSON/JSON nested objects and arrays: error, json (as JSON text) or flatten (address_city)').choices(['error', 'json', 'flatten']));
}

/** The `readRecords` options of the flags given (flags not given are left out). */
export function readerOptions(flags: ReaderFlags): ReaderOptions {
  const options: { -readonly [K in keyof ReaderOptions]: ReaderOptions[K] } = {};
  if (flags.delimiter !== undefined) options.delimiter = flags.delimiter;
  if (flags.quote !== undefined) options.quote = flags.quote;
  if (flags.encoding !== undefined) options.encoding = flags.encoding;
  if (flags.header === false) options.header = false;
  if (flags.columns !== undefined) options.columns = flags.columns;
  if (flags.skipLines !== undefined) options.skipLines = flags.skipLines;
  if (flags.comment !== undefined) options.comment = flags.comment;
  if (flags.maxRecordSize !== undefined) options.maxRecordSize = flags.maxRecordSize;
  if (flags.rename !== undefined) options.rename = flags.rename;
  if (flags.nested !== undefined) options.nested = flags.nested;
  return options;
}

/**
 * The reader options with the column types a command declares (`--type`, or a dataset's
 * columns): `--columns` names the columns of a headerless file, and with types too the names,
 * in order, carry them.
 */
export function withDeclaredTypes(read: ReaderOptions, types: Readonly<Record<string, ColumnTypeInput>> | undefined): ReaderOptions {
  const names = read.columns;
  if (!Array.isArray(names)) return types === undefined ? read : { ...read, columns: types };
  if (types === undefined) return read;
  const columns = Object.fromEntries((names as readonly string[]).map((name) => [name, types[name] ?? 'String']));
  return { ...read, columns, header: read.header ?? false };
}

/**
 * The flag of each reader option, for messages: the command line's one map, except that a
 * reader's fix about `columns` means the list of names (`--columns`), not `cleanse --type`.
 */
const FLAG_OF_OPTION: Readonly<Record<string, string>> = { ...FLAG_FOR_OPTION, columns: '--columns' };

function shellWord(value: string): string {
  if (value === '\t') return 'tab';
  return /^[\w.-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A fix as a person types it: `--delimiter ';'`, `--no-header`. */
export function describeFlag(fix: OptionFix): string {
  const flag = FLAG_OF_OPTION[fix.option];
  if (flag === undefined) return describeFixes([fix]);
  if (fix.option === 'header') return flag;
  return fix.value === undefined ? `${flag} <${fix.option === 'encoding' ? 'name' : 'value'}>` : `${flag} ${shellWord(fix.value)}`;
}

/** An input error's message with its fixes named as flags rather than library options. */
export function inCliWords(error: InputError): string {
  if (error.fixes.length === 0) return error.message;
  const library = ` (${describeFixes(error.fixes)})`;
  const cli = ` (${error.fixes.map(describeFlag).join(' or ')})`;
  return error.message.replace(library, cli);
}

/** A note as the CLI prints it on stderr. */
export function noteLine(note: ReadNote): string {
  return `${note.file}: ${note.message}`;
}
