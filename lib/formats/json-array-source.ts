/**
 * A JSON file holding one array of records, streamed with stream-json (tokenizer and
 * `streamArray`), so a file far larger than memory is read one element at a time.
 *
 * The tokenizer is fed one line at a time: the tokens of a call belong to that line, so each
 * record knows the line its element starts on and a syntax error names its line, although
 * stream-json's tokens carry no positions.
 *
 * @packageDocumentation
 */

import { getManyValues, isMany, none } from 'stream-chain/defs.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import { streamArray } from 'stream-json/core/streamers/stream-array.js';
import { InputError } from '../core/errors.js';
import { describeJsonValue } from './ndjson-source.js';
import { isJsonObject } from '../core/json-object.js';
import { TextSource } from './text-source.js';

const TOKEN_DESCRIPTIONS: Partial<Record<Token['name'], string>> = {
  startObject: 'an object (for one object a line, read it as NDJSON)',
  stringValue: 'a string',
  numberValue: 'a number',
  nullValue: 'null',
  trueValue: 'a boolean',
  falseValue: 'a boolean',
};

function tokensOf<T>(result: T | { values: T[] } | typeof none): readonly T[] {
  if (result === none) return [];
  return isMany(result) ? getManyValues(result as Parameters<typeof getManyValues<T>>[0]) : [result as T];
}

/** See the module description. */
export class JsonArraySource extends TextSource {
  readonly #tokenize = jsonParser({ packValues: true, streamValues: false });
  readonly #consume = streamArray();
  #started = false;
  #depth = 0;
  #elementLine = 1;
  #elementChars = 0;
  /** Elements (and the array itself) begun so far. */
  #elementStarts = 0;
  protected readonly onPiece = (text: string, start: number, _end: number, next: number, line: number): void => {
    this.#feed(text.slice(start, next), line);
  };

  end(): void {
    const nextLine = this.endText();
    this.#feed(none, nextLine);
  }

  /**
   * Tokenizes a piece, then bounds the element being read: the characters of the pieces fed
   * since an element last started (the piece it started in is not counted, as where in it the
   * element began is unknown). So memory stays within `maxRecordSize` plus one piece whatever
   * the element is, an object or a huge scalar, and minified arrays of small records, which come
   * in long pieces holding many elements, are never refused.
   */
  #feed(piece: string | typeof none, line: number): void {
    const startsBefore = this.#elementStarts;
    let tokens: readonly Token[];
    try {
      tokens = tokensOf(this.#tokenize(piece as string));
    } catch (error) {
      throw this.#syntaxError(error, line, piece === none);
    }
    for (const token of tokens) this.#onToken(token, line);
    if (piece === none) return;
    this.#elementChars = this.#elementStarts === startsBefore ? this.#elementChars + piece.length : 0;
    if (this.#elementChars > this.options.maxRecordSize) {
      const reason = `the record is longer than maxRecordSize (${this.options.maxRecordSize} characters)`;
      throw this.#error(this.#elementLine, reason, this.assembler.recordsSeen + 1);
    }
  }

  #onToken(token: Token, line: number): void {
    if (!this.#started) {
      this.#started = true;
      this.#elementStarts++;
      if (token.name !== 'startArray') {
        throw this.#error(line, `the file must hold one JSON array of records ([{...}, ...]) but it starts with ${TOKEN_DESCRIPTIONS[token.name] ?? 'something else'}`);
      }
    } else if (this.#depth === 1 && token.name !== 'endArray') {
      this.#elementLine = line;
      this.#elementStarts++;
    }
    if (token.name === 'startObject' || token.name === 'startArray') this.#depth++;
    else if (token.name === 'endObject' || token.name === 'endArray') this.#depth--;
    for (const item of tokensOf(this.#consume(token))) {
      if (!isJsonObject(item.value)) {
        const reason = `array element ${item.key + 1} is ${describeJsonValue(item.value)}; every element must be an object (a record)`;
        throw this.#error(this.#elementLine, reason, item.key + 1);
      }
      this.assembler.acceptObject(item.value, this.#elementLine);
    }
  }

  #syntaxError(error: unknown, line: number, atEnd: boolean): InputError {
    const message = (error instanceof Error ? error.message : String(error)).replace(/^Parser (cannot parse input: )?/, '');
    let reason = `the file is not valid JSON (${message})`;
    if (!this.#started && atEnd) return new InputError({ file: this.options.fileName, line: 1, reason: 'the file is empty', cause: error });
    else if (atEnd) reason = 'the file ends before the JSON array is closed';
    else if (this.#started && this.#depth === 0) reason = 'unexpected text after the end of the JSON array';
    return new InputError({ file: this.options.fileName, line, reason, cause: error });
  }

  #error(line: number, reason: string, record?: number): InputError {
    return new InputError({ file: this.options.fileName, line, record, reason });
  }
}
