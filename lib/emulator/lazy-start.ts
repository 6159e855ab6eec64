/**
 * The public `startEmulator`: checks that the emulator's optional packages are installed (a
 * clear ConfigError naming the install line when not), then loads the server. Importing
 * `data8-batch/emulator` therefore never fails on a lean install; starting it says what to do.
 *
 * @packageDocumentation
 */
import type { EmulatorOptions } from './options.js';
import { assertEmulatorPackages } from './packages.js';
import type { EmulatorHandle } from './start.js';

/**
 * Starts an emulator on `options.port` (default 0: a free port) and resolves once it listens.
 *
 * @throws ConfigError when fastify, ajv, ajv-formats or libphonenumber-js is not installed.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  assertEmulatorPackages();
  const server = await import('./start.js');
  return server.startEmulator(options);
}
