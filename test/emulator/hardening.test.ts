import { connect } from 'node:net';
import test from 'ava';
import { fieldPath } from '../../lib/emulator/problems.js';
import { withEmulator, withEmulatorOptions } from '../helpers/emulator.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  traceId: string;
  errors?: Record<string, string[]>;
}

test('malformed JSON is a 400 problem document, never a 500', withEmulator, async (t, emu) => {
  for (const rawBody of ['{"description": ', '{description: 1}', 'null x', '\u0000', '{"__proto__": {"x": 1}}']) {
    const response = await emu.api('POST', '/ClientCredential', undefined, { rawBody });
    t.is(response.status, 400, rawBody);
    t.is(response.headers.get('content-type'), PROBLEM);
    const problem = response.json as Problem;
    t.is(problem.status, 400);
    t.is(problem.instance, '/ClientCredential');
    t.regex(problem.traceId, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  }
  const empty = await emu.api('POST', '/ClientCredential', undefined, { rawBody: '', headers: { 'content-type': 'application/json' } });
  t.is(empty.status, 400);
});

test('deeply nested JSON is refused with 400 naming the body', withEmulator, async (t, emu) => {
  const deep = `{"description": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
  const response = await emu.api('POST', '/ClientCredential', undefined, { rawBody: deep });
  t.is(response.status, 400);
  t.deepEqual(Object.keys((response.json as Problem).errors ?? {}), ['body']);
  // Brackets inside strings do not count.
  const inString = await emu.api('POST', '/ClientCredential', { description: '[{'.repeat(200) });
  t.is(inString.status, 201);
});

test('a body over the limit is a 413 problem', withEmulatorOptions({ bodyLimitBytes: 1024 }), async (t, emu) => {
  const response = await emu.api('POST', '/ClientCredential', { description: 'x'.repeat(2000) });
  t.is(response.status, 413);
  t.is(response.headers.get('content-type'), PROBLEM);
  t.regex((response.json as Problem).detail, /1024 bytes/);
});

test('unknown routes are 404 problems; other media types 415', withEmulator, async (t, emu) => {
  const unknown = await emu.api('GET', '/Nope/at/all');
  t.is(unknown.status, 404);
  t.is(unknown.headers.get('content-type'), PROBLEM);
  const wrongMethod = await emu.api('PATCH', '/ClientCredential');
  t.is(wrongMethod.status, 404);
  const form = await emu.api('POST', '/ClientCredential', undefined, {
    rawBody: 'description=x',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  t.is(form.status, 415);
  t.is(form.headers.get('content-type'), PROBLEM);
});

test('a malformed percent-encoding in the path is a 400 problem', withEmulator, async (t, emu) => {
  const response = await emu.api('GET', '/ApiKey/%E0%A4%A');
  t.is(response.status, 400);
  t.is(response.headers.get('content-type'), PROBLEM);
});

test('validation errors name the field; schema paths become record paths', withEmulator, async (t, emu) => {
  const response = await emu.api('PUT', '/ClientCredential/local-client/secrets/1', { expires: 'tomorrow' });
  t.is(response.status, 400);
  const problem = response.json as Problem;
  t.is(problem.title, 'One or more validation errors occurred.');
  t.deepEqual(Object.keys(problem.errors ?? {}), ['expires']);
  t.is(fieldPath('/records/12/age'), 'records[12].age');
  t.is(fieldPath('/records/3', 'name'), 'records[3].name');
  t.is(fieldPath('', 'name'), 'name');
  t.is(fieldPath('/a~1b'), 'a/b');
});

test('a client that never finishes its headers is cut off', withEmulatorOptions({ timeouts: { headersMs: 300 } }), async (t, emu) => {
  const { hostname, port } = new URL(emu.url);
  const socket = connect(Number(port), hostname);
  socket.write('GET /ClientCredential HTTP/1.1\r\nHost: x\r\n');
  let answer = '';
  socket.on('data', (chunk: Buffer) => {
    answer += chunk.toString();
  });
  await new Promise<void>((resolve) => socket.on('close', () => resolve()));
  t.regex(answer, /^HTTP\/1\.1 408/);
});
