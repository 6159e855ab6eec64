import test from 'ava';
import fc from 'fast-check';
import { BodyDecoder } from '../../lib/transport/body-decoder.js';

/** Cuts `bytes` at the given offsets (sorted, within the buffer) into chunks. */
function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const edges = [0, ...[...at].sort((a, b) => a - b), bytes.length];
  return edges.slice(1).map((end, index) => bytes.subarray(edges[index], end));
}

test('a body cut anywhere, even inside a multi-byte character, decodes to the text sent', (t) => {
  const decoder = new BodyDecoder({ maxKeptBytes: 256 });
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
      const bytes = Buffer.from(text, 'utf8');
      const chunks = cut(bytes, cuts.map((at) => (bytes.length === 0 ? 0 : at % (bytes.length + 1))));
      t.is(decoder.decode(chunks), text);
    }),
  );
});

test('one decoder serves bodies larger, then smaller, than the ones before without mixing them', (t) => {
  const decoder = new BodyDecoder({ maxKeptBytes: 1024 });
  const bodies = [300, 900, 5000, 20, 1024, 1025].map((length, index) => String.fromCharCode(97 + index).repeat(length));
  for (const body of bodies) {
    const bytes = Buffer.from(body);
    t.is(decoder.decode([bytes.subarray(0, 7), bytes.subarray(7)]), body, `a body of ${body.length} bytes`);
  }
  t.is(decoder.decode([]), '');
});
