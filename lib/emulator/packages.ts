/**
 * The emulator's server stack (fastify, ajv, libphonenumber-js) is an optional peer of the
 * package: a library user who never starts the emulator does not install it. This module names
 * those packages, finds which are missing, and says the one install line that brings them.
 * It imports none of them, so it can run before they are loaded.
 *
 * @packageDocumentation
 */
import { ConfigError } from '../core/errors.js';

/** The emulator's packages and the ranges it is built for (package.json `peerDependencies` agree; a test checks). */
export const EMULATOR_PACKAGES: Readonly<Record<string, string>> = Object.freeze({
  fastify: '^5.12.8',
  ajv: '^8.20.0',
  'ajv-formats': '^3.0.1',
  'libphonenumber-js': '^1.13.16',
});

/** The command that installs every emulator package, for a project's tests. */
export const EMULATOR_INSTALL_LINE = `npm install --save-dev ${Object.entries(EMULATOR_PACKAGES)
  .map(([name, range]) => `${name}@${range.replace(/^\^(\d+).*/, '$1')}`)
  .join(' ')}`;

/** The emulator packages that cannot be resolved from here. */
export function missingEmulatorPackages(): string[] {
  return Object.keys(EMULATOR_PACKAGES).filter((name) => {
    try {
      import.meta.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/** Throws a ConfigError naming the install line when any emulator package is missing. */
export function assertEmulatorPackages(): void {
  const missing = missingEmulatorPackages();
  if (missing.length === 0) return;
  throw new ConfigError(
    `The emulator needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed ` +
      `(optional peer dependencies of data8-batch, left out so the library installs lean). ` +
      `Install them with: ${EMULATOR_INSTALL_LINE}` +
      ` (for a one-off run: npx -p data8-batch ${Object.keys(EMULATOR_PACKAGES).map((name) => `-p ${name}`).join(' ')} data8-batch emulator)`,
  );
}
