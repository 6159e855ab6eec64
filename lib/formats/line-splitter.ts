/**
 * Splits decoded text into lines as it arrives, numbering them. LF, CRLF and a lone CR each end
 * a line; a CRLF split across two chunks counts once.
 *
 * @packageDocumentation
 */

/**
 * Receives one piece of text: `text.slice(start, end)` is the content, `text.slice(start, next)`
 * the content with its line break. `endsLine` is false for the last piece of a chunk that has
 * no line break yet.
 */
export type LinePieceHandler = (text: string, start: number, end: number, next: number, line: number, endsLine: boolean) => void;

const LF = 0x0a;

/** See the module description. */
export class LineSplitter {
  /** The 1-based number of the line the next character belongs to. */
  line = 1;
  #afterCr = false;

  /** Hands every piece of `text` to `handle`, in order. */
  split(text: string, handle: LinePieceHandler): void {
    let start = 0;
    if (this.#afterCr) {
      this.#afterCr = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    let cr = text.indexOf('\r', start);
    for (;;) {
      const lf = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      const lineBreak = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (lineBreak === -1) break;
      let next = lineBreak + 1;
      if (lineBreak === cr) {
        if (text.charCodeAt(next) === LF) next++;
        else if (next === text.length) this.#afterCr = true;
      }
      handle(text, start, lineBreak, next, this.line, true);
      this.line++;
      start = next;
    }
    if (start < text.length) handle(text, start, text.length, text.length, this.line, false);
  }
}
