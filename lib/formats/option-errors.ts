/**
 * The one shape of an options error: the function, the option, what was expected and what was given.
 *
 * @packageDocumentation
 */

import { ConfigError } from '../core/errors.js';

/** A `ConfigError` saying `fn: option "name" must be expected; got value`. */
export function invalidOption(fn: string, option: string, expected: string, given: unknown): ConfigError {
  const shown = given === undefined || typeof given === 'function' || typeof given === 'symbol' ? String(given) : JSON.stringify(given);
  return new ConfigError(`${fn}: option "${option}" must be ${expected}; got ${shown}`);
}

/** A CSV delimiter: one character other than a quote or a line break. */
export function checkDelimiter(fn: string, delimiter: unknown): string {
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw invalidOption(fn, 'delimiter', 'one character other than a quote or a line break', delimiter);
  }
  return delimiter;
}
