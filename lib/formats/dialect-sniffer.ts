/**
 * Works out how a delimited text file is written from a sample of its text: the delimiter
 * (`,` `;` tab `|`), whether quoting is used, lines before the header (title lines, Excel's
 * `sep=` line, `#` comments), whether the first row is a header, and the quirks a person reads
 * through (bare quotes in unquoted fields, a delimiter at the end of every line, spaces around
 * quoted fields). Pure: text in, a decision (or an {@link InputError}) out.
 *
 * The way DuckDB's sniffer decides: every candidate delimiter splits the sample (quote-aware)
 * and the one whose rows have one consistent field count, over the most lines, with the fewest
 * lines skipped, wins. Where DuckDB then picks silently (a one-column file whose values hold
 * `;`, a header row that looks like data, rows that fit another delimiter), this stops and
 * names the option that decides.
 *
 * @packageDocumentation
 */

import { InputError, type OptionFix } from '../core/errors.js';

/** The delimiters tried, comma first: a file with no clue in it is comma-separated. */
export const CANDIDATE_DELIMITERS: readonly string[] = [',', ';', '\t', '|'];

/** What the caller fixed; the sniffer decides the rest. */
export interface FixedDialect {
  readonly delimiter?: string | undefined;
  /** The quote character, or `''` for none. */
  readonly quote?: string | undefined;
  readonly header?: boolean | undefined;
  /** Lines to skip before the header (or the first record). */
  readonly skipLines?: number | undefined;
  /** A character that starts a comment line. */
  readonly comment?: string | undefined;
  /** The delimiter the file's extension implies (tab for `.tsv`): chosen on a tie. */
  readonly preferred?: string | undefined;
}

/** How the file is written, as decided. */
export interface Dialect {
  readonly delimiter: string;
  /** `''` when quoting is off. */
  readonly quote: string;
  readonly header: boolean;
  /** Physical lines skipped before the header or first record. */
  readonly skipLines: number;
  /** The comment character, or `''`. */
  readonly comment: string;
  /** Quotes inside unquoted fields are kept as text. */
  readonly bareQuotes: boolean;
  /** Every line ends with a delimiter: the empty last field is dropped. */
  readonly trailingDelimiter: boolean;
  /** Spaces around quoted fields are trimmed. */
  readonly trimSpaces: boolean;
}

/** A decision and what was decided for the user, to be said once. */
export interface DialectDecision {
  readonly dialect: Dialect;
  /** One sentence per decision a person should hear about. */
  readonly notes: readonly string[];
}


interface Row {
  readonly fields: string[];
  /** 0-based line the row starts on. */
  readonly line: number;
  /** Physical lines the row spans (more than one when a quoted field holds a line break). */
  readonly lines: number;
  /** Quote characters inside unquoted fields. */
  readonly bareQuote: boolean;
  /** A space between a delimiter and an opening quote, or after a closing quote. */
  readonly spacedQuote: boolean;
}

const NAMES: Readonly<Record<string, string>> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** How a delimiter is named to a person. */
export function describeDelimiter(delimiter: string): string {
  const name = NAMES[delimiter];
  return name === undefined ? JSON.stringify(delimiter) : `${name} (${JSON.stringify(delimiter)})`;
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/**
 * Splits whole lines into rows the way csv-parse does (a quote opens a field only at its start,
 * `""` inside quotes is one quote, a quoted field may span lines). An unclosed quote at the end
 * of the sample ends the sample.
 */
function parseRows(lines: readonly string[], from: number, delimiter: string, quote: string, comment: string): Row[] {
  const rows: Row[] = [];
  let line = from;
  while (line < lines.length) {
    const first = lines[line] ?? '';
    if (first === '' || (comment !== '' && first.startsWith(comment))) {
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    let field = '';
    let bareQuote = false;
    let spacedQuote = false;
    let text = first;
    let index = 0;
    let complete = true;
    for (;;) {
      // At the start of a field.
      let lead = index;
      while (text[lead] === ' ') lead++;
      if (quote !== '' && text[lead] === quote) {
        if (lead > index) spacedQuote = true;
        index = lead + 1;
        field = '';
        for (;;) {
          const close = text.indexOf(quote, index);
          if (close === -1) {
            field += text.slice(index);
            line++;
            if (line >= lines.length) {
              complete = false;
              break;
            }
            field += '\n';
            text = lines[line] ?? '';
            index = 0;
            continue;
          }
          field += text.slice(index, close);
          if (text[close + 1] === quote) {
            field += quote;
            index = close + 2;
            continue;
          }
          index = close + 1;
          break;
        }
        if (!complete) break;
        let after = index;
        while (text[after] === ' ') after++;
        if (after > index && (after === text.length || text[after] === delimiter)) spacedQuote = true;
        const next = text.indexOf(delimiter, index);
        // Text after the closing quote (`"a"b`): kept, as a bare quote would be.
        field += next === -1 ? text.slice(after) : text.slice(after, next);
        fields.push(field);
        if (next === -1) break;
        index = next + 1;
      } else {
        const next = text.indexOf(delimiter, index);
        const value = next === -1 ? text.slice(index) : text.slice(index, next);
        if (quote !== '' && value.includes(quote)) bareQuote = true;
        fields.push(value);
        if (next === -1) break;
        index = next + 1;
      }
    }
    if (!complete) break;
    rows.push({ fields, line: start, lines: line - start + 1, bareQuote, spacedQuote });
    line++;
  }
  return rows;
}

interface Candidate {
  readonly delimiter: string;
  readonly rows: Row[];
  /** Index (in rows) of the header or first record. */
  readonly start: number;
  readonly width: number;
  /**
   * Physical lines of the rows from `start` with `width` fields. Lines, not rows: a delimiter
   * that breaks quoted fields holding line breaks apart makes more rows of the same lines.
   */
  readonly consistent: number;
  /** Rows from `start` with another count. */
  readonly ragged: Row[];
}

function nonEmpty(row: Row): number {
  let count = 0;
  for (const field of row.fields) if (field.trim() !== '') count++;
  return count;
}

/** The most frequent field count, the larger on a tie. */
function modalWidth(rows: readonly Row[]): number {
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.fields.length, (counts.get(row.fields.length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [width, count] of counts) {
    if (count > bestCount || (count === bestCount && width > best)) {
      best = width;
      bestCount = count;
    }
  }
  return best;
}

/** Lines before the table: rows at the top that hold at most one value, or another field count. */
const MAX_PREAMBLE_ROWS = 20;

function evaluate(delimiter: string, rows: Row[], findPreamble: boolean): Candidate {
  const body = rows.length > 2 ? rows.slice(Math.min(rows.length - 1, 1)) : rows;
  const width = modalWidth(body);
  let start = 0;
  if (findPreamble && width > 1) {
    // Title lines: fewer fields than the table, or a single value above a row of several.
    while (start < rows.length - 1 && start < MAX_PREAMBLE_ROWS) {
      const row = rows[start] as Row;
      const next = rows[start + 1] as Row;
      // A header that merely lacks a field is not a title: that stays an error of the file.
      const title = nonEmpty(row) <= 1 && (row.fields.length !== width || nonEmpty(next) > 1);
      if (!title) break;
      start++;
    }
  }
  const ragged: Row[] = [];
  let consistent = 0;
  for (let index = start; index < rows.length; index++) {
    const row = rows[index] as Row;
    if (row.fields.length === width) consistent += row.lines;
    else ragged.push(row);
  }
  return { delimiter, rows, start, width, consistent, ragged };
}

function better(a: Candidate, b: Candidate, preferred: string): boolean {
  if (a.width > 1 !== b.width > 1) return a.width > 1;
  const aFits = a.ragged.length === 0;
  const bFits = b.ragged.length === 0;
  if (aFits !== bFits) return aFits;
  if (a.consistent !== b.consistent) return a.consistent > b.consistent;
  if (a.start !== b.start) return a.start < b.start;
  if (a.delimiter === preferred || b.delimiter === preferred) return a.delimiter === preferred;
  return a.width > b.width;
}

const NUMBER = /^[-+]?(\d{1,3}([,. ]\d{3})*|\d+)([.,]\d+)?%?$/;
const DATE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?)?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[\d ()-]{7,}$/;

function kindOf(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (EMAIL.test(text)) return 'email';
  if (DATE.test(text)) return 'date';
  if (NUMBER.test(text)) return 'number';
  if (PHONE.test(text)) return 'phone';
  return 'text';
}

/**
 * Whether the first row reads as data rather than names: it holds an email address, or every
 * column whose sampled values are all numbers, dates or phone numbers has one in the first row
 * too. Columns of plain text cannot tell (as for DuckDB, a header is then assumed).
 */
function firstRowLooksLikeData(first: Row, rest: readonly Row[]): boolean {
  if (first.fields.some((field) => kindOf(field) === 'email')) return true;
  if (rest.length === 0) return false;
  let typedColumns = 0;
  for (let column = 0; column < first.fields.length; column++) {
    let kind: string | undefined;
    let mixed = false;
    for (const row of rest) {
      const found = kindOf(row.fields[column] ?? '');
      if (found === undefined) continue;
      if (kind === undefined) kind = found;
      else if (kind !== found) mixed = true;
    }
    if (kind === undefined || kind === 'text' || mixed) continue;
    typedColumns++;
    if (kindOf(first.fields[column] ?? '') !== kind) return false;
  }
  return typedColumns > 0;
}

function unsure(file: string, line: number | undefined, reason: string, fixes: readonly OptionFix[]): InputError {
  return new InputError({ file, line, reason, fixes });
}

/**
 * Decides the dialect of a delimited text file from `sample` (whole lines, or the whole text
 * when `ended`), keeping every part the caller fixed.
 *
 * @throws {@link InputError} (with `fixes` naming the deciding options) when the sample leaves
 *   the delimiter or the header in doubt.
 */
export function sniffDialect(sample: string, fixed: FixedDialect, file: string, ended: boolean): DialectDecision {
  const notes: string[] = [];
  let lines = splitLines(sample);
  // Only whole lines tell: the last one may be cut off by the end of the sample.
  if (!ended && lines.length > 1) lines = lines.slice(0, -1);
  const quote = fixed.quote ?? '"';
  let delimiter = fixed.delimiter;
  let skip = fixed.skipLines ?? 0;
  const sepLine = /^sep=(.)\s*$/i.exec(lines[skip] ?? '');
  if (sepLine !== null && fixed.skipLines === undefined) {
    const named = sepLine[1] as string;
    if (delimiter === undefined) delimiter = named;
    skip++;
    notes.push(`line 1 is Excel's "sep=${named}" line: the delimiter is ${describeDelimiter(named)} and the line is skipped`);
  }
  let comment = fixed.comment ?? '';
  if (fixed.comment === undefined) {
    const commented = lines.slice(skip).filter((line) => line.startsWith('#'));
    // Only where the other lines have several fields can a "#" line stand out as no record: in a
    // one-column file "#12" is a value like any other, and dropping it would lose a record.
    const severalFields = lines.slice(skip).some((line) => !line.startsWith('#') && /[,;\t|]/.test(line));
    if (commented.length > 0 && severalFields && commented.every((line) => !/[,;\t|]/.test(line.slice(1)) || /^#\s/.test(line))) {
      comment = '#';
      notes.push(`lines starting with "#" are comments and skipped (${commented.length} in the first ${lines.length} lines)`);
    }
  }
  const findPreamble = fixed.skipLines === undefined;
  const candidates = (delimiter === undefined ? CANDIDATE_DELIMITERS : [delimiter]).map((each) => evaluate(each, parseRows(lines, skip, each, quote, comment), findPreamble));
  const preferred = fixed.preferred ?? ',';
  let best = candidates[0] as Candidate;
  for (const candidate of candidates.slice(1)) if (better(candidate, best, preferred)) best = candidate;
  const chosen = best.delimiter;

  if (delimiter === undefined) {
    if (best.width <= 1 && best.rows.length > 0) {
      // One column: fine unless another candidate splits its first row, or most of its rows.
      const splitting = candidates.find((each) => {
        const split = each.rows.filter((row) => row.fields.length > 1).length;
        return each !== best && ((each.rows[0]?.fields.length ?? 0) > 1 || split * 2 > each.rows.length);
      });
      if (splitting !== undefined) {
        throw unsure(
          file,
          (best.rows[0]?.line ?? 0) + 1,
          `cannot tell the delimiter: no candidate splits every line into the same number of fields, and read as one column the values hold ${describeDelimiter(splitting.delimiter)}; pass the delimiter`,
          [{ option: 'delimiter', value: splitting.delimiter }],
        );
      }
    }
    if (best.ragged.length > 0 && chosen !== preferred) {
      // Another delimiter than the usual one counts only when it splits every line alike.
      const row = best.ragged[0] as Row;
      throw unsure(
        file,
        row.line + 1,
        `cannot tell the delimiter: by ${describeDelimiter(chosen)} this line has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'} where the others have ${best.width}, and no delimiter splits every line alike; pass the delimiter`,
        [{ option: 'delimiter', value: chosen }, { option: 'delimiter', value: preferred }],
      );
    }
    const rival = candidates.find((each) => each !== best && each.width > 1 && each.ragged.length === 0 && each.consistent === best.consistent && each.start === best.start);
    if (rival !== undefined && best.ragged.length === 0) {
      if (chosen !== preferred) {
        throw unsure(
          file,
          (best.rows[best.start]?.line ?? 0) + 1,
          `cannot tell the delimiter: both ${describeDelimiter(chosen)} and ${describeDelimiter(rival.delimiter)} split every line alike (into ${best.width} and ${rival.width} fields); pass the delimiter`,
          [{ option: 'delimiter', value: chosen }, { option: 'delimiter', value: rival.delimiter }],
        );
      }
      notes.push(`${describeDelimiter(rival.delimiter)} also splits every line alike (into ${rival.width} fields); ${describeDelimiter(chosen)} is taken, as usual: pass the delimiter if the file uses the other`);
    }
    if (chosen !== preferred && best.width > 1) notes.push(`the delimiter is ${describeDelimiter(chosen)} (${best.width} columns on every line of the sample)`);
  }

  const skippedRows = best.start;
  const firstRow = best.rows[skippedRows];
  const skipLines = skip + (firstRow === undefined || skippedRows === 0 ? 0 : firstRow.line - skip);
  if (skippedRows > 0 && firstRow !== undefined) {
    const lineCount = firstRow.line - skip;
    const where = lineCount === 1 ? `line ${skip + 1}` : `lines ${skip + 1}-${firstRow.line}`;
    notes.push(`${lineCount} line${lineCount === 1 ? '' : 's'} before the header ${lineCount === 1 ? 'is' : 'are'} skipped (a title or notes above the table; ${where})`);
  }

  const table = best.rows.slice(skippedRows);
  const header = fixed.header ?? true;
  if (fixed.header === undefined && firstRow !== undefined && firstRowLooksLikeData(firstRow, table.slice(1))) {
    throw unsure(
      file,
      firstRow.line + 1,
      `the first row looks like data, not column names (${firstRow.fields.slice(0, 3).map((field) => JSON.stringify(field)).join(', ')}); say whether it is a header`,
      [{ option: 'header', value: 'false' }],
    );
  }

  const trailingDelimiter = best.width > 1 && table.length > 0 && table.every((row) => row.fields.length !== best.width || row.fields[best.width - 1] === '');
  if (trailingDelimiter) notes.push(`every line ends with ${describeDelimiter(chosen)}: the empty last column is dropped`);
  const bareQuoteRow = quote === '' ? undefined : table.find((row) => row.bareQuote);
  if (bareQuoteRow !== undefined) notes.push(`quotes inside unquoted fields are kept as text (first on line ${bareQuoteRow.line + 1}), as Excel reads them`);
  const trimSpaces = table.some((row) => row.spacedQuote);
  if (trimSpaces) notes.push('spaces around quoted fields are trimmed');

  return {
    dialect: {
      delimiter: chosen,
      quote,
      header,
      skipLines,
      comment,
      bareQuotes: bareQuoteRow !== undefined,
      trailingDelimiter,
      trimSpaces,
    },
    notes,
  };
}
