/**
 * Writes (once per record count and seed) the contacts file the bench measures, under the
 * git-ignored `bench/data/`. Generation is never timed.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { DATA_DIR } from './paths.js';
import { CONTACT_COLUMNS, contactLine } from './contacts.js';
import { Prng } from './prng.js';

/** A generated contacts file. */
export interface ContactsFile {
  readonly path: string;
  readonly records: number;
  readonly bytes: number;
}

/** The contacts file of `records` rows for `seed`, generated on first use and reused after. */
export async function contactsFile(records: number, seed: number): Promise<ContactsFile> {
  mkdirSync(DATA_DIR, { recursive: true });
  const path = join(DATA_DIR, `contacts-${records}-seed${seed}.csv`);
  if (!existsSync(path)) {
    // Written beside and renamed, so an interrupted generation is never mistaken for a cached file.
    const partial = `${path}.partial-${process.pid}`;
    await writeContacts(partial, records, seed);
    renameSync(partial, path);
  }
  return { path, records, bytes: statSync(path).size };
}

async function writeContacts(path: string, records: number, seed: number): Promise<void> {
  const prng = new Prng(seed);
  const out = createWriteStream(path);
  out.write(`${CONTACT_COLUMNS.join(',')}\n`);
  const chunkRows = 5000;
  for (let start = 0; start < records; start += chunkRows) {
    const end = Math.min(records, start + chunkRows);
    let chunk = '';
    for (let index = start; index < end; index++) chunk += `${contactLine(prng, index)}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}
