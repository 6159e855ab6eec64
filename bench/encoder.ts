/**
 * The uploader's hot path alone: records already in memory serialised into block bodies by
 * `BlockEncoder` (column list given, and learned from the first record), beside the naive
 * `JSON.stringify` of an array of records per block. Best of 8 rounds each, interleaved, in
 * records per CPU-second of this process (steadier than wall time on a busy machine).
 *
 * Run: `node --import tsx bench/encoder.ts [records]` (default 100,000 contacts, generated
 * under bench/data/ on first use).
 */
import { contactsFile } from './generate.js';
import { BufferPool } from '../lib/core/buffer-pool.js';
import { readRecords, type DataRecord } from '../lib/index.js';
import { BlockEncoder } from '../lib/streams/block-encoder.js';

const BLOCK = 1000;
const { path } = await contactsFile(Number(process.argv[2] ?? 100_000), 1);
const reader = readRecords(path);
const columns = (await reader.whenSchema()).columns.map((column) => column.name);
const records: DataRecord[] = [];
for await (const record of reader) records.push(record);

function encode(known: readonly string[] | undefined): number {
  const pool = new BufferPool(4);
  const encoder = new BlockEncoder({ columns: known, pool });
  let bytes = 0;
  let blockNumber = 0;
  for (const record of records) {
    if (!encoder.open) encoder.begin(blockNumber++);
    encoder.add(record);
    if (encoder.recordCount === BLOCK) {
      const block = encoder.seal();
      bytes += block.body.length;
      pool.release(block.buffer);
    }
  }
  if (encoder.open) bytes += encoder.seal().body.length;
  return bytes;
}

function stringifyBlocks(): number {
  let bytes = 0;
  for (let first = 0; first < records.length; first += BLOCK) {
    bytes += Buffer.from(JSON.stringify({ blockNumber: first / BLOCK, records: records.slice(first, first + BLOCK) })).length;
  }
  return bytes;
}

const candidates: [string, () => number][] = [
  ['BlockEncoder, columns given', () => encode(columns)],
  ['BlockEncoder, columns learned', () => encode(undefined)],
  ['JSON.stringify of each block', stringifyBlocks],
];
const best = new Map<string, { rate: number; bytes: number }>();
for (let round = 0; round < 8; round++) {
  for (const [label, run] of candidates) {
    const started = process.cpuUsage();
    const bytes = run();
    const used = process.cpuUsage(started);
    const rate = (records.length * 1e6) / (used.user + used.system);
    if (rate > (best.get(label)?.rate ?? 0)) best.set(label, { rate, bytes });
  }
}
console.log(`${records.length.toLocaleString('en')} records, ${columns.length} columns, blocks of ${BLOCK}`);
for (const [label, { rate, bytes }] of best) {
  console.log(`${label.padEnd(32)} ${Math.round(rate).toLocaleString('en').padStart(10)} records/CPU-s  ${((rate * bytes) / records.length / 1e6).toFixed(0).padStart(4)} MB/s`);
}
