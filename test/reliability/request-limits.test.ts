/**
 * What the emulator does with requests that are too big, too slow, or not JSON, on every
 * route that takes a body (the core checks are in test/emulator/hardening.test.ts; these
 * cover the routes and forms they leave out): a 413 before the body is read, a cut-off slow
 * or silent client, and a 400 naming the body for malformed, deeply nested or non-UTF-8 JSON,
 * with nothing stored.
 */
import { connect } from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { withEmulatorOptions, type EmulatorFixture } from '../helpers/emulator.js';

const DATAGROUP_HEADERS = { 'x-api-key': 'local-api-key', authorizationtoken: 'local-token' };
const DATAGROUP_BATCHES = '/v3/async/append/email/job/job1/batch';

/** Every route that takes a JSON body, with the resources it needs. */
async function jsonRoutes(emu: EmulatorFixture): Promise<[method: string, path: string, headers?: Record<string, string>][]> {
  await emu.api('POST', '/Dataset', { name: 'open', columns: { a: 0 } });
  const { clientId } = (await emu.api('POST', '/ClientCredential', { description: 'c' })).json as { clientId: string };
  const { clientSecretId } = (await emu.api('POST', `/ClientCredential/${clientId}/secrets`, { expires: '2099-01-01T00:00:00Z' })).json as {
    clientSecretId: number;
  };
  const { key } = (await emu.api('POST', '/ApiKey', {})).json as { key: string };
  return [
    ['POST', '/Dataset'],
    ['PUT', '/Dataset/open'],
    ['PATCH', '/Dataset/open/data'],
    ['POST', '/Job'],
    ['POST', '/ClientCredential'],
    ['PUT', `/ClientCredential/${clientId}`],
    ['POST', `/ClientCredential/${clientId}/secrets`],
    ['PUT', `/ClientCredential/${clientId}/secrets/${clientSecretId}`],
    ['POST', '/ApiKey'],
    ['PUT', `/ApiKey/${key}`],
    ['POST', `/ApiKey/${key}/allowedIPs`],
    ['POST', DATAGROUP_BATCHES, DATAGROUP_HEADERS],
  ];
}

/** What the account holds, to show that refused requests stored nothing. */
async function state(emu: EmulatorFixture): Promise<unknown> {
  const paths = ['/Dataset', '/Dataset/open', '/Job', '/ClientCredential', '/ApiKey'];
  return Promise.all(paths.map(async (path) => (await emu.api('GET', path)).json));
}

const DEEP = 40; // the emulator refuses more than 32 levels
const BAD_BODIES: [string, Uint8Array][] = [
  ['truncated', Buffer.from('{"blockNumber":0,"records":[{"a":"x"}')],
  ['trailing text', Buffer.from('{"description":"x","data":[{"a":"x"}]} and more')],
  ['single quotes', Buffer.from("{'description':'x'}")],
  ['nested 40 deep inside a value', Buffer.from(`{"description":"x","blockNumber":0,"records":[{"a":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}],"data":[{"a":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}]}`)],
  ['nested 100,000 deep', Buffer.from(`{"data":[{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`)],
  ['invalid UTF-8 in a string', Buffer.concat([Buffer.from('{"description":"a'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","data":[{"a":"x"}]}')])],
  ['an overlong UTF-8 slash', Buffer.concat([Buffer.from('{"description":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('","data":[{"a":"x"}]}')])],
];

test('malformed, deeply nested or non-UTF-8 JSON is a 400 naming the body on every route, and nothing is stored', withEmulatorOptions({}), async (t, emu) => {
  const routes = await jsonRoutes(emu);
  const before = await state(emu);
  for (const [method, path, headers] of routes) {
    for (const [name, body] of BAD_BODIES) {
      const response = await emu.api(method, path, undefined, { rawBody: body, ...(headers === undefined ? {} : { headers, token: null }) });
      const what = `${name} → ${method} ${path}`;
      t.is(response.status, 400, `${what}: ${response.text.slice(0, 300)}`);
      t.is(response.headers.get('content-type'), 'application/problem+json; charset=utf-8', what);
      t.deepEqual(Object.keys((response.json as { errors?: object } | undefined)?.errors ?? {}), ['body'], `${what}: ${response.text.slice(0, 300)}`);
    }
  }
  t.deepEqual(await state(emu), before);
  t.deepEqual((await fetch(`${emu.url}/_emulator/health`)).status, 200);
});

test('bodies over the limit get 413 on every route, announced or streamed, without the body being read', withEmulatorOptions({ bodyLimitBytes: 4096 }), async (t, emu) => {
  const routes = await jsonRoutes(emu);
  const before = await state(emu);
  const big = JSON.stringify({ description: 'x'.repeat(5000), blockNumber: 0, records: [{ a: 'x'.repeat(5000) }] });
  for (const [method, path] of routes) {
    if (path === DATAGROUP_BATCHES) continue; // its own 10 MB limit: test/datagroup/size-limit.test.ts
    const announced = await emu.api(method, path, undefined, { rawBody: big });
    t.is(announced.status, 413, `${method} ${path}`);
    t.regex((announced.json as { detail: string }).detail, /4096 bytes/);

    // No Content-Length: the limit holds while the body streams in.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(Buffer.from('x'.repeat(1000)));
        controller.close();
      },
    });
    const token = await emu.getToken();
    const streamed = await fetch(`${emu.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    });
    t.is(streamed.status, 413, `streamed ${method} ${path}`);
    await streamed.arrayBuffer();
  }
  // The token endpoint has its own limit, 64 KiB.
  const form = await emu.tokenRequest({ grant_type: 'client_credentials', client_id: 'local-client', client_secret: 'x'.repeat(70_000) });
  t.is(form.status, 413, 'the token endpoint has a limit too');

  // A client announcing a gigabyte is answered at once: nothing waits for the body.
  const { hostname, port } = new URL(emu.url);
  const socket = connect(Number(port), hostname);
  const token = await emu.getToken();
  socket.write(`PATCH /Dataset/open/data HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{"a":`);
  const status = await new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1').split('\r\n')[0] ?? '')));
  socket.destroy();
  t.is(status, 'HTTP/1.1 413 Payload Too Large');
  t.deepEqual(await state(emu), before);
});

/** Waits for the server to close `socket`, giving what it sent; fails the test if it does not within `guardMs`. */
async function closedByServer(t: ExecutionContext, socket: ReturnType<typeof connect>, guardMs: number): Promise<string> {
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = await new Promise<boolean>((resolve) => {
    const guard = setTimeout(() => resolve(false), guardMs);
    socket.on('close', () => {
      clearTimeout(guard);
      resolve(true);
    });
  });
  socket.destroy();
  t.true(closed, `the server left the connection open (it sent: ${JSON.stringify(answer.slice(0, 200))})`);
  return answer;
}

const slowLimits = withEmulatorOptions({ timeouts: { headersMs: 400, requestMs: 600, idleMs: 600 } });

test('a client that trickles its body, sends nothing or goes idle is cut off', slowLimits, async (t, emu) => {
  const { hostname, port } = new URL(emu.url);
  const token = await emu.getToken();
  await emu.api('POST', '/Dataset', { name: 'open', columns: { a: 0 } });

  const trickling = connect(Number(port), hostname);
  trickling.write(`PATCH /Dataset/open/data HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"block`);
  const drip = setInterval(() => trickling.write(' '), 100);
  const answer = await closedByServer(t, trickling, 15_000);
  clearInterval(drip);
  t.regex(answer, /^(HTTP\/1\.1 408|$)/, 'a 408 or a plain close, never an answer to the half-sent request');

  const silent = connect(Number(port), hostname);
  t.regex(await closedByServer(t, silent, 15_000), /^(HTTP\/1\.1 408|$)/, 'a connection that never sends a byte is closed');

  const idle = connect(Number(port), hostname);
  idle.write('GET /_emulator/health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
  t.regex(await closedByServer(t, idle, 15_000), /^HTTP\/1\.1 200/, 'answered, then closed once idle');

  t.is(((await emu.api('GET', '/Dataset/open')).json as { recordCount: number }).recordCount, 0, 'the half-sent block was not stored');
});
