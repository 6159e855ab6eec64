/**
 * Decodes an input in an encoding Node does not parse natively (Windows-1252, UTF-16BE,
 * ISO-8859-15, Shift_JIS...) into UTF-8 bytes for the parsers. The decoder is the platform's
 * `TextDecoder`, which knows every encoding of the WHATWG Encoding Standard (the ones browsers
 * read; its `latin1` is Windows-1252, so 0x80-0x9F never become control characters). For the
 * few others (the DOS code pages of Excel's "CSV (MS-DOS)": cp437, cp850) iconv-lite is used,
 * an optional peer dependency loaded only when such a file is read.
 *
 * A file decided to be Windows-1252 from its first bytes is watched for valid multi-byte UTF-8
 * further on: a file that mixes the two is refused at the line where UTF-8 appears, rather than
 * read as `Ã©`.
 *
 * @packageDocumentation
 */

import { ConfigError, InputError } from '../core/errors.js';
import { invalidOption } from '../core/option-checks.js';
import { multiByteUtf8Offset } from './encoding-sniffer.js';

/** Text in one encoding in, UTF-8 bytes out. */
export interface Transcoder {
  write(bytes: Buffer): Buffer;
  end(): Buffer;
}

/** A streaming decoder: bytes in, text out. */
interface TextDecoding {
  write(bytes: Buffer): string;
  end(): string;
}

interface Iconv {
  encodingExists(name: string): boolean;
  getDecoder(name: string, options?: { stripBOM?: boolean }): { write(bytes: Buffer): string; end(): string | undefined };
}

/** The install line for the encodings only iconv-lite knows. */
export const ICONV_INSTALL_LINE = 'npm install iconv-lite@0.7';

/** Names iconv-lite and Node's Buffer accept that the WHATWG labels spell with a hyphen. */
const WHATWG_SPELLING: Readonly<Record<string, string>> = { utf16le: 'utf-16le', utf16be: 'utf-16be', ucs2: 'utf-16le', 'ucs-2': 'utf-16le' };

/** The WHATWG name of `encoding` when the platform decodes it, else `undefined`. */
export function platformEncoding(encoding: string): string | undefined {
  const label = encoding.trim().toLowerCase();
  try {
    return new TextDecoder(WHATWG_SPELLING[label] ?? label).encoding;
  } catch {
    return undefined;
  }
}

let iconvModule: Promise<Iconv | undefined> | undefined;

/** iconv-lite, loaded once on first use; `undefined` when it is not installed. */
function loadIconv(): Promise<Iconv | undefined> {
  iconvModule ??= import('iconv-lite').then(
    (module) => (module as { default?: Iconv }).default ?? (module as unknown as Iconv),
    () => undefined,
  );
  return iconvModule;
}

/**
 * A decoder for `encoding`; throws a `ConfigError` for an encoding neither the platform nor
 * iconv-lite knows, or one only iconv-lite knows when it is not installed (naming the install line).
 */
export async function textDecoding(encoding: string): Promise<TextDecoding> {
  const platform = platformEncoding(encoding);
  if (platform !== undefined) {
    // ignoreBOM keeps a mark in the text: the sources skip it, and count it as they do for UTF-8.
    const decoder = new TextDecoder(platform, { ignoreBOM: true });
    return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
  }
  const iconv = await loadIconv();
  if (iconv === undefined) {
    throw new ConfigError(
      `Invalid option "encoding": "${encoding}" is not an encoding Node decodes itself (windows-1252, iso-8859-15, utf-16be, shift_jis, gb18030 and the rest of the WHATWG Encoding Standard); ` +
        `for other code pages (cp437, cp850...) install iconv-lite, an optional peer dependency: ${ICONV_INSTALL_LINE}`,
    );
  }
  if (!iconv.encodingExists(encoding)) {
    invalidOption('encoding', 'an encoding of the WHATWG Encoding Standard (windows-1252, iso-8859-15, utf-16be, shift_jis...) or one iconv-lite knows (cp437, cp850...)', encoding);
  }
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  return { write: (bytes) => decoder.write(bytes), end: () => decoder.end() ?? '' };
}

/** `bytes` decoded whole from `encoding` (the sample a decision is made on). */
export async function decodeAll(bytes: Buffer, encoding: string): Promise<string> {
  const decoding = await textDecoding(encoding);
  return decoding.write(bytes) + decoding.end();
}

function countLines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  for (let index = text.indexOf('\r'); index !== -1; index = text.indexOf('\r', index + 1)) if (text.charCodeAt(index + 1) !== 0x0a) count++;
  return count;
}

/**
 * A transcoder for `encoding`; `watchUtf8` refuses valid multi-byte UTF-8 (for a file whose
 * encoding was guessed, not given).
 */
export async function createTranscoder(encoding: string, file: string, watchUtf8: boolean): Promise<Transcoder> {
  const decoder = await textDecoding(encoding);
  let lineBreaks = 0;
  return {
    write(bytes: Buffer): Buffer {
      if (watchUtf8) {
        const at = multiByteUtf8Offset(bytes);
        if (at !== -1) {
          const before = decoder.write(bytes.subarray(0, at));
          throw new InputError({
            file,
            line: lineBreaks + countLines(before) + 1,
            reason:
              `the file mixes encodings: it was read as ${encoding} from its first bytes, and this line holds UTF-8 (bytes ${bytes.subarray(at, at + 2).toString('hex').toUpperCase()}); ` +
              'save it again in one encoding (UTF-8), or pass the encoding of most of it',
            fixes: [{ option: 'encoding', value: encoding }],
          });
        }
      }
      const text = decoder.write(bytes);
      if (watchUtf8) lineBreaks += countLines(text);
      return Buffer.from(text, 'utf8');
    },
    end(): Buffer {
      return Buffer.from(decoder.end(), 'utf8');
    },
  };
}
