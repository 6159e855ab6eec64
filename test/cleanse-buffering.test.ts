/**
 * cleanse between a fast disk and a slow server, then a fast server and a slow destination:
 * the records between the two ends stay within what each stream on the way documents, never
 * the whole input. The row key puts cleanse's own steps (line numbers in, the key out) on the
 * path too.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import test from 'ava';
import { cleanse, type ProgressEvent } from '../lib/index.js';
import { withClientOptions } from './client/fixture.js';

const ROWS = 20_000;
/** cleanse's defaults: block and page size, blocks in flight, the reader's batch size. */
const BLOCK = 1_000;
const CONCURRENCY = 4;
const PAGE = 1_000;
/**
 * Every input row is this long, so the rows of the reader's 16 KiB slice are known, and long
 * enough that the text the writer gathers is a few hundred records.
 */
const ROW_BYTES = 200;

function row(index: number): string {
  const n = String(index).padStart(6, '0');
  return `${n},${'name '.padEnd(ROW_BYTES - n.length - 2, 'x')}\n`;
}

test('cleanse holds what its streams document, not the input, against a slow server and into a slow destination', withClientOptions({}, { faults: { latencyMs: [20, 40] } }), async (t, { client }) => {
  const directory = await mkdtemp(join(tmpdir(), 'd8-buffering-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const input = join(directory, 'rows.csv');
  await writeFile(input, `n,name\n${Array.from({ length: ROWS }, (_, index) => row(index)).join('')}`);

  const lines: string[] = [];
  let maxUnsent = 0;
  let maxUnwritten = 0;
  let read = 0;
  const destination = new Writable({
    write(text: Buffer, _encoding, callback) {
      lines.push(...text.toString().split('\n').filter((line) => line !== ''));
      setTimeout(callback, 100);
    },
  });
  const onProgress = (event: ProgressEvent): void => {
    // A block's 'read' event comes just before its 'upload' event.
    if (event.phase === 'read') read = event.records;
    if (event.phase === 'upload') maxUnsent = Math.max(maxUnsent, read - event.records);
    if (event.phase === 'download') maxUnwritten = Math.max(maxUnwritten, event.records - (lines.length - 1));
  };
  const result = await cleanse({ client, workflow: 'Identity', inputs: { Input: input }, outputs: { Output: destination }, rowKey: true, onProgress });

  t.is(result.outputs.Output?.records, ROWS);
  t.is(lines[0], 'n,name', 'the row key is taken out');
  t.deepEqual(
    lines.slice(1).map((line) => Number(line.split(',')[0])),
    Array.from({ length: ROWS }, (_, index) => index),
  );
  // Read, not yet stored: the uploader's blocks and the batch it takes, a batch in each side of
  // the row-key step, and the reader's two batches, one 16 KiB slice and the batch it gathers.
  const upload = (CONCURRENCY + 2) * BLOCK + 2 * BLOCK + 3 * BLOCK + Math.ceil((16 * 1024) / ROW_BYTES) + 1;
  t.true(maxUnsent <= upload, `${maxUnsent} records read waited to be stored (bound ${upload})`);
  // Delivered, not yet at the destination: a page in the reader, two in the row-key step, one in
  // the writer and one handed between them, and the text of two writes (the writer's next and
  // the one in flight), each up to 64 Ki characters and a page.
  const download = 5 * PAGE + 2 * (Math.ceil((64 * 1024) / ROW_BYTES) + PAGE);
  t.true(maxUnwritten <= download, `${maxUnwritten} records delivered waited for the destination (bound ${download})`);
});
