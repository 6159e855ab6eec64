/**
 * Decodes an input in an encoding Node does not read natively (Windows-1252, UTF-16BE,
 * ISO-8859-15, Shift_JIS...) into UTF-8 bytes for the parsers, with iconv-lite. iconv-lite is
 * loaded only when such a file is read.
 *
 * A file decided to be Windows-1252 from its first bytes is watched for valid multi-byte UTF-8
 * further on: a file that mixes the two is refused at the line where UTF-8 appears, rather than
 * read as `Ã©`.
 *
 * @packageDocumentation
 */

import { InputError } from '../core/errors.js';
import { invalidOption } from '../core/option-checks.js';
import { multiByteUtf8Offset } from './encoding-sniffer.js';

/** Text in one encoding in, UTF-8 bytes out. */
export interface Transcoder {
  write(bytes: Buffer): Buffer;
  end(): Buffer;
}

interface IconvDecoder {
  write(bytes: Buffer): string;
  end(): string | undefined;
}

interface Iconv {
  encodingExists(name: string): boolean;
  getDecoder(name: string, options?: { stripBOM?: boolean }): IconvDecoder;
  decode(bytes: Buffer, name: string, options?: { stripBOM?: boolean }): string;
}

let iconvModule: Promise<Iconv> | undefined;

/** iconv-lite, loaded once on first use. */
export function loadIconv(): Promise<Iconv> {
  iconvModule ??= import('iconv-lite').then((module) => ((module as { default?: Iconv }).default ?? (module as unknown as Iconv)));
  return iconvModule;
}

/** Throws a `ConfigError` for an encoding iconv-lite does not know. */
export function checkEncoding(iconv: Iconv, encoding: string): void {
  if (!iconv.encodingExists(encoding)) {
    invalidOption('encoding', 'an encoding iconv-lite knows (utf8, utf16le, utf16be, windows-1252, iso-8859-15, shift_jis...)', encoding);
  }
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
  const iconv = await loadIconv();
  checkEncoding(iconv, encoding);
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
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
      return Buffer.from(decoder.end() ?? '', 'utf8');
    },
  };
}
