/**
 * Serialises one record to JSON text, fast. When the column list is known, a serializer is
 * compiled for it: the keys are escaped once, the record's values are read in a fixed order
 * and only values go through the JSON encoder, and plain-ASCII-safe strings skip it entirely.
 * A record whose keys differ from the list (an extra key, a key holding `undefined`) falls
 * back to `JSON.stringify`, so no key is ever dropped. Pure: no stream or HTTP imports.
 *
 * @packageDocumentation
 */
import type { DataRecord } from '../core/wire.js';

/** Turns one record into its JSON text. */
export type RecordSerializer = (record: DataRecord) => string;

// Characters a JSON string must escape, and UTF-16 surrogates (so a lone one is escaped as
// JSON.stringify does, instead of being replaced when the text is encoded as UTF-8).
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be found
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

// JSON.stringify answers undefined for functions and symbols, which its type does not say.
const stringifyValue: (value: unknown) => string | undefined = JSON.stringify;

/** JSON text of one value. A missing value (`undefined`) travels as `null`: the same empty value. */
export function encodeValue(value: unknown): string {
  if (typeof value === 'string') return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value === undefined) return 'null';
  // Booleans, null, and values the server will refuse (objects): JSON.stringify decides.
  return stringifyValue(value) ?? 'null';
}

/** The generic serializer: every key the record has, as `JSON.stringify` writes it. */
export const stringifyRecord: RecordSerializer = (record) => JSON.stringify(record);

/**
 * A serializer specialised for records with exactly these columns (in any key order).
 * Records of another shape are serialised by `JSON.stringify` instead.
 */
export function compileRecordSerializer(columns: readonly string[]): RecordSerializer {
  if (columns.length === 0) return stringifyRecord;
  const reads: string[] = [];
  const present: string[] = [];
  const pieces: string[] = [];
  columns.forEach((column, index) => {
    const property = JSON.stringify(column);
    // A column named like an inherited property (valueOf, constructor) must not read the
    // prototype's: a record without that key would look complete and lose the keys it has.
    reads.push(column in Object.prototype ? `v${index} = hasOwn(record, ${property}) ? record[${property}] : undefined` : `v${index} = record[${property}]`);
    present.push(`(v${index} !== undefined)`);
    pieces.push(`${JSON.stringify(`${index === 0 ? '{' : ','}${JSON.stringify(column)}:`)} + encodeValue(v${index})`);
  });
  const source = `return function serializeRecord(record) {
  let keys = 0;
  for (const _ in record) keys++;
  const ${reads.join(', ')};
  if (${present.join(' + ')} !== keys) return stringify(record);
  return ${pieces.join(' + ')} + '}';
};`;
  // Generated once per column list: V8 then sees fixed property names, which is what makes
  // this faster than a loop over the column list (measured in the encoder benchmark).
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const build = new Function('encodeValue', 'stringify', 'hasOwn', source) as (
    encode: typeof encodeValue,
    stringify: RecordSerializer,
    hasOwn: (target: object, key: PropertyKey) => boolean,
  ) => RecordSerializer;
  return build(encodeValue, stringifyRecord, Object.hasOwn);
}
