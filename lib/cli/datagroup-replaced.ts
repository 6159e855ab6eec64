/**
 * Counts the values `datagroup append` replaced: records that came in with an `email` and went
 * out with another one. The vendor overwrites a present address without a word; the summary
 * says how many. Only the present addresses of records in flight are held (a string each).
 *
 * @packageDocumentation
 */
import { Transform } from 'node:stream';
import type { DataRecord } from '../core/wire.js';

/** The field the append fills. */
export const APPENDED_FIELD = 'email';

function present(value: unknown): value is string | number {
  return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';
}

/** A pair of pass-through stages around the batch stream, which keeps records in input order. */
export class ReplacedValues {
  readonly #before = new Map<number, string>();
  #in = 0;
  #out = 0;
  #replaced = 0;

  /** Values replaced so far. */
  get count(): number {
    return this.#replaced;
  }

  /** Goes before the batch stream: notes each present value by the record's position. */
  before(): Transform {
    return new Transform({
      objectMode: true,
      highWaterMark: 1,
      transform: (record: DataRecord, _encoding, callback) => {
        const value = record[APPENDED_FIELD];
        if (present(value)) this.#before.set(this.#in, String(value));
        this.#in++;
        callback(null, record);
      },
    });
  }

  /** Goes after it: counts the records whose value changed. */
  after(): Transform {
    return new Transform({
      objectMode: true,
      highWaterMark: 1,
      transform: (record: DataRecord, _encoding, callback) => {
        const was = this.#before.get(this.#out);
        if (was !== undefined) {
          this.#before.delete(this.#out);
          if (String(record[APPENDED_FIELD] ?? '') !== was) this.#replaced++;
        }
        this.#out++;
        callback(null, record);
      },
    });
  }
}
