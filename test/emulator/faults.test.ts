import { request as httpRequest } from 'node:http';
import test from 'ava';
import { ConfigError } from '../../lib/core/errors.js';
import { parseFaultSpec, startEmulator, type FaultOptions } from '../../lib/emulator/index.js';
import { fixtureFor, withEmulator, withEmulatorOptions } from '../helpers/emulator.js';

async function statusSequence(faults: FaultOptions, count: number): Promise<string[]> {
  const emulator = await startEmulator({ faults });
  try {
    const emu = fixtureFor(emulator);
    const token = await emu.getToken();
    const sequence: string[] = [];
    for (let i = 0; i < count; i++) {
      const response = await emu.api('GET', '/ApiKey', undefined, { token });
      sequence.push(`${response.status}${response.headers.get('retry-after') === null ? '' : `/${response.headers.get('retry-after')}`}`);
    }
    return sequence;
  } finally {
    await emulator.close();
  }
}

test('random faults repeat exactly for the same seed', async (t) => {
  const faults = { rate429: 0.3, rate503: 0.2, retryAfterSeconds: 2, seed: 7 };
  const first = await statusSequence(faults, 40);
  const second = await statusSequence(faults, 40);
  t.deepEqual(first, second);
  t.true(first.includes('429/2'), 'some 429 with Retry-After');
  t.true(first.includes('503/2'), 'some 503 with Retry-After');
  t.true(first.includes('200'), 'some successes');
  const other = await statusSequence({ ...faults, seed: 8 }, 40);
  t.notDeepEqual(first, other);
});

test('a plan by count fails exactly the nth matching requests', withEmulator, async (t, emu) => {
  const token = await emu.getToken();
  const id = emu.emulator.faults.plan({ method: 'GET', path: '/ApiKey', nth: 3, times: 2, fault: { status: 503, retryAfterSeconds: 1 } });
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    await emu.api('GET', '/ClientCredential', undefined, { token }); // does not match: not counted
    const response = await emu.api('GET', '/ApiKey', undefined, { token });
    statuses.push(response.status);
    if (response.status === 503) t.is(response.headers.get('retry-after'), '1');
  }
  t.deepEqual(statuses, [200, 200, 503, 503, 200, 200]);
  t.deepEqual(
    emu.emulator.faults.plans().map((plan) => [plan.id, plan.matched, plan.fired]),
    [[id, 6, 2]],
  );
  const journalled = emu.emulator.journal().filter((entry) => entry.fault !== undefined);
  t.deepEqual(journalled.map((entry) => [entry.route, entry.status, entry.fault]), [
    ['/ApiKey', 503, `plan #${id}: 503`],
    ['/ApiKey', 503, `plan #${id}: 503`],
  ]);
});

test('planned latency delays the request, which then succeeds', withEmulator, async (t, emu) => {
  emu.emulator.faults.plan({ method: 'GET', path: '/ApiKey', fault: { latencyMs: 120 } });
  emu.emulator.faults.plan({ method: 'GET', path: '/ClientCredential', fault: { status: 502 } });
  t.is((await emu.api('GET', '/ApiKey')).status, 200);
  t.is((await emu.api('GET', '/ApiKey')).status, 200);
  const gateway = await emu.api('GET', '/ClientCredential');
  t.is(gateway.status, 502);
  t.is((gateway.json as { title: string }).title, 'Bad Gateway');
  // The journal says what the emulator injected; how long the request took depends on the machine.
  const entries = emu.emulator.journal().map(({ route, status, fault, latencyMs }) => ({ route, status, fault, latencyMs }));
  t.deepEqual(entries.filter((entry) => entry.route !== '/connect/token'), [
    { route: '/ApiKey', status: 200, fault: undefined, latencyMs: 120 },
    { route: '/ApiKey', status: 200, fault: undefined, latencyMs: undefined },
    { route: '/ClientCredential', status: 502, fault: 'plan #2: 502', latencyMs: undefined },
  ]);
});

test('a planned 401 on an API route challenges for a bearer token, like every 401 of the API', withEmulator, async (t, emu) => {
  const token = await emu.getToken();
  const id = emu.emulator.faults.plan({ method: 'GET', path: '/ApiKey', fault: { status: 401, retryAfterSeconds: 2 } });
  const refused = await emu.api('GET', '/ApiKey', undefined, { token });
  t.is(refused.status, 401);
  t.regex(refused.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/);
  t.is(refused.headers.get('retry-after'), '2', 'the plan\'s own headers are kept');
  t.like(refused.json, { status: 401, title: 'Unauthorized', detail: `Injected fault (plan #${id}).` });
  t.is((await emu.api('GET', '/ApiKey', undefined, { token })).status, 200);
  const wrongScheme = await emu.api('GET', '/ApiKey', undefined, { token: null, headers: { authorization: 'Basic abc' } });
  t.is(wrongScheme.status, 401);
  t.regex(wrongScheme.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/);
});

test('path patterns: * is one segment', withEmulator, async (t, emu) => {
  emu.emulator.faults.plan({ method: 'PUT', path: '/ApiKey/*/allowedServices/*', nth: 2, fault: { status: 429, retryAfterSeconds: 3 } });
  const { key } = (await emu.api('POST', '/ApiKey', {})).json as { key: string };
  t.is((await emu.api('PUT', `/ApiKey/${key}/allowedServices/A`)).status, 204);
  const limited = await emu.api('PUT', `/ApiKey/${key}/allowedServices/B`);
  t.is(limited.status, 429);
  t.is(limited.headers.get('retry-after'), '3');
  t.is((await emu.api('PUT', `/ApiKey/${key}/allowedServices/B`)).status, 204);
  t.deepEqual((await emu.api('GET', `/ApiKey/${key}/allowedServices`)).json, ['A', 'B']);
});

test('dropped connections: before the handler nothing changes, after it the change is kept', withEmulator, async (t, emu) => {
  const token = await emu.getToken();
  emu.emulator.faults.plan({ method: 'POST', path: '/ApiKey', nth: 1, fault: { drop: 'before' } });
  emu.emulator.faults.plan({ method: 'POST', path: '/ApiKey', nth: 2, fault: { drop: 'after' } });
  await t.throwsAsync(emu.api('POST', '/ApiKey', { key: 'first' }, { token }));
  t.deepEqual((await emu.api('GET', '/ApiKey', undefined, { token })).json, []);
  await t.throwsAsync(emu.api('POST', '/ApiKey', { key: 'second' }, { token }));
  t.deepEqual(((await emu.api('GET', '/ApiKey', undefined, { token })).json as { key: string }[]).map((k) => k.key), ['second']);
  t.deepEqual(
    emu.emulator.journal().filter((entry) => entry.fault !== undefined).map((entry) => [entry.status, entry.fault]),
    [
      [0, 'plan #1: drop before'],
      [0, 'plan #2: drop after'],
    ],
  );
});

test('controls and, unless asked, the token endpoint are never faulted', withEmulatorOptions({ faults: { rate429: 1 } }), async (t, emu) => {
  t.is((await fetch(`${emu.url}/_emulator/health`)).status, 200);
  const token = await emu.getToken();
  t.is((await emu.api('GET', '/ApiKey', undefined, { token })).status, 429);
  emu.emulator.faults.set({ rate429: 1, tokenEndpoint: true });
  const refused = await emu.tokenRequest({ grant_type: 'client_credentials', client_id: 'local-client', client_secret: 'local-secret' });
  t.is(refused.status, 429);
});

test('faults can be set, planned, read and cleared over HTTP', withEmulator, async (t, emu) => {
  const token = await emu.getToken();
  const control = (method: string, path: string, body?: unknown) =>
    emu.api(method, `/_emulator/faults${path}`, body, { token: null });
  t.is((await control('PUT', '', { rate503: 1, retryAfterSeconds: 4 })).status, 204);
  const unavailable = await emu.api('GET', '/ApiKey', undefined, { token });
  t.is(unavailable.status, 503);
  t.is(unavailable.headers.get('retry-after'), '4');
  const planned = await control('POST', '/plans', { path: '/ClientCredential', nth: 1, fault: { status: 500 } });
  t.is(planned.status, 201);
  t.deepEqual(planned.json, { id: 1 });
  const state = (await control('GET', '')).json as { settings: object; plans: object[] };
  t.deepEqual(state.settings, { rate503: 1, retryAfterSeconds: 4 });
  t.is(state.plans.length, 1);
  t.is((await control('DELETE', '')).status, 204);
  t.is((await emu.api('GET', '/ApiKey', undefined, { token })).status, 200);
  t.is((await emu.api('GET', '/ClientCredential', undefined, { token })).status, 200);

  const wrong = await control('PUT', '', { rate429: 2 });
  t.is(wrong.status, 400);
  t.regex((wrong.json as { detail: string }).detail, /faults\.rate429 must be a probability/);
  t.is((await control('POST', '/plans', { path: 'no-slash', fault: { status: 503 } })).status, 400);
});

test('a short token lifetime can be injected', withEmulator, async (t, emu) => {
  emu.emulator.faults.set({ tokenTtlSeconds: 5 });
  const response = await emu.tokenRequest({ grant_type: 'client_credentials', client_id: 'local-client', client_secret: 'local-secret' });
  t.is((response.json as { expires_in: number }).expires_in, 5);
});

test('the command-line fault spec parses to options and refuses mistakes', (t) => {
  t.deepEqual(parseFaultSpec('429=0.1,503=0.05,drop=0.02,latency=0-30'), {
    rate429: 0.1,
    rate503: 0.05,
    dropRate: 0.02,
    latencyMs: [0, 30],
  });
  t.deepEqual(parseFaultSpec('latency=5,drop-mode=either,retry-after=2'), { latencyMs: [5, 5], dropMode: 'either', retryAfterSeconds: 2 });
  t.throws(() => parseFaultSpec('429=lots'), { instanceOf: ConfigError, message: /faults\.rate429/ });
  t.throws(() => parseFaultSpec('500=0.1'), { instanceOf: ConfigError, message: /unknown fault "500"/ });
  t.throws(() => parseFaultSpec('latency=30-0'), { instanceOf: ConfigError, message: /latencyMs/ });
});

test('maxInFlight: a request arriving while N are being served is answered 429 with Retry-After; the count frees as answers go', withEmulatorOptions({ faults: { maxInFlight: 3, retryAfterSeconds: 0 } }), async (t, emu) => {
  const token = await emu.getToken();
  // Three requests whose bodies have not arrived yet are being served (counted once their headers are in).
  const held = Array.from({ length: 3 }, () => {
    const request = httpRequest(`${emu.emulator.url}/ApiKey`, {
      agent: false,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': '2' },
    });
    const answered = new Promise<number>((resolve, reject) => {
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
    });
    // Settled as it happens, judged below: a hang-up fails the test, it does not crash the worker.
    const settled = answered.then((status) => String(status), (error: unknown) => `error ${String(error)}`);
    request.flushHeaders();
    return { request, settled };
  });
  // The held requests count once the server has their headers, which a loaded machine may take a
  // while to read: probe until it refuses (a probe served before then is simply answered).
  let refused = await emu.api('GET', '/ClientCredential', undefined, { token });
  for (const deadline = Date.now() + 10_000; refused.status !== 429 && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    refused = await emu.api('GET', '/ClientCredential', undefined, { token });
  }
  t.is(refused.status, 429);
  t.is(refused.headers.get('retry-after'), '0');
  for (const { request } of held) request.end('{}');
  const statuses = await Promise.all(held.map(({ settled }) => settled));
  t.true(statuses.every((status) => /^[1-5]\d\d$/.test(status) && status !== '429'), `held requests answered ${statuses.join(', ')}`);
  t.is((await emu.api('GET', '/ClientCredential', undefined, { token })).status, 200);
  t.deepEqual(parseFaultSpec('inflight=6'), { maxInFlight: 6 });
  t.throws(() => parseFaultSpec('inflight=0'), { instanceOf: ConfigError, message: /maxInFlight/ });
});
