/**
 * Every route of the contract asked with the wrong token. Another account's token gets exactly
 * the answer a resource that never existed gets (so not even existence leaks); no token, a
 * malformed, tampered, forged, expired or revoked token gets 401; a token without `BatchApi`
 * 403. No answer holds the owner's data, and none changes anything.
 */
import test, { type ExecutionContext } from 'ava';
import { startEmulator } from '../../lib/emulator/index.js';
import { withEmulatorOptions, type ApiResponse, type EmulatorFixture } from '../helpers/emulator.js';

const OTHER = { clientId: 'other-client', clientSecret: 'other-secret' };
const twoAccounts = withEmulatorOptions({ accounts: [{ name: 'other', ...OTHER }] });

/** Strings only the owner's resources hold: none may appear in an answer to anyone else. */
const MARKERS = ['marker-record-of-a', 'marker-description-of-a', 'marker_col', 'marker-of-a.example', '10.11.12.0', 'MarkerService'];

/** The identifiers a request is built from: the owner's real ones, or ones that never existed. */
interface Ids {
  readonly dataset: string;
  readonly draft: string;
  readonly output: string;
  readonly job: string;
  readonly clientId: string;
  readonly secretId: number;
  readonly key: string;
}

const GHOST: Ids = {
  dataset: 'ghost_input',
  draft: 'ghost_draft',
  output: 'ghost_output',
  job: 'ghost job',
  clientId: 'ghost-client-0000',
  secretId: 987_654,
  key: 'GHOSTKEY00000000',
};

type Request = readonly [method: string, path: string, body?: unknown];

/** A route of the contract on one resource, and what its owner gets (proof that the path reaches the route). */
interface RouteCase {
  readonly request: (ids: Ids) => Request;
  readonly ownerStatus: number;
  /** What another account gets. @default 404 */
  readonly foreignStatus?: number;
}

const EXPIRES = '2099-01-01T00:00:00Z';
const cred = (ids: Ids) => `/ClientCredential/${ids.clientId}`;
const key = (ids: Ids) => `/ApiKey/${ids.key}`;

/** In an order the owner can replay: children before the parents they are deleted with. */
const ROUTES: readonly RouteCase[] = [
  { request: (ids) => ['GET', `/Dataset/${ids.dataset}`], ownerStatus: 200 },
  { request: (ids) => ['PATCH', `/Dataset/${ids.draft}/data`, { blockNumber: 5, records: [{ marker_col: 'intruder' }] }], ownerStatus: 204 },
  { request: (ids) => ['GET', `/Dataset/${ids.output}/data?start=1&count=10`], ownerStatus: 200 },
  { request: (ids) => ['GET', `/Job/${encodeURIComponent(ids.job)}`], ownerStatus: 200 },
  {
    request: (ids) => ['POST', '/Job', { name: 'intruder job', workflowName: 'Identity', inputDatasets: { Input: ids.dataset } }],
    ownerStatus: 201,
    foreignStatus: 400,
  },
  { request: (ids) => ['PUT', `/Dataset/${ids.draft}`, { recordCount: 2, completed: true }], ownerStatus: 200 },
  { request: (ids) => ['DELETE', `/Dataset/${ids.dataset}`], ownerStatus: 204 },

  { request: (ids) => ['GET', cred(ids)], ownerStatus: 200 },
  { request: (ids) => ['PUT', cred(ids), { description: 'intruder' }], ownerStatus: 204 },
  { request: (ids) => ['GET', `${cred(ids)}/secrets`], ownerStatus: 200 },
  { request: (ids) => ['POST', `${cred(ids)}/secrets`, { expires: EXPIRES }], ownerStatus: 201 },
  { request: (ids) => ['GET', `${cred(ids)}/secrets/${ids.secretId}`], ownerStatus: 200 },
  { request: (ids) => ['PUT', `${cred(ids)}/secrets/${ids.secretId}`, { description: 'intruder' }], ownerStatus: 204 },
  { request: (ids) => ['DELETE', `${cred(ids)}/secrets/${ids.secretId}`], ownerStatus: 204 },
  { request: (ids) => ['DELETE', cred(ids)], ownerStatus: 204 },

  { request: (ids) => ['GET', key(ids)], ownerStatus: 200 },
  { request: (ids) => ['PUT', key(ids), { description: 'intruder' }], ownerStatus: 204 },
  { request: (ids) => ['GET', `${key(ids)}/allowedDomains`], ownerStatus: 200 },
  { request: (ids) => ['PUT', `${key(ids)}/allowedDomains/intruder.example`], ownerStatus: 204 },
  { request: (ids) => ['DELETE', `${key(ids)}/allowedDomains/marker-of-a.example`], ownerStatus: 204 },
  { request: (ids) => ['GET', `${key(ids)}/allowedIPs`], ownerStatus: 200 },
  { request: (ids) => ['POST', `${key(ids)}/allowedIPs`, '5.6.7.8'], ownerStatus: 204 },
  { request: (ids) => ['PUT', `${key(ids)}/allowedIPs/5.6.7.0/24`], ownerStatus: 204 },
  { request: (ids) => ['PUT', `${key(ids)}/allowedIPs/5.6.7.9`], ownerStatus: 204 },
  { request: (ids) => ['DELETE', `${key(ids)}/allowedIPs/10.11.12.0/24`], ownerStatus: 204 },
  { request: (ids) => ['DELETE', `${key(ids)}/allowedIPs/1.2.3.4`], ownerStatus: 204 },
  { request: (ids) => ['GET', `${key(ids)}/allowedServices`], ownerStatus: 200 },
  { request: (ids) => ['PUT', `${key(ids)}/allowedServices/Intruder`], ownerStatus: 204 },
  { request: (ids) => ['DELETE', `${key(ids)}/allowedServices/MarkerService`], ownerStatus: 204 },
  { request: (ids) => ['DELETE', key(ids)], ownerStatus: 204 },
];

/** Routes that take no identifier: another account gets its own (empty) view. */
const COLLECTIONS: readonly Request[] = [
  ['GET', '/Dataset'],
  ['GET', '/Dataset?input=false'],
  ['GET', '/Job'],
  ['GET', '/ClientCredential'],
  ['GET', '/ApiKey'],
];
const CREATES: readonly Request[] = [
  ['POST', '/Dataset', { name: 'intruder', columns: { a: 0 } }],
  ['POST', '/ClientCredential', { description: 'intruder' }],
  ['POST', '/ApiKey', { description: 'intruder' }],
];

/** Gives the owner (the default account) one of every resource, each holding a marker. */
async function ownerResources(t: ExecutionContext, emu: EmulatorFixture): Promise<Ids> {
  const ok = async (method: string, path: string, body?: unknown): Promise<ApiResponse> => {
    const response = await emu.api(method, path, body);
    t.true(response.status < 300, `${method} ${path}: ${response.text}`);
    return response;
  };
  const columns = { marker_col: 0 };
  await ok('POST', '/Dataset', { name: 'a_input', columns });
  await ok('PATCH', '/Dataset/a_input/data', { blockNumber: 0, records: [{ marker_col: 'marker-record-of-a' }] });
  await ok('PUT', '/Dataset/a_input', { recordCount: 1, completed: true });
  await ok('POST', '/Dataset', { name: 'a_draft', columns });
  await ok('PATCH', '/Dataset/a_draft/data', { blockNumber: 0, records: [{ marker_col: 'marker-record-of-a' }] });
  emu.emulator.jobs.script({ job: 'job of a' });
  const job = (await ok('POST', '/Job', { name: 'job of a', workflowName: 'Identity', inputDatasets: { Input: 'a_input' } })).json as {
    outputDatasets: { Output: string };
  };
  const { clientId } = (await ok('POST', '/ClientCredential', { description: 'marker-description-of-a' })).json as { clientId: string };
  const { clientSecretId } = (await ok('POST', `/ClientCredential/${clientId}/secrets`, { expires: EXPIRES, description: 'marker-description-of-a' }))
    .json as { clientSecretId: number };
  const apiKey = ((await ok('POST', '/ApiKey', { description: 'marker-description-of-a' })).json as { key: string }).key;
  await ok('PUT', `/ApiKey/${apiKey}/allowedDomains/marker-of-a.example`);
  await ok('POST', `/ApiKey/${apiKey}/allowedIPs`, '10.11.12.0/24');
  await ok('POST', `/ApiKey/${apiKey}/allowedIPs`, '1.2.3.4');
  await ok('PUT', `/ApiKey/${apiKey}/allowedServices/MarkerService`);
  return { dataset: 'a_input', draft: 'a_draft', output: job.outputDatasets.Output, job: 'job of a', clientId, secretId: clientSecretId, key: apiKey };
}

/** Everything the owner can read, to compare before and after the intrusions. */
async function ownerView(emu: EmulatorFixture, ids: Ids): Promise<unknown[]> {
  const paths = ['/Dataset', '/Job', '/ClientCredential', '/ApiKey', `/Dataset/${ids.dataset}`, `/Dataset/${ids.draft}`,
    `/Dataset/${ids.output}/data`, `/Job/${encodeURIComponent(ids.job)}`, cred(ids), `${cred(ids)}/secrets/${ids.secretId}`, key(ids)];
  return Promise.all(paths.map(async (path) => {
    const response = await emu.api('GET', path);
    return { path, status: response.status, json: response.json };
  }));
}

/** A problem document as the caller could compare it: trace id and echoed path dropped, every identifier replaced by its role. */
function comparable(response: ApiResponse, ids: Ids): unknown {
  let text = response.text;
  for (const [role, value] of Object.entries(ids) as [string, string | number][]) {
    const forms = typeof value === 'number' ? [`"${String(value)}"`] : [value, encodeURIComponent(value), `${value.slice(0, 4)}…`];
    for (const form of forms) text = text.split(form).join(`<${role}>`);
  }
  const { traceId: _traceId, instance: _instance, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return { status: response.status, ...rest };
}

/** The answer may echo the caller's own path (`instance`), nothing else of the owner's. */
function assertNoMarkers(t: ExecutionContext, response: ApiResponse, what: string): void {
  const { instance: _echoedPath, ...rest } = (response.json ?? {}) as Record<string, unknown>;
  const text = Array.isArray(response.json) ? response.text : JSON.stringify(rest);
  for (const marker of MARKERS) t.false(text.includes(marker), `${what} answers ${marker}: ${response.text}`);
}

async function send(emu: EmulatorFixture, [method, path, body]: Request, token: string | null): Promise<ApiResponse> {
  return emu.api(method, path, body, { token });
}

test('another account gets, on every route, the answer a resource that never existed gets', twoAccounts, async (t, emu) => {
  const ids = await ownerResources(t, emu);
  const before = await ownerView(emu, ids);
  const foreign = await emu.getToken(OTHER);

  for (const route of ROUTES) {
    const request = route.request(ids);
    const what = `${request[0]} ${request[1]}`;
    const intrusion = await send(emu, request, foreign);
    t.is(intrusion.status, route.foreignStatus ?? 404, `${what}: ${intrusion.text}`);
    assertNoMarkers(t, intrusion, what);
    const ghost = await send(emu, route.request(GHOST), foreign);
    t.deepEqual(comparable(intrusion, ids), comparable(ghost, GHOST), `${what} answers differently for a resource that exists`);
  }
  for (const request of COLLECTIONS) {
    const response = await send(emu, request, foreign);
    t.is(response.status, 200);
    assertNoMarkers(t, response, `${request[0]} ${request[1]}`);
    for (const id of [ids.dataset, ids.output, ids.job, ids.clientId, ids.key]) t.false(response.text.includes(id), `${request[1]} lists ${id}`);
  }
  // Names are per account: the other account may use the owner's dataset name for its own.
  t.is((await send(emu, ['POST', '/Dataset', { name: ids.dataset, columns: { b: 1 } }], foreign)).status, 201);

  t.deepEqual(await ownerView(emu, ids), before, 'the owner\'s resources are unchanged');

  // Every path above reaches its route: the owner, replaying them, gets what the contract says.
  for (const route of ROUTES) {
    const request = route.request(ids);
    const response = await send(emu, request, await emu.getToken());
    t.is(response.status, route.ownerStatus, `owner ${request[0]} ${request[1]}: ${response.text}`);
  }
});

test('no, malformed, tampered, forged, expired, revoked or unscoped tokens get 401 (403 without BatchApi) everywhere', twoAccounts, async (t, emu) => {
  const ids = await ownerResources(t, emu);
  const { emulator } = emu;
  const elsewhere = await startEmulator();
  const forged = elsewhere.issueToken();
  await elsewhere.close();
  const expired = emulator.issueToken({ ttlSeconds: 1 });
  const valid = await emu.getToken();
  // A credential whose token was issued before it was deleted.
  const doomed = (await emu.api('POST', '/ClientCredential', { description: 'doomed' })).json as { clientId: string };
  const { generatedSecret } = (await emu.api('POST', `/ClientCredential/${doomed.clientId}/secrets`, { expires: EXPIRES })).json as {
    generatedSecret: string;
  };
  const revoked = await emu.getToken({ clientId: doomed.clientId, clientSecret: generatedSecret });
  t.is((await emu.api('GET', '/Dataset', undefined, { token: revoked })).status, 200, 'the revoked token worked before');
  t.is((await emu.api('DELETE', `/ClientCredential/${doomed.clientId}`)).status, 204);
  await new Promise((resolve) => setTimeout(resolve, 1100));

  const before = await ownerView(emu, ids);
  const refused: readonly [string, string | null, number][] = [
    ['no token', null, 401],
    ['not a token', 'not-a-token', 401],
    ['tampered', `${valid.slice(0, -3)}${valid.endsWith('AAA') ? 'BBB' : 'AAA'}`, 401],
    ['forged by another emulator', forged, 401],
    ['expired', expired, 401],
    ['revoked', revoked, 401],
    ['without BatchApi', emulator.issueToken({ scopes: ['Reports'] }), 403],
  ];
  const requests = [...ROUTES.map((route) => route.request(ids)), ...COLLECTIONS, ...CREATES];
  for (const [kind, token, status] of refused) {
    for (const request of requests) {
      const response = await send(emu, request, token);
      const what = `${kind}: ${request[0]} ${request[1]}`;
      t.is(response.status, status, `${what}: ${response.text}`);
      if (status === 401) t.regex(response.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/, what);
      assertNoMarkers(t, response, what);
    }
  }
  t.deepEqual(await ownerView(emu, ids), before, 'nothing changed');
  t.is((await send(emu, ['GET', `/Dataset/${ids.dataset}`], valid)).status, 200, 'the valid token still works');
});
