/**
 * How fast CSV becomes records: `readRecords` (rows as arrays, records built with precomputed
 * keys) against csv-parse's own `columns: true`, on the bench's realistic contacts file. Each
 * variant runs in its own process, three times; the table shows the median, by wall clock and
 * by the process's CPU time (steadier on a machine shared with other work).
 *
 * ```sh
 * node --import tsx bench/parse-csv.ts [records]   # default 1,000,000
 * ```
 */
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { cpus } from 'node:os';
import { parse } from 'csv-parse';
import { readRecords } from '../lib/index.js';
import { contactsFile } from './generate.js';
import { CHILD_LOADER } from './paths.js';

const VARIANTS = {
  /** csv-parse alone, rows as arrays: the parser's own ceiling. */
  'csv-parse rows': async (path: string) => count(createReadStream(path, { highWaterMark: 65_536 }).pipe(parse())),
  /** What a user writes first: csv-parse building the objects itself. */
  'csv-parse columns: true': async (path: string) => count(createReadStream(path, { highWaterMark: 65_536 }).pipe(parse({ columns: true }))),
  /** The same, accepting the three line endings as readRecords does (csv-parse checks three delimiters per character). */
  'csv-parse columns: true, any line ending': async (path: string) =>
    count(createReadStream(path, { highWaterMark: 65_536 }).pipe(parse({ columns: true, record_delimiter: ['\r\n', '\n', '\r'] }))),
  'readRecords (records)': async (path: string) => count(readRecords(path)),
  'readRecords (numbered)': async (path: string) => count(readRecords(path, { output: 'numbered' })),
  'readRecords (batches of 1,000)': async (path: string) => {
    let records = 0;
    for await (const batch of readRecords(path, { output: 'batches' })) records += batch.records.length;
    return records;
  },
} as const;

type Variant = keyof typeof VARIANTS;

async function count(source: AsyncIterable<unknown>): Promise<number> {
  let records = 0;
  for await (const _record of source) records++;
  return records;
}

async function child(variant: Variant, path: string): Promise<void> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const records = await VARIANTS[variant](path);
  const cpu = process.cpuUsage(cpuStarted);
  process.stdout.write(JSON.stringify({ records, seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const records = Number(process.argv[2] ?? 1_000_000);
  const file = await contactsFile(records, 1);
  console.log(`${file.records.toLocaleString('en-GB')} rows, ${(file.bytes / 1e6).toFixed(1)} MB (${Math.round(file.bytes / file.records)} bytes a row); Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}\n`);
  console.log('| variant | records/s (median of 3) | MB/s | records per CPU-second (median) |');
  console.log('|---|---:|---:|---:|');
  const format = (value: number): string => Math.round(value).toLocaleString('en-GB');
  for (const variant of Object.keys(VARIANTS) as Variant[]) {
    const rates: number[] = [];
    const cpuRates: number[] = [];
    for (let run = 0; run < 3; run++) {
      const output = execFileSync(process.execPath, [...CHILD_LOADER, import.meta.filename, '--child', variant, file.path], { encoding: 'utf8' });
      const result = JSON.parse(output) as { records: number; seconds: number; cpuSeconds: number };
      if (result.records < file.records) throw new Error(`${variant} read ${result.records} of ${file.records} records`);
      rates.push(file.records / result.seconds);
      cpuRates.push(file.records / result.cpuSeconds);
    }
    const rate = median(rates);
    console.log(`| ${variant} | ${format(rate)} | ${((rate * file.bytes) / file.records / 1e6).toFixed(1)} | ${format(median(cpuRates))} |`);
  }
}

if (process.argv[2] === '--child') await child(process.argv[3] as Variant, process.argv[4] ?? '');
else await main();
