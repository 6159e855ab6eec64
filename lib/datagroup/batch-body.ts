/**
 * The exact bytes of a Data Group `POST .../batch` body, built from records serialised one at a
 * time. Pure: no stream or HTTP imports, so the client, the stream and the tests agree to the
 * byte on how large a batch is.
 *
 * @packageDocumentation
 */
import type { DataRecord } from '../core/wire.js';

/** The notification methods the vendor supports. */
export type NotificationMethod = 'GET' | 'POST';

/** The optional fields of a batch body besides its records, in their wire spelling. */
export interface BatchEnvelopeFields {
  readonly output_format?: string | undefined;
  readonly notification_URL?: string | undefined;
  readonly notification_method?: NotificationMethod | undefined;
}

const COMMA = Buffer.from(',');

/**
 * The fixed part of a batch body: everything before the first record and after the last.
 * The body is `{...fields,"data":[r1,r2,...]}` with no whitespace.
 */
export class BatchEnvelope {
  /** `{"output_format":...,"data":[` */
  readonly head: Buffer;
  /** `]}` */
  readonly tail: Buffer;

  constructor(fields: BatchEnvelopeFields = {}) {
    const present = Object.entries(fields).filter(([, value]) => value !== undefined);
    const prefix = present.length === 0 ? '{' : `${JSON.stringify(Object.fromEntries(present)).slice(0, -1)},`;
    this.head = Buffer.from(`${prefix}"data":[`);
    this.tail = Buffer.from(']}');
  }

  /** The bytes of a body holding `recordCount` records whose JSON totals `recordBytes` bytes. */
  bodyBytes(recordBytes: number, recordCount: number): number {
    const commas = recordCount > 1 ? recordCount - 1 : 0;
    return this.head.length + recordBytes + commas + this.tail.length;
  }

  /** Joins already serialised records into the body; `recordBytes` is their summed length. */
  join(encodedRecords: readonly Buffer[], recordBytes: number): Buffer {
    const parts: Buffer[] = [this.head];
    encodedRecords.forEach((record, index) => {
      if (index > 0) parts.push(COMMA);
      parts.push(record);
    });
    parts.push(this.tail);
    return Buffer.concat(parts, this.bodyBytes(recordBytes, encodedRecords.length));
  }
}

/**
 * Serialises one record as it appears inside `data`, or returns a reason it cannot be sent.
 * Records are flat JSON objects; anything else would be silently changed by `JSON.stringify`.
 */
export function encodeRecord(record: unknown): Buffer | string {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return `expected a record object, got ${record === null ? 'null' : Array.isArray(record) ? 'an array' : typeof record}`;
  }
  return Buffer.from(JSON.stringify(record satisfies object as DataRecord));
}

/** Formats a byte count with thousands separators, as every size message does. */
export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-GB')} byte${bytes === 1 ? '' : 's'}`;
}
