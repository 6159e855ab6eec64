// The emulator in a consumer's own tests (compiled with its optional peers installed).
import { Data8Client } from 'data8-batch';
import { startEmulator, type EmulatorHandle } from 'data8-batch/emulator';

export async function withEmulator(): Promise<void> {
  const emulator: EmulatorHandle = await startEmulator();
  const client = new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials });
  try {
    for await (const dataset of client.datasets.list()) console.log(dataset.name);
  } finally {
    await client.close();
    await emulator.close();
  }
}
