/**
 * Decides a file's text encoding from its first bytes. Pure: bytes in, a decision (or an
 * {@link InputError}) out.
 *
 * - A byte-order mark decides: UTF-8, UTF-16LE, UTF-16BE.
 * - Without one, text that is mostly zero bytes at odd (or even) offsets is UTF-16LE (or BE).
 * - Valid UTF-8 is UTF-8 (ASCII is UTF-8).
 * - Otherwise, Windows-1252 when the evidence is clear: every byte above 0x7F is a character
 *   Windows-1252 defines, and they stand alone between ASCII letters, spaces and punctuation
 *   as accented letters and typographic marks do (`é`, `’`, `€`), never in runs as multi-byte
 *   encodings (Shift_JIS, GBK, UTF-8 itself) put them. ISO-8859-1 is never chosen or
 *   suggested: it reads 0x80-0x9F (`’ “ ” – … €` in Windows-1252) as control characters.
 * - A sample holding both valid multi-byte UTF-8 and bytes that are not is refused, naming the
 *   line where the encoding changes: no single decoding reads both.
 *
 * @packageDocumentation
 */

import { InputError } from '../core/errors.js';
import { invalidUtf8Offset } from './input-guard.js';

/** The decision. `encoding` is a name the transcoder knows; `utf8` and `utf16le` are read natively. */
export interface EncodingDecision {
  readonly encoding: string;
  /** Bytes of the byte-order mark (skipped). */
  readonly markLength: number;
  /** Said once to the user when the encoding was not the default. */
  readonly note?: string | undefined;
}

/** Bytes Windows-1252 leaves undefined. */
const UNDEFINED_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** Windows-1252's characters for 0x80-0x9F (0xA0-0xFF are Latin-1's). */
const C1_1252 = "\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178";

function char1252(byte: number): string {
  return byte >= 0x80 && byte < 0xa0 ? (C1_1252[byte - 0x80] ?? '') : String.fromCharCode(byte);
}

/** Encodings to suggest when the evidence is unclear: never ISO-8859-1 (see above). */
export const SUGGESTED_ENCODINGS = ['windows-1252', 'iso-8859-15', 'windows-1250', 'cp850', 'shift_jis', 'gb18030'];

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) {
    const byte = bytes[index];
    if (byte === 0x0a || (byte === 0x0d && bytes[index + 1] !== 0x0a)) line++;
  }
  return line;
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Whether `bytes` looks like UTF-16 without a mark: the share of zero bytes at even or odd offsets. */
function utf16Without(bytes: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  const pairs = Math.floor(Math.min(bytes.length, 4096) / 2);
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < pairs * 2; index += 2) {
    if (bytes[index] === 0) evenZeros++;
    if (bytes[index + 1] === 0) oddZeros++;
  }
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.05) return 'utf16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.05) return 'utf16be';
  return undefined;
}

const isAsciiWordish = (byte: number | undefined): boolean => byte === undefined || byte < 0x80;

/** The offset of the first valid multi-byte UTF-8 sequence, or -1. */
export function multiByteUtf8Offset(bytes: Uint8Array, from = 0): number {
  for (let index = from; index < bytes.length; index++) {
    const lead = bytes[index] ?? 0;
    if (lead < 0xc2 || lead > 0xf4) continue;
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    let ok = index + length <= bytes.length;
    for (let offset = 1; ok && offset < length; offset++) ok = ((bytes[index + offset] ?? 0) & 0xc0) === 0x80;
    if (ok && invalidUtf8Offset(bytes.subarray(index, index + length)) === -1) return index;
  }
  return -1;
}

/**
 * Decides the encoding of `sample`, the first bytes of `file` (all of it when `ended`).
 * `asked` is the caller's `encoding` option, which only a byte-order mark can be skipped for.
 *
 * @throws {@link InputError} when the bytes are not UTF-8 and no other encoding is clear, or
 *   when UTF-8 and another encoding are mixed.
 */
export function sniffEncoding(sample: Uint8Array, file: string, ended: boolean, asked?: string): EncodingDecision {
  const b0 = sample[0];
  const b1 = sample[1];
  const b2 = sample[2];
  if (asked !== undefined) {
    const normal = asked.toLowerCase().replace(/[-_]/g, '');
    if ((normal === 'utf8') && b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf8', markLength: 3 };
    if (normal === 'utf16le' && b0 === 0xff && b1 === 0xfe) return { encoding: 'utf16le', markLength: 2 };
    if (normal === 'utf16be' && b0 === 0xfe && b1 === 0xff) return { encoding: 'utf16be', markLength: 2 };
    return { encoding: normal === 'utf8' ? 'utf8' : normal === 'utf16le' ? 'utf16le' : asked, markLength: 0 };
  }
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf8', markLength: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf16le', markLength: 2, note: 'the encoding is UTF-16LE (by its byte-order mark), as Excel writes "Unicode Text"' };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf16be', markLength: 2, note: 'the encoding is UTF-16BE (by its byte-order mark)' };
  const wide = utf16Without(sample);
  if (wide !== undefined) return { encoding: wide, markLength: 0, note: `the encoding is ${wide === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'} (no byte-order mark; every other byte is zero)` };

  // A multi-byte character cut off by the end of the sample is not evidence against UTF-8.
  let checked = sample;
  if (!ended) {
    let cut = sample.length;
    for (let back = 1; back <= 3 && back <= sample.length; back++) {
      const byte = sample[sample.length - back] ?? 0;
      if ((byte & 0xc0) === 0xc0) {
        cut = sample.length - back;
        break;
      }
      if ((byte & 0xc0) !== 0x80) break;
    }
    checked = sample.subarray(0, cut);
  }
  const invalid = invalidUtf8Offset(checked);
  if (invalid === -1) return { encoding: 'utf8', markLength: 0 };

  const utf8At = multiByteUtf8Offset(checked);
  if (utf8At !== -1) {
    const [first, second] = utf8At < invalid ? [utf8At, invalid] : [invalid, utf8At];
    const reason =
      `the file mixes UTF-8 with another encoding: line ${lineAt(checked, first)} is ${first === utf8At ? 'UTF-8' : 'not'}, ` +
      `line ${lineAt(checked, second)} (byte ${hex(checked[second] ?? 0)} at byte offset ${second}) is ${second === utf8At ? 'UTF-8' : 'not'}; ` +
      'save it again in one encoding (UTF-8), or pass the encoding of most of it';
    throw new InputError({ file, line: lineAt(checked, invalid), reason, fixes: [{ option: 'encoding', value: 'windows-1252' }] });
  }

  let high = 0;
  let clear = true;
  let clue = -1;
  for (let index = 0; index < checked.length; index++) {
    const byte = checked[index] ?? 0;
    if (byte < 0x80) continue;
    high++;
    if (clue === -1) clue = index;
    // Accented letters and typographic marks sit alone among ASCII; runs of high bytes are another encoding.
    // A UTF-8 lead byte at the very end is a character cut off, not a Windows-1252 letter.
    const cutOff = index === checked.length - 1 && byte >= 0xc2 && byte <= 0xf4;
    if (cutOff || UNDEFINED_1252.has(byte) || (!isAsciiWordish(checked[index - 1]) && !isAsciiWordish(checked[index + 1]))) clear = false;
  }
  if (clear && high > 0) {
    return {
      encoding: 'windows-1252',
      markLength: 0,
      note: `the file is not UTF-8: it is read as Windows-1252 (byte ${hex(checked[clue] ?? 0)} on line ${lineAt(checked, clue)} is "${char1252(checked[clue] ?? 0)}"); pass the encoding if it is another`,
    };
  }
  throw new InputError({
    file,
    line: lineAt(checked, invalid),
    reason:
      `the file is not valid UTF-8 (byte ${hex(checked[invalid] ?? 0)} at byte offset ${invalid}) and its encoding is not clear from its bytes; ` +
      `pass its encoding (${SUGGESTED_ENCODINGS.join(', ')}, or any name of the WHATWG Encoding Standard)`,
    fixes: [{ option: 'encoding' }],
  });
}
