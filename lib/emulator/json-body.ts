/**
 * Request body parsing shared by every route: JSON with a nesting limit (so no handler, schema
 * or journal walks an attacker's 100,000-deep array), protection against prototype poisoning,
 * and schema validators that coerce query strings but never bodies.
 *
 * @packageDocumentation
 */
import { isUtf8 } from 'node:buffer';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { invalidField } from './problems.js';

/** The deepest nesting of arrays and objects a JSON body may have. */
export const MAX_JSON_DEPTH = 32;

/**
 * True when `text` nests arrays/objects deeper than `limit`. Strings are skipped with the
 * native `indexOf`, so the scan costs a fraction of `JSON.parse` on record-heavy bodies.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 /* " */) {
      i = closingQuote(text, i);
      if (i < 0) return false; // unterminated: JSON.parse reports it
    } else if (code === 123 /* { */ || code === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (code === 125 /* } */ || code === 93 /* ] */) {
      depth--;
    }
  }
  return false;
}

/** The index of the quote closing the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote >= 0) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92 /* \ */) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats = ((formats as unknown as { default?: FormatsPlugin }).default ?? formats) as unknown as FormatsPlugin;

function createAjv(coerceTypes: boolean): Ajv {
  // allErrors stays off: one error per request is enough and bounds the work (fastify's advice).
  const ajv = new Ajv({ coerceTypes: coerceTypes ? 'array' : false, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  addFormats(ajv);
  return ajv;
}

/** Installs the JSON parser and the validators on the root instance (children inherit them). */
export function installBodyHandling(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // Read as bytes and checked: decoding as a string would turn invalid UTF-8 into U+FFFD
    // and store altered records without a word (RFC 8259 §8.1: JSON text is UTF-8).
    if (!isUtf8(body as Buffer)) {
      done(invalidField('body', 'is not valid UTF-8.'), undefined);
      return;
    }
    const text = (body as Buffer).toString('utf8');
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(invalidField('body', `JSON nests deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
      return;
    }
    request.rawBody = text;
    void parseJson(request, text, done);
  });

  const bodyAjv = createAjv(false);
  const otherAjv = createAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }): ValidateFunction => {
    return (httpPart === 'body' ? bodyAjv : otherAjv).compile(schema);
  });
}
