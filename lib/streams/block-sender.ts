/**
 * Sends one sealed block, and when the server refuses records of it and the caller takes
 * refused records (`onRejected`), hands each one over and sends the block again without them.
 * Never swallows an error: anything else is thrown to the uploader, which fails the upload.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import type { DataRecord } from '../core/wire.js';
import type { CallOptions } from '../transport/transport.js';
import type { UploaderClient } from './client-surface.js';
import { recordRejections, rejectionError, type BlockOrigin, type FieldRejection } from './rejections.js';
import type { RejectedRecord } from './uploader-options.js';

/** What the sender needs to know about the block beyond its body. */
export interface OutgoingBlock {
  readonly blockNumber: number;
  readonly recordCount: number;
  readonly body: Buffer;
  readonly origin: BlockOrigin;
}

/** How a block was stored. */
export interface SentBlock {
  readonly storedRecords: number;
  readonly rejectedRecords: number;
  /** Bytes of the body finally acknowledged. */
  readonly bytes: number;
  /** Times the block was sent again without refused records. */
  readonly resends: number;
}

/** The sender's collaborators. */
export interface SendContext {
  readonly client: UploaderClient;
  readonly dataset: string;
  readonly signal: AbortSignal;
  /** Told when the service answers 429/503 (the adaptive window learns its limit). */
  readonly onSlowDown?: CallOptions['onSlowDown'];
  readonly onRejected: ((rejected: RejectedRecord) => void | Promise<void>) | undefined;
}

function decodeRecords(body: Buffer): DataRecord[] {
  return (JSON.parse(body.toString('utf8')) as { records: DataRecord[] }).records;
}

/** Sends `block` until it is stored; see the module comment for refused records. */
export async function sendBlock(context: SendContext, block: OutgoingBlock): Promise<SentBlock> {
  const { client, dataset, signal, onSlowDown } = context;
  let body = block.body;
  let recordCount = block.recordCount;
  let records: DataRecord[] | undefined;
  // positions[i] is the original index (in the block as first sealed) of the i-th record sent now.
  let positions: number[] | undefined;
  let rejected = 0;
  let resends = 0;
  for (;;) {
    if (recordCount === 0) return { storedRecords: 0, rejectedRecords: rejected, bytes: 0, resends };
    try {
      await client.datasets.uploadEncodedBlock(dataset, { blockNumber: block.blockNumber, recordCount, body }, { signal, onSlowDown });
      return { storedRecords: recordCount, rejectedRecords: rejected, bytes: body.length, resends };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const found = recordRejections(error.fieldErrors).filter((rejection) => rejection.index < recordCount);
      const first = found[0];
      if (first === undefined) throw error;
      // Errors number records as the input does, whatever was removed from the block before.
      const sent = positions;
      const original = (rejection: FieldRejection): FieldRejection =>
        sent === undefined ? rejection : { ...rejection, index: sent[rejection.index] ?? rejection.index };
      if (context.onRejected === undefined) throw rejectionError(original(first), block.origin, found.length - 1, error);
      records ??= decodeRecords(body);
      positions ??= records.map((_, index) => index);
      const refused = new Set<number>();
      for (const rejection of found) {
        const record = records[rejection.index];
        if (record === undefined) continue;
        refused.add(rejection.index);
        const rejectedError = rejectionError(original(rejection), block.origin, 0, error);
        await context.onRejected({ record, error: rejectedError, blockNumber: block.blockNumber });
      }
      const keptPositions = positions;
      records = records.filter((_, index) => !refused.has(index));
      positions = keptPositions.filter((_, index) => !refused.has(index));
      rejected += refused.size;
      recordCount = records.length;
      body = Buffer.from(JSON.stringify({ blockNumber: block.blockNumber, records }));
      resends++;
    }
  }
}
