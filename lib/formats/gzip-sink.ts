/**
 * A gzip-compressed file written atomically (`writeRecords('out.csv.gz')`): the text is
 * compressed by node:zlib on its way into an {@link AtomicFileSink}, so the destination appears
 * whole, compressed and complete, or not at all, as an uncompressed file does.
 *
 * @packageDocumentation
 */

import { once } from 'node:events';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { AtomicFileSink, type ByteSink } from './byte-sinks.js';

/** See the module description. */
export class GzipFileSink implements ByteSink {
  readonly #file: AtomicFileSink;
  readonly #gzip: Gzip;
  /** Settles when the compressed bytes are all in the temporary file (or writing failed). */
  readonly #written: Promise<void>;

  private constructor(file: AtomicFileSink) {
    this.#file = file;
    this.#gzip = createGzip();
    const toFile = new Writable({
      write: (chunk: Buffer, _encoding, callback) => void file.writeBytes(chunk).then(() => callback(), callback),
    });
    this.#written = pipeline(this.#gzip, toFile);
    // A failure is reported by write() or commit(); none is left unhandled in between.
    this.#written.catch(() => undefined);
  }

  /** Creates the temporary file beside `path` (never the destination). */
  static async open(path: string): Promise<GzipFileSink> {
    return new GzipFileSink(await AtomicFileSink.open(path));
  }

  async write(text: string): Promise<void> {
    if (this.#gzip.write(text)) return;
    await Promise.race([once(this.#gzip, 'drain'), this.#written.then(() => undefined)]);
  }

  async commit(): Promise<void> {
    this.#gzip.end();
    await this.#written;
    await this.#file.commit();
  }

  async abort(): Promise<void> {
    this.#gzip.destroy();
    await this.#written.catch(() => undefined);
    await this.#file.abort();
  }
}
