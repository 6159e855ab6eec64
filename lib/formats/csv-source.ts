/**
 * CSV parsing with csv-parse, rows as arrays (no `columns: true`: the assembler builds records
 * with keys it computed once), each row numbered with the input line it starts on.
 *
 * csv-parse's `Parser` is used as an engine, never as a stream: its `_transform` and `_flush`
 * run synchronously and every row reaches our `push` while `parser.info` still describes that
 * row, so the line of a record costs two integer reads. csv-parse counts a CRLF inside a quoted
 * field as two lines, so a row that spans lines is recounted here, and the excess is kept so
 * that later one-line rows stay on the two-reads path.
 *
 * csv-parse errors become {@link InputError}s naming the file, line, column and reason, with
 * the `CsvError` as `cause`.
 *
 * @packageDocumentation
 */

import { CsvError, Parser } from 'csv-parse';
import { InputError } from '../core/errors.js';
import type { ResolvedReadOptions } from './read-options.js';
import type { RecordAssembler } from './record-assembler.js';

/** A format parser behind a reader: bytes in, rows or objects to the assembler. */
export interface RecordSource {
  write(bytes: Buffer): void;
  end(): void;
}

/** What a source learns from the input guard once the first bytes arrive. */
export interface SourceGuard {
  readonly encoding: 'utf8' | 'utf16le';
  /** The length of the byte-order mark skipped. */
  readonly markLength: number;
}

class CsvEngine extends Parser {
  onRow: (row: string[]) => void = () => undefined;

  override push(chunk: unknown): boolean {
    if (chunk !== null) this.onRow(chunk as string[]);
    return true;
  }
}

function countLineBreaks(row: readonly string[]): number {
  let count = 0;
  for (const field of row) {
    for (let index = 0; index < field.length; index++) {
      const code = field.charCodeAt(index);
      if (code === 0x0a || (code === 0x0d && field.charCodeAt(index + 1) !== 0x0a)) count++;
    }
  }
  return count;
}

/** See the module description. */
export class CsvSource implements RecordSource {
  readonly #options: ResolvedReadOptions;
  readonly #assembler: RecordAssembler;
  readonly #guard: SourceGuard;
  #markLength = 0;
  #engine: CsvEngine | undefined;
  #lastEnd = 0;
  #emptyLines = 0;
  #overcount = 0;
  #rows = 0;
  #endsWithBreak = false;
  // The dialect's quirks, read once: the record path tests plain booleans.
  readonly #commentsOn: boolean;
  readonly #skipsLines: boolean;
  readonly #dropsLastField: boolean;

  /**
   * @param guard - read when the first bytes arrive: its encoding (a byte-order mark may have
   *   changed it) and the length of the mark it skipped
   */
  constructor(options: ResolvedReadOptions, assembler: RecordAssembler, guard: SourceGuard) {
    this.#options = options;
    this.#assembler = assembler;
    this.#guard = guard;
    this.#commentsOn = (options.dialect?.comment ?? '') !== '';
    this.#skipsLines = (options.dialect?.skipLines ?? 0) > 0;
    this.#dropsLastField = options.dialect?.trailingDelimiter === true;
  }

  write(bytes: Buffer): void {
    const engine = (this.#engine ??= this.#createEngine());
    let failure: Error | null | undefined;
    engine._transform(bytes, 'utf8', (error) => (failure = error));
    const last = bytes.length - (this.#guard.encoding === 'utf16le' ? 2 : 1);
    if (last >= 0) this.#endsWithBreak = bytes[last] === 0x0a || bytes[last] === 0x0d;
    if (failure) throw this.#toInputError(failure);
  }

  end(): void {
    const engine = this.#engine;
    if (engine !== undefined) {
      let failure: Error | null | undefined;
      engine._flush((error) => (failure = error));
      if (failure) throw this.#toInputError(failure);
    }
    // csv-parse counts the end of a file that ends with a line break as one more empty line.
    const emptyLines = (engine?.info.empty_lines ?? 0) - (this.#endsWithBreak ? 1 : 0);
    if (emptyLines > 0 && this.#rows > 0) this.#assembler.onNote(`${emptyLines} blank line${emptyLines === 1 ? ' was' : 's were'} skipped`);
    if (this.#rows === 0) {
      const reason = this.#options.header ? 'the file is empty: there is no header row' : 'the file is empty';
      throw new InputError({ file: this.#options.fileName, line: 1, reason });
    }
  }

  #createEngine(): CsvEngine {
    const dialect = this.#options.dialect;
    const engine = new CsvEngine({
      ...(dialect === undefined
        ? {}
        : {
            quote: dialect.quote === '' ? false : dialect.quote,
            relax_quotes: dialect.bareQuotes,
            ltrim: dialect.trimSpaces,
            rtrim: dialect.trimSpaces,
            ...(dialect.comment === '' ? {} : { comment: dialect.comment, comment_no_infix: true }),
            ...(dialect.skipLines === 0 ? {} : { from_line: dialect.skipLines + 1 }),
          }),
      delimiter: this.#options.delimiter,
      encoding: this.#guard.encoding,
      bom: false,
      // All three line endings, even mixed in one file. csv-parse would otherwise keep the first
      // kind it sees, and a file whose endings change further on would keep a CR in its last
      // field or run two lines into one; checking three delimiters costs it about 8%.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: this.#options.maxRecordSize,
    });
    this.#markLength = this.#guard.markLength;
    engine.onRow = (row) => this.#onRow(engine, row);
    return engine;
  }

  #onRow(engine: CsvEngine, row: string[]): void {
    const { lines, bytes } = engine.info;
    const emptyLines = this.#commentsOn ? this.#skippedLines(engine) : engine.info.empty_lines;
    if (this.#skipsLines && this.#rows === 0 && this.#lastEnd === 0) {
      // Lines skipped before the first row (a title, `sep=`) are not rows: start counting there.
      this.#lastEnd = lines - this.#overcount - countLineBreaks(row) - 1;
      this.#emptyLines = emptyLines;
    }
    const start = this.#lastEnd + 1 + emptyLines - this.#emptyLines;
    let end = lines - this.#overcount;
    if (end !== start) {
      const actual = start + countLineBreaks(row);
      this.#overcount += end - actual;
      end = actual;
    }
    this.#lastEnd = end;
    this.#emptyLines = emptyLines;
    this.#rows++;
    if (this.#dropsLastField && row.length > 1 && row[row.length - 1] === '') row.pop();
    const assembler = this.#assembler;
    if (!assembler.planned) {
      if (this.#options.header) {
        assembler.plan(row, start);
        return;
      }
      assembler.plan(this.#options.declared.names ? undefined : row.map((_, index) => `column_${index + 1}`), start);
    }
    assembler.acceptRow(row, start, this.#markLength + bytes);
  }

  /** Lines csv-parse passed over without a row: empty lines, and comment lines when comments are on. */
  #skippedLines(engine: CsvEngine): number {
    const { empty_lines: emptyLines, comment_lines: commentLines } = engine.info;
    return this.#commentsOn ? emptyLines + commentLines : emptyLines;
  }

  /** The line the row being parsed starts on. */
  #currentRecordLine(): number {
    const emptyLines = this.#engine === undefined ? this.#emptyLines : this.#skippedLines(this.#engine);
    return this.#lastEnd + 1 + emptyLines - this.#emptyLines;
  }

  #toInputError(error: Error): InputError {
    if (error instanceof InputError) return error;
    const file = this.#options.fileName;
    const line = this.#currentRecordLine();
    const assembler = this.#assembler;
    const record = assembler.planned || !this.#options.header ? assembler.recordsSeen + 1 : undefined;
    if (!(error instanceof CsvError)) return new InputError({ file, line, reason: `cannot be parsed: ${error.message}`, cause: error });
    const details = error as CsvError & { lines?: number; column?: number | string };
    const index = typeof details.column === 'number' ? details.column : undefined;
    const column = index === undefined ? undefined : (assembler.headerMap?.[index]?.header ?? index + 1);
    const errorLine = typeof details.lines === 'number' ? details.lines - this.#overcount : line;
    switch (error.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return new InputError({ file, line, record, cause: error, reason: 'unclosed quote: the quoted field that starts in this record is never closed' });
      case 'CSV_MAX_RECORD_SIZE':
        return new InputError({ file, line, record, cause: error, reason: `the record is longer than maxRecordSize (${this.#options.maxRecordSize} characters)` });
      case 'CSV_INVALID_CLOSING_QUOTE':
        return new InputError({ file, line: errorLine, record, column, cause: error, reason: 'a closing quote must be followed by the delimiter or the end of the line' });
      case 'INVALID_OPENING_QUOTE':
        return new InputError({ file, line: errorLine, record, column, cause: error, reason: 'a quote inside an unquoted field: quote the whole field and double its quotes ("")' });
      default:
        return new InputError({ file, line: errorLine, record, column, cause: error, reason: error.message });
    }
  }
}
