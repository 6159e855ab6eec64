/**
 * The hand-written record path: CSV rows straight to encoded `PATCH` bodies, with no library
 * code. Rows come from csv-parse as arrays (no `columns`, so no object per record); each row is
 * written as JSON behind keys encoded once.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

/** One `PATCH /Dataset/{name}/data` body, ready to send. */
export interface HandEncodedBlock {
  readonly blockNumber: number;
  readonly recordCount: number;
  readonly body: Buffer;
}

/** The header of a CSV file and its rows as encoded blocks of `blockSize` records. */
export async function* handEncodedBlocks(
  path: string,
  blockSize: number,
  onHeader: (columns: readonly string[]) => void = () => undefined,
): AsyncGenerator<HandEncodedBlock> {
  const rows = createReadStream(path).pipe(parse({ bom: true })) as AsyncIterable<string[]>;
  let keys: string[] | undefined;
  let records: string[] = [];
  let blockNumber = 0;
  const encode = (): HandEncodedBlock => {
    const body = Buffer.from(`{"blockNumber":${blockNumber},"records":[${records.join(',')}]}`);
    const block = { blockNumber, recordCount: records.length, body };
    blockNumber++;
    records = [];
    return block;
  };
  for await (const row of rows) {
    if (keys === undefined) {
      onHeader(row);
      keys = row.map((column, i) => `${i === 0 ? '{' : ','}${JSON.stringify(column)}:`);
      continue;
    }
    let json = '';
    for (let i = 0; i < keys.length; i++) json += keys[i]! + JSON.stringify(row[i] ?? null);
    records.push(`${json}}`);
    if (records.length === blockSize) yield encode();
  }
  if (records.length > 0) yield encode();
}
