/**
 * What goes wrong, and how the client says it: typed errors with the server's field errors,
 * retries of transient failures (seen through the logger), and an abort.
 *
 * Run: `node --import tsx examples/client-errors.ts`
 * With DATA8_CLIENT_ID, DATA8_CLIENT_SECRET and DATA8_API_URL set it calls that service;
 * otherwise it starts a local emulator (and injects a fault to show a retry).
 */
import { AbortError, Data8Client, type LogEntry, NotFoundError, ValidationError } from '../lib/index.js';
import { startEmulator } from '../lib/emulator/index.js';

const emulator = process.env.DATA8_API_URL === undefined ? await startEmulator() : undefined;
// The logger gets one structured entry per request, retry and give-up; never a header or a body.
const logger = (entry: LogEntry): void => {
  if (entry.event !== 'request') console.log(`log: ${entry.event} ${entry.method} ${entry.url} status=${entry.status ?? '-'} retryInMs=${entry.retryInMs ?? '-'}`);
};
const client = emulator
  ? new Data8Client({ apiUrl: emulator.url, authUrl: emulator.url, ...emulator.credentials, logger })
  : Data8Client.fromEnv({ logger });

try {
  const dataset = `scores_${Date.now()}`;
  await client.datasets.create({ name: dataset, columns: { player: 0, score: client.assumedValues.columnTypes.Integer } });

  // 400: the problem document names the field of the record at fault.
  try {
    await client.datasets.uploadBlock(dataset, 0, [{ player: 'ann', score: 10 }, { player: 'bob', score: 'lots' }]);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    console.log(`${error.name} ${error.status}: ${JSON.stringify(error.fieldErrors)}`);
  }

  // 404: another account's dataset looks the same as one that does not exist.
  try {
    await client.datasets.get('no_such_dataset');
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    console.log(`${error.name} ${error.status}: ${error.message}`);
  }

  // 503 with Retry-After: retried after the server's hint, then the upload succeeds.
  emulator?.faults.plan({ method: 'PATCH', path: '/Dataset/*/data', fault: { status: 503, retryAfterSeconds: 1 } });
  await client.datasets.uploadBlock(dataset, 0, [{ player: 'ann', score: 10 }]);
  console.log(`uploaded after ${client.stats().retries} retry`);

  // An abort cancels the request in flight, a retry's wait or a wait for the rate limiter.
  try {
    await client.datasets.get(dataset, { signal: AbortSignal.abort() });
  } catch (error) {
    if (!(error instanceof AbortError)) throw error;
    console.log(`${error.name}: ${error.message}`);
  }
  await client.datasets.delete(dataset);
} finally {
  await client.close();
  await emulator?.close();
}
