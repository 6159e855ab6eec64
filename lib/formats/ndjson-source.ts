/**
 * NDJSON (JSON Lines): one JSON object a line. Blank lines are skipped, so an empty file holds
 * zero records (NDJSON has no header whose absence would show a broken file). Every line is
 * numbered (LF, CRLF or a lone CR ends it), so a broken line is an {@link InputError} naming it.
 *
 * The lines are split and parsed here rather than by stream-chain's JSONL parser, which
 * replaces invalid UTF-8 silently, drops line numbers and leaves a lone CR inside a line.
 *
 * @packageDocumentation
 */

import { InputError } from '../core/errors.js';
import { TextSource } from './text-source.js';
import { isJsonObject } from '../core/json-object.js';

/** The parsed value, or the `SyntaxError` (JSON never parses to an Error). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return error instanceof Error ? error : new SyntaxError(String(error));
  }
}

/** How a parsed JSON value is described when it is not a record. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** See the module description. */
export class NdjsonSource extends TextSource {
  #partial = '';
  protected readonly onPiece = (text: string, start: number, end: number, _next: number, line: number, endsLine: boolean): void => {
    if (!endsLine) {
      this.#partial += text.slice(start, end);
      if (this.#partial.length > this.options.maxRecordSize) this.#tooLong(line);
      return;
    }
    const content = this.#partial === '' ? text.slice(start, end) : this.#partial + text.slice(start, end);
    this.#partial = '';
    this.#parseLine(content, line);
  };

  end(): void {
    const nextLine = this.endText();
    if (this.#partial !== '') this.#parseLine(this.#partial, nextLine);
    this.#partial = '';
  }

  #parseLine(content: string, line: number): void {
    if (content.length > this.options.maxRecordSize) this.#tooLong(line);
    if (content.trim() === '') return;
    const file = this.options.fileName;
    const record = this.assembler.recordsSeen + 1;
    const parsed = parseJson(content);
    if (parsed instanceof Error) throw new InputError({ file, line, record, reason: `the line is not valid JSON (${parsed.message})`, cause: parsed });
    if (!isJsonObject(parsed)) {
      throw new InputError({ file, line, record, reason: `the line holds ${describeJsonValue(parsed)}; each line must hold one JSON object (a record)` });
    }
    this.assembler.acceptObject(parsed, line);
  }

  #tooLong(line: number): never {
    throw new InputError({ file: this.options.fileName, line, reason: `the line is longer than maxRecordSize (${this.options.maxRecordSize} characters)` });
  }
}
