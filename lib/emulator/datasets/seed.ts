/**
 * The `datasets` section of a seed document (`POST /_emulator/seed`, `emulator.seed(...)`):
 * input datasets created with their records, so a test can start from a known state.
 *
 * ```json
 * { "name": "default", "datasets": [
 *   { "name": "contacts", "columns": { "email": 0 }, "records": [{ "email": "a@b.co" }], "completed": true }
 * ] }
 * ```
 * `records` are stored in blocks of 1,000 numbered from 0; `completed` defaults to `true`.
 *
 * @packageDocumentation
 */
import { ConfigError } from '../../core/errors.js';
import type { AccountDatasets } from '../storage/dataset-store.js';
import { checkCreateBody, MAX_BLOCK_RECORDS } from './dataset-body.js';
import { compileRecordValidator } from './record-validator.js';

function fail(where: string, message: string): never {
  throw new ConfigError(`${where}: ${message}`);
}

/** Creates the datasets of a seed section; throws a `ConfigError` (a `400` over HTTP) naming what is wrong. */
export async function seedDatasets(account: AccountDatasets, section: unknown): Promise<void> {
  if (section === undefined) return;
  if (!Array.isArray(section)) fail('datasets', 'must be an array of { name, columns, records?, completed? }');
  for (const [index, entry] of section.entries()) {
    const where = `datasets[${index}]`;
    let checked: ReturnType<typeof checkCreateBody>;
    try {
      checked = checkCreateBody(entry);
    } catch (error) {
      fail(where, error instanceof Error ? error.message : String(error));
    }
    const { records = [], completed = true } = entry as { records?: unknown; completed?: unknown };
    if (!Array.isArray(records)) fail(where, 'records must be an array');
    if (typeof completed !== 'boolean') fail(where, 'completed must be true or false');
    if (account.isTaken(checked.name)) fail(where, `dataset "${checked.name}" already exists`);
    const errors = compileRecordValidator(checked.columns).check(records, { prefix: `${where}.records`, maxErrors: 1 });
    const first = errors === undefined ? undefined : Object.entries(errors)[0];
    if (first !== undefined) fail(first[0], first[1].join('; '));
    const dataset = await account.create(checked.name, checked.columns, true);
    for (let start = 0, block = 0; start < records.length; start += MAX_BLOCK_RECORDS, block++) {
      const slice = records.slice(start, start + MAX_BLOCK_RECORDS);
      await dataset.storeBlock(block, slice.length, JSON.stringify({ blockNumber: block, records: slice }));
    }
    if (completed) await dataset.complete(records.length);
  }
}
