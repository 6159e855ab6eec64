#!/usr/bin/env node
/**
 * Runs the emulator on its own: `node dist/emulator/main.js [--host H] [--port P] [--data DIR]
 * [--faults SPEC] [--token-ttl S] [--seed N]` (the same flags as `data8-batch emulator`).
 *
 * @packageDocumentation
 */
import { parseArgs } from 'node:util';
import { Data8Error } from '../core/errors.js';
import { runEmulatorCommand } from './command.js';

try {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      faults: { type: 'string' },
      'token-ttl': { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  await runEmulatorCommand({
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.port === undefined ? {} : { port: values.port }),
    ...(values.data === undefined ? {} : { dataDir: values.data }),
    ...(values.faults === undefined ? {} : { faults: values.faults }),
    ...(values['token-ttl'] === undefined ? {} : { tokenTtl: values['token-ttl'] }),
    ...(values.seed === undefined ? {} : { seed: values.seed }),
  });
} catch (error) {
  const message = error instanceof Data8Error || (error instanceof TypeError && 'code' in error) ? error.message : String(error);
  process.stderr.write(`data8-batch emulator: ${message}\n`);
  process.exitCode = 1;
}
