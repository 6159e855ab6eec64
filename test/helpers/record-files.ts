/**
 * Input files whose every record is unique and awkward (quotes, delimiters, line breaks,
 * accents, emoji, leading zeros, spaces kept), and a record-for-record comparison of two CSV
 * files, for the tests that promise "the output equals the input".
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** Headers as users write them (the library maps them to column names and back). */
export const HEADERS = ['id', 'First Name', 'Last, Name', 'e-mail', 'phone', 'note', 'amount'] as const;

const FIRST = ['Zoë', 'Ólafur', 'O\'Brien', '李', 'Anne-Marie', 'José', 'Ægir', 'Siobhán'];
const LAST = ['Smith, Jr.', 'McDonald', 'Núñez', 'Ø', 'van der Berg', 'D\'Arcy'];
const NOTES = ['plain', 'has, comma', 'has "quotes"', 'multi\nline', 'crlf\r\ninside', 'tab\there', '  spaces kept  ', 'emoji 😀', 'semi;colon', '=1+1'];

/** A small seeded generator (mulberry32): numbers in [0, 1), the same for the same seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Row `index` (from 0); its `id` is `r<index>`, so gaps, repeats and reordering show. */
export function awkwardRow(index: number, random: () => number): string[] {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  return [
    `r${String(index)}`,
    pick(FIRST),
    pick(LAST),
    `user${String(index)}@example.com`,
    `07${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
    `${pick(NOTES)} ${String(index)}`,
    (random() * 1000).toFixed(2),
  ];
}

/** Writes a CSV file of `count` awkward rows under {@link HEADERS}. */
export async function writeAwkwardCsv(path: string, count: number, seed = 7): Promise<void> {
  const random = prng(seed);
  const chunks: string[] = [stringify([[...HEADERS]])];
  for (let start = 0; start < count; start += 10_000) {
    const rows: string[][] = [];
    for (let index = start; index < Math.min(count, start + 10_000); index++) rows.push(awkwardRow(index, random));
    chunks.push(stringify(rows));
  }
  await writeFile(path, chunks.join(''));
}

/** The rows of a CSV file (header row first), exactly as written. */
export async function csvRows(path: string): Promise<string[][]> {
  return parse(await readFile(path));
}

/** How two CSV files differ: the first differing row (index into the rows, header = 0), or -1. */
export interface CsvComparison {
  readonly expectedRows: number;
  readonly actualRows: number;
  readonly firstDifference: number;
  /** Both rows at the first difference, for the assertion message. */
  readonly detail: string;
}

/** Compares two CSV files row by row (order matters). */
export async function compareCsv(expectedPath: string, actualPath: string): Promise<CsvComparison> {
  const [expected, actual] = await Promise.all([csvRows(expectedPath), csvRows(actualPath)]);
  let firstDifference = -1;
  const length = Math.max(expected.length, actual.length);
  for (let index = 0; index < length && firstDifference < 0; index++) {
    const a = expected[index];
    const b = actual[index];
    if (a === undefined || b === undefined || a.length !== b.length || a.some((value, column) => value !== b[column])) firstDifference = index;
  }
  const detail =
    firstDifference < 0 ? '' : `row ${String(firstDifference)}: expected ${JSON.stringify(expected[firstDifference])}, got ${JSON.stringify(actual[firstDifference])}`;
  return { expectedRows: expected.length, actualRows: actual.length, firstDifference, detail };
}
