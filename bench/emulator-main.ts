/**
 * The emulator as the bench's own child process: `startEmulator` from `data8-batch/emulator`
 * with the faults, token lifetime and seed the bench asks for. Prints
 * `data8-batch emulator listening on URL` first, like `data8-batch emulator`, and stops on SIGTERM.
 * Credentials come from DATA8_CLIENT_ID / DATA8_CLIENT_SECRET, never from argv.
 */
import { parseArgs } from 'node:util';
import { parseFaultSpec, startEmulator } from '../lib/emulator/index.js';

const { values } = parseArgs({
  options: {
    faults: { type: 'string', default: '' },
    'token-ttl': { type: 'string' },
    seed: { type: 'string' },
  },
});
const emulator = await startEmulator({
  host: '127.0.0.1',
  port: 0,
  faults: parseFaultSpec(values.faults),
  ...(values['token-ttl'] === undefined ? {} : { tokenTtlSeconds: Number(values['token-ttl']) }),
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
});
process.stdout.write(`data8-batch emulator listening on ${emulator.url}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
