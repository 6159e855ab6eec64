/**
 * The base of the JSON-based sources: decodes the checked bytes (the encoding is known once the
 * first bytes arrive) and hands the text on in numbered line pieces.
 *
 * @packageDocumentation
 */

import { StringDecoder } from 'node:string_decoder';
import type { RecordSource, SourceGuard } from './csv-source.js';
import { LineSplitter, type LinePieceHandler } from './line-splitter.js';
import type { ResolvedReadOptions } from './read-options.js';
import type { RecordAssembler } from './record-assembler.js';

/** See the module description. */
export abstract class TextSource implements RecordSource {
  protected readonly options: ResolvedReadOptions;
  protected readonly assembler: RecordAssembler;
  readonly #guard: SourceGuard;
  readonly #lines = new LineSplitter();
  #decoder: StringDecoder | undefined;

  constructor(options: ResolvedReadOptions, assembler: RecordAssembler, guard: SourceGuard) {
    this.options = options;
    this.assembler = assembler;
    this.#guard = guard;
  }

  /** Receives every piece of text, in order. */
  protected abstract readonly onPiece: LinePieceHandler;

  write(bytes: Buffer): void {
    const decoder = (this.#decoder ??= new StringDecoder(this.#guard.encoding));
    this.#lines.split(decoder.write(bytes), this.onPiece);
  }

  abstract end(): void;

  /** Hands on what the decoder still holds; returns the number of the line after the last piece. */
  protected endText(): number {
    const rest = this.#decoder?.end() ?? '';
    if (rest !== '') this.#lines.split(rest, this.onPiece);
    return this.#lines.line;
  }
}
