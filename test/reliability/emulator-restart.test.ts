/**
 * The service goes away in the middle of a run and comes back (the emulator process killed and
 * started again on the same port and data directory): the client waits, retries, and the run
 * finishes with every record once, in order.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { cleanse, Data8Client, type LogEntry, type ProgressEvent } from '../../lib/index.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { compareCsv, writeAwkwardCsv } from '../helpers/record-files.js';

const RECORDS = 50_000;

test('the emulator killed and restarted mid-upload and mid-download: the run finishes with nothing lost', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'data8-restart-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const input = join(dir, 'in.csv');
  const output = join(dir, 'out.csv');
  await writeAwkwardCsv(input, RECORDS);
  const dataDir = join(dir, 'emulator-data');

  let emulator: EmulatorProcess = await startEmulatorProcess({ dataDir });
  t.teardown(() => emulator.stop('SIGKILL'));
  const restarts: Promise<void>[] = [];
  const outagesMs: number[] = [];
  const restart = () => {
    restarts.push(
      (async () => {
        const { port } = emulator;
        const killedAt = performance.now();
        await emulator.stop('SIGKILL');
        emulator = await startEmulatorProcess({ dataDir, port });
        outagesMs.push(Math.round(performance.now() - killedAt));
      })(),
    );
  };
  const restartedIn = new Set<string>();
  const onProgress = (event: ProgressEvent) => {
    const due = (event.phase === 'upload' || event.phase === 'download') && !restartedIn.has(event.phase) && event.records >= RECORDS / 4 && !event.done;
    if (!due) return;
    restartedIn.add(event.phase);
    restart();
  };

  const logs: LogEntry[] = [];
  const client = new Data8Client({
    apiUrl: emulator.url,
    authUrl: emulator.url,
    clientId: 'local-client',
    clientSecret: 'local-secret',
    logger: (entry) => logs.push(entry),
  });
  t.teardown(() => client.close());
  const result = await cleanse({ client, workflow: 'Identity', inputs: { Input: input }, outputs: { Output: output }, jobName: 'restarted', onProgress });
  await Promise.all(restarts);

  const comparison = await compareCsv(input, output);
  t.is(comparison.firstDifference, -1, comparison.detail);
  t.is(comparison.actualRows, RECORDS + 1);
  t.is(result.outputs['Output']?.records, RECORDS);
  t.deepEqual([...restartedIn].sort(), ['download', 'upload']);
  // The restarts hit requests of both phases, which were retried.
  const failed = logs.filter((entry) => entry.event === 'request' && entry.status === undefined);
  t.true(failed.some((entry) => entry.method === 'PATCH'), 'an upload met the dead emulator');
  t.true(failed.some((entry) => entry.method === 'GET' && entry.url.includes('/data')), 'a page read met the dead emulator');
  t.true(client.stats().retries > 0);
  t.log(`retries ${String(client.stats().retries)}, network errors ${String(client.stats().networkErrors)}: ${[...new Set(failed.map((entry) => entry.errorCode))].join(', ')}`);
  t.log(`outages ${outagesMs.join(' ms, ')} ms, ridden out with the default retry options`);
  t.deepEqual((await readdir(dir)).sort(), ['emulator-data', 'in.csv', 'out.csv']);
});
