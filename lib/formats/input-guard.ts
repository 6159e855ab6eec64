/**
 * The front of every reader: skips a byte-order mark (switching to UTF-16LE on its mark), and
 * for UTF-8 checks every byte, so invalid input is an {@link InputError} naming the line
 * instead of text silently altered by replacement characters.
 *
 * It passes on only whole characters (a sequence split across chunks waits for the next one)
 * and counts line breaks (LF, CRLF and lone CR) so that an error can name its line. Both
 * checks run in native code (`buffer.isUtf8`, `Buffer#indexOf`).
 *
 * @packageDocumentation
 */

import { isUtf8 } from 'node:buffer';
import { InputError } from '../core/errors.js';

const LF = 0x0a;
const CR = 0x0d;
const EMPTY: Buffer = Buffer.alloc(0);

/** The offset of the first byte that does not start a valid UTF-8 sequence, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; ) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let length: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    } else return index;
    for (let offset = 1; offset < length; offset++) {
      const byte = bytes[index + offset];
      if (byte === undefined || byte < (offset === 1 ? lower : 0x80) || byte > (offset === 1 ? upper : 0xbf)) return index;
    }
    index += length;
  }
  return -1;
}

/** The length of the prefix of `bytes` that ends on a whole UTF-8 sequence. */
function wholeSequencesLength(bytes: Buffer): number {
  const length = bytes.length;
  for (let back = 1; back <= 4 && back <= length; back++) {
    const byte = bytes[length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? length - back : length;
  }
  return length;
}

/** See the module description. One guard per input. */
export class InputGuard {
  /** The encoding in effect: the one asked for, or UTF-16LE when the input starts with its mark. */
  encoding: 'utf8' | 'utf16le';
  /** The length of the byte-order mark skipped (0, 2 or 3). */
  markLength = 0;
  /** Line breaks seen before the bytes passed on so far (UTF-8 only). */
  lineBreaks = 0;

  readonly #file: string;
  #head: Buffer | undefined = EMPTY;
  #held: Buffer = EMPTY;
  #endsWithCr = false;
  #offset = 0;

  readonly #sawUtf8: boolean;

  /** @param sawUtf8 - the first bytes held multi-byte UTF-8: an invalid byte later means mixed encodings */
  constructor(file: string, encoding: 'utf8' | 'utf16le', sawUtf8 = false) {
    this.#file = file;
    this.encoding = encoding;
    this.#sawUtf8 = sawUtf8;
  }

  /** Checks a chunk; returns the bytes to parse (maybe empty while a mark or a character is incomplete). */
  check(chunk: Buffer): Buffer {
    let bytes = chunk;
    if (this.#head !== undefined) {
      bytes = this.#head.length === 0 ? chunk : Buffer.concat([this.#head, chunk]);
      if (bytes.length < 3) {
        this.#head = bytes;
        return EMPTY;
      }
      this.#head = undefined;
      bytes = this.#skipMark(bytes);
    }
    if (this.encoding !== 'utf8') return bytes;
    if (this.#held.length > 0) bytes = Buffer.concat([this.#held, bytes]);
    const whole = wholeSequencesLength(bytes);
    const valid = whole === bytes.length ? bytes : bytes.subarray(0, whole);
    if (!isUtf8(valid)) this.#fail(valid, invalidUtf8Offset(valid));
    this.#held = whole === bytes.length ? EMPTY : Buffer.from(bytes.subarray(whole));
    this.#countLineBreaks(valid);
    this.#offset += valid.length;
    return valid;
  }

  /** Returns any bytes still held (an input shorter than a mark); throws on a character cut off by the end. */
  end(): Buffer {
    let rest: Buffer = EMPTY;
    if (this.#head !== undefined) {
      rest = this.#skipMark(this.#head);
      this.#head = undefined;
      if (this.encoding === 'utf8') rest = this.check(rest);
    }
    if (this.#held.length > 0) this.#fail(this.#held, 0);
    return rest;
  }

  #skipMark(bytes: Buffer): Buffer {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf && this.encoding === 'utf8') {
      this.markLength = 3;
      return bytes.subarray(3);
    }
    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      this.encoding = 'utf16le';
      this.markLength = 2;
      return bytes.subarray(2);
    }
    return bytes;
  }

  #countLineBreaks(bytes: Buffer): void {
    let count = 0;
    if (this.#endsWithCr && bytes.length > 0 && bytes[0] !== LF) count++;
    for (let index = bytes.indexOf(LF); index !== -1; index = bytes.indexOf(LF, index + 1)) count++;
    for (let index = bytes.indexOf(CR); index !== -1; index = bytes.indexOf(CR, index + 1)) {
      if (index + 1 < bytes.length && bytes[index + 1] !== LF) count++;
    }
    if (bytes.length > 0) this.#endsWithCr = bytes[bytes.length - 1] === CR;
    this.lineBreaks += count;
  }

  #fail(bytes: Buffer, offset: number): never {
    const at = offset < 0 ? 0 : offset;
    this.#countLineBreaks(bytes.subarray(0, at));
    const byte = bytes[at] ?? 0;
    const where = `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${this.#offset + at}`;
    // Windows-1252, not Latin-1: Latin-1 turns ’ “ ” – … € (0x80-0x9F) into control characters.
    throw new InputError({
      file: this.#file,
      line: this.lineBreaks + 1,
      reason: this.#sawUtf8
        ? `the file mixes encodings: its first lines are UTF-8 and this line is not (${where}); save it again in one encoding (UTF-8)`
        : `the file is not valid UTF-8 (${where}${this.#offset + at >= 65_536 ? ', though its first 64 KiB are' : ''}); if it is Windows-1252 (Excel's "CSV" on Windows), pass its encoding`,
      fixes: [{ option: 'encoding', value: 'windows-1252' }],
    });
  }
}
