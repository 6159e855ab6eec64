/**
 * Decides, from the first bytes of an input, how to read it: the encoding (and whether it needs
 * decoding to UTF-8 first) and, for CSV, the dialect. The sources then only apply the decision.
 *
 * @packageDocumentation
 */

import { sniffDialect } from './dialect-sniffer.js';
import { multiByteUtf8Offset, sniffEncoding } from './encoding-sniffer.js';
import type { ResolvedReadOptions } from './read-options.js';
import type { InputDescription } from './schema.js';
import { createTranscoder, decodeAll, type Transcoder } from './transcoder.js';

/** How much of an input is read before deciding (DuckDB samples rows; a byte budget keeps memory fixed). */
export const SAMPLE_BYTES = 64 * 1024;

/** What the reader needs to start. */
export interface InputDecision {
  /** The options with the decided dialect applied. */
  readonly options: ResolvedReadOptions;
  /** What the input guard checks and the sources parse: UTF-8 or UTF-16LE bytes. */
  readonly guardEncoding: 'utf8' | 'utf16le';
  /** Bytes to drop from the start of the input before the transcoder (a UTF-16BE mark). */
  readonly skipBytes: number;
  readonly transcoder: Transcoder | undefined;
  /** The sample held multi-byte UTF-8: a later invalid byte means the file mixes encodings. */
  readonly sawUtf8: boolean;
  readonly input: InputDescription;
}

/** Decides how to read the input whose first bytes are `sample` (all of it when `ended`). */
export async function decideInput(options: ResolvedReadOptions, sample: Buffer, ended: boolean): Promise<InputDecision> {
  const file = options.fileName;
  const { encoding, markLength, note } = sniffEncoding(sample, file, ended, options.encoding);
  const notes: string[] = note === undefined ? [] : [note];
  const native = encoding === 'utf8' || encoding === 'utf16le';
  const transcoder = native ? undefined : await createTranscoder(encoding, file, options.encoding === undefined);
  let text: string;
  if (native) text = sample.toString(encoding, markLength);
  else text = await decodeAll(sample.subarray(markLength), encoding);
  let effective = options;
  let dialect: InputDescription['dialect'];
  if (options.format === 'csv') {
    const decision = sniffDialect(text, options.fixed, file, ended);
    notes.push(...decision.notes);
    effective = { ...options, delimiter: decision.dialect.delimiter, header: decision.dialect.header, dialect: decision.dialect };
    const { delimiter, quote, header, skipLines, comment } = decision.dialect;
    dialect = { delimiter, quote, header, skipLines, comment };
  }
  return {
    options: effective,
    guardEncoding: native ? encoding : 'utf8',
    // The guard skips UTF-8 and UTF-16LE marks itself.
    skipBytes: native ? 0 : markLength,
    transcoder,
    sawUtf8: encoding === 'utf8' && multiByteUtf8Offset(sample) !== -1,
    input: { encoding, ...(dialect === undefined ? {} : { dialect }), notes },
  };
}
