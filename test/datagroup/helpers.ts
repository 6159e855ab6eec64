import type { ExecutionContext } from 'ava';
import { DataGroupClient, type DataGroupClientOptions } from '../../lib/index.js';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../lib/emulator/index.js';

export const JOB_ID = '160718103247ad0';

/** A fresh emulator on port 0 and a client of its Data Group routes, both closed after the test. */
export async function dataGroupEmulator(
  t: ExecutionContext,
  emulatorOptions: EmulatorOptions = {},
  clientOptions: Partial<DataGroupClientOptions> = {},
): Promise<{ emulator: EmulatorHandle; client: DataGroupClient }> {
  const emulator = await startEmulator({ seed: 7, ...emulatorOptions });
  const client = new DataGroupClient({
    baseUrl: emulator.url,
    apiKey: 'local-api-key',
    authorizationToken: 'local-token',
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
    ...clientOptions,
  });
  t.teardown(async () => {
    await client.close();
    await emulator.close();
  });
  return { emulator, client };
}

/** Contacts with predictable names: record i is `First{i} Last{i}`. */
export function contacts(count: number, start = 1): Array<{ external_id: string; first_name: string; last_name: string; city: string }> {
  return Array.from({ length: count }, (_, index) => {
    const n = start + index;
    return { external_id: String(n), first_name: `First${n}`, last_name: `Last${n}`, city: 'Springfield' };
  });
}

/** Polls until the batch has finished. */
export async function waitForBatch(client: DataGroupClient, jobId: string, batchId: string): Promise<string> {
  for (;;) {
    const { state } = await client.getBatch(jobId, batchId);
    if (state === 'COMPLETED' || state === 'FAILED') return state;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
