/**
 * What becomes of nested values (objects and arrays) in NDJSON and JSON records, by the
 * reader's `nested` option. A record holds scalars only, so:
 *
 * - `'error'` leaves the object as it is; the record builder refuses a nested value, naming
 *   these options.
 * - `'json'` stores each nested value as its JSON text (a String column).
 * - `'flatten'` turns nested objects into columns joined by `_` (`address.city` →
 *   `address_city`, at any depth); arrays, whose length varies from record to record, are kept
 *   as JSON text rather than as `tags_0`, `tags_1`, ... columns that a longer array later in the
 *   file would not fit. A flattened name that is also a key of its own (in the same record, or
 *   in an earlier one) is an {@link InputError} naming both.
 *
 * Pure: no streams.
 *
 * @packageDocumentation
 */

import { InputError } from '../core/errors.js';

/** How the reader treats nested objects and arrays; see the module description. */
export type NestedMode = 'error' | 'json' | 'flatten';

/** The modes, in the order they are listed to users. */
export const NESTED_MODES: readonly NestedMode[] = ['error', 'json', 'flatten'];

/** Turns a parsed object into one whose values are scalars (or leaves it, for `'error'`). */
export type NestedHandler = (object: Readonly<Record<string, unknown>>, line: number, record: number) => Readonly<Record<string, unknown>>;

const SEPARATOR = '_';

function isNested(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** `'json'`: nested values become their JSON text; an object with none is returned as it is. */
function toJsonText(object: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    const value = object[key];
    if (!isNested(value)) continue;
    copy ??= { ...object };
    copy[key] = JSON.stringify(value);
  }
  return copy ?? object;
}

/**
 * `'flatten'`. `origins` remembers, for each flattened name, the path it came from (`address →
 * city`), or `''` for a key that was never nested, so a name reached two ways in two records is
 * refused as it is within one.
 */
function flattener(file: string): NestedHandler {
  const origins = new Map<string, string>();
  const describe = (path: string, name: string): string => (path === '' ? `the key "${name}"` : `the nested key ${path}`);
  const collision = (name: string, path: string, before: string, line: number, record: number): InputError => {
    const reason =
      `with nested: 'flatten', ${describe(path, name)} and ${describe(before, name)} both make the column "${name}"; ` +
      `rename one of them in the file, or pass nested: 'json' (--nested json) to keep nested objects as JSON text`;
    return new InputError({ file, line, record, column: name, reason });
  };
  return (object, line, record) => {
    let nested = false;
    for (const key in object) {
      const value = object[key];
      if (isNested(value) && !Array.isArray(value)) nested = true;
    }
    if (!nested) {
      for (const key in object) {
        const before = origins.get(key);
        if (before === undefined) origins.set(key, '');
        else if (before !== '') throw collision(key, '', before, line, record);
      }
      return toJsonText(object);
    }
    const flat: Record<string, unknown> = {};
    const paths = new Map<string, string>();
    const add = (name: string, path: string, value: unknown): void => {
      const before = paths.get(name) ?? origins.get(name);
      if (before !== undefined && before !== path) throw collision(name, path, before, line, record);
      paths.set(name, path);
      flat[name] = value;
    };
    const walk = (prefix: string, path: string, value: Readonly<Record<string, unknown>>): void => {
      for (const key in value) {
        const child = value[key];
        const name = prefix === '' ? key : `${prefix}${SEPARATOR}${key}`;
        const childPath = path === '' ? `"${key}"` : `${path} → "${key}"`;
        if (isNested(child) && !Array.isArray(child)) walk(name, childPath, child as Readonly<Record<string, unknown>>);
        else add(name, prefix === '' ? '' : childPath, isNested(child) ? JSON.stringify(child) : child);
      }
    };
    walk('', '', object);
    for (const [name, path] of paths) if (!origins.has(name)) origins.set(name, path);
    return flat;
  };
}

/** The handler for `mode`, or `undefined` when objects pass as they are (`'error'`). */
export function nestedHandler(mode: NestedMode, file: string): NestedHandler | undefined {
  if (mode === 'json') return toJsonText;
  if (mode === 'flatten') return flattener(file);
  return undefined;
}

/** The reason given for a nested value when `nested` is `'error'`. */
export function nestedValueRefused(key: string, value: object): string {
  const what = Array.isArray(value) ? 'an array' : 'a nested object';
  const example = Array.isArray(value) ? '' : ` (such as "${key}${SEPARATOR}${Object.keys(value)[0] ?? 'name'}")`;
  return (
    `the value of "${key}" is ${what}, and a record holds strings, numbers, booleans and nulls; ` +
    `pass nested: 'json' (--nested json) to keep it as JSON text, or nested: 'flatten' (--nested flatten) for one column per nested key${example}`
  );
}
