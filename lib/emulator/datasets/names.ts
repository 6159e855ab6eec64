/**
 * Dataset and column names (contract, "Conventions": `^[a-z][a-z0-9_]*$`, 1 to 128 characters).
 *
 * @packageDocumentation
 */

/** The longest dataset or column name. */
export const MAX_NAME_LENGTH = 128;

const NAME = /^[a-z][a-z0-9_]*$/;

/** Why `name` is not a valid dataset or column name, or `undefined` when it is. */
export function nameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'must be a string';
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return `must be 1 to ${MAX_NAME_LENGTH} characters long`;
  if (!NAME.test(name)) return 'must start with a lower-case letter and hold only lower-case letters, digits and _';
  return undefined;
}
