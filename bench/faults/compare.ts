/**
 * Record-for-record comparison of two CSV files, read side by side in constant memory.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

/** The outcome of a comparison. */
export interface CsvComparison {
  /** Records (rows after the header) read from the expected file. */
  readonly records: number;
  /** The first difference, or undefined when the files hold the same records in the same order. */
  readonly difference?: string;
}

function rows(path: string): AsyncIterator<string[]> {
  return (createReadStream(path).pipe(parse({ bom: true, relax_column_count: true })) as AsyncIterable<string[]>)[Symbol.asyncIterator]();
}

/** Compares header and records of `actual` against `expected`, in order. */
export async function compareCsvFiles(expected: string, actual: string): Promise<CsvComparison> {
  const want = rows(expected);
  const got = rows(actual);
  let records = -1;
  try {
    for (;;) {
      const [a, b] = await Promise.all([want.next(), got.next()]);
      if (a.done === true || b.done === true) {
        if (a.done !== b.done) {
          return { records, difference: a.done === true ? `the output has more records than the ${records} of the input` : `the output ends after ${records} of the input's records` };
        }
        return { records };
      }
      records++;
      const line = records === 0 ? 'the header' : `record ${records}`;
      if (a.value.length !== b.value.length || a.value.some((value, i) => value !== b.value[i])) {
        return { records, difference: `${line} differs: expected ${JSON.stringify(a.value)}, got ${JSON.stringify(b.value)}` };
      }
    }
  } finally {
    await Promise.all([want.return?.(), got.return?.()]);
  }
}
