/**
 * Random bodies and queries thrown at routes that exist, on resources that exist, with a valid
 * token (test/emulator/random-requests.test.ts throws random paths, which mostly miss): never a
 * 5xx, never a crash, and what was complete stays as it was.
 */
import test from 'ava';
import fc from 'fast-check';
import { withEmulator } from '../helpers/emulator.js';

const COLUMNS = { name: 0, age: 1, score: 2, member: 3, joined: 4 };
const PEOPLE = Array.from({ length: 30 }, (_, i) => ({ name: `n${String(i)}`, age: i, score: i / 2, member: i % 2 === 0, joined: '2024-02-29' }));

/** Values that come close to fitting a column, and some that do. */
const value = fc.oneof(
  fc.constantFrom(null, '', '2024-02-29', '2024-02-29T13:45:00Z', '2024-13-45', 'NaN', '1e400', '-0', '\u0000', '\ud800'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.constant(Number.MAX_SAFE_INTEGER + 2),
  fc.jsonValue({ maxDepth: 3 }),
);
const record = fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(COLUMNS), '__proto__', 'constructor', ''), fc.string({ maxLength: 8 })), value, {
  maxKeys: 6,
});
const blockBody = fc.record(
  {
    blockNumber: fc.oneof(fc.nat(5), fc.integer(), fc.double(), fc.string({ maxLength: 4 }), fc.constant(null)),
    records: fc.oneof(fc.array(record, { maxLength: 5 }), fc.array(record, { minLength: 1001, maxLength: 1002 }), value),
  },
  { requiredKeys: [] },
);
const anyBody = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.string({ maxLength: 100 }), fc.anything({ maxDepth: 3 }));
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('2099-01-01T00:00:00Z', '2001-01-01', 'Identity', 'Input', 'people', 'open', 'GB'));
const query = fc.dictionary(fc.constantFrom('page', 'start', 'count', 'input', 'output', 'workflow', 'startDate', 'endDate'), fc.string({ maxLength: 8 }), { maxKeys: 3 });

/** `[method, path, body generator]` for every route on the resources the test creates. */
function routes(clientId: string, secretId: number, key: string): [string, string, fc.Arbitrary<unknown>][] {
  return [
    ['POST', '/Dataset', fc.record({ name: text, columns: fc.oneof(fc.dictionary(text, fc.oneof(fc.nat(6), value)), value) }, { requiredKeys: [] })],
    ['PUT', '/Dataset/open', fc.record({ recordCount: fc.oneof(fc.nat(3), value), completed: fc.oneof(fc.boolean(), value) }, { requiredKeys: [] })],
    ['PUT', '/Dataset/people', fc.record({ recordCount: fc.oneof(fc.constant(PEOPLE.length), value), completed: fc.constant(true) })],
    ['PATCH', '/Dataset/open/data', blockBody],
    ['PATCH', '/Dataset/people/data', blockBody],
    ['GET', '/Dataset/people_output/data', fc.constant(undefined)],
    ['POST', '/Job', fc.record({
      name: text,
      workflowName: fc.oneof(fc.constantFrom('Identity', 'CleanseContacts'), text),
      inputDatasets: fc.oneof(fc.dictionary(fc.constantFrom('Input', 'Contacts', 'x'), fc.oneof(text, value)), value),
      parameters: fc.oneof(fc.dictionary(fc.constantFrom('DefaultCountry', 'x'), fc.oneof(text, value)), value),
    }, { requiredKeys: [] })],
    ['GET', '/Job', fc.constant(undefined)],
    ['PUT', `/ClientCredential/${clientId}`, fc.record({ description: fc.oneof(text, value), secrets: value }, { requiredKeys: [] })],
    ['POST', `/ClientCredential/${clientId}/secrets`, fc.record({ expires: fc.oneof(text, value), description: fc.oneof(text, value) }, { requiredKeys: [] })],
    ['PUT', `/ClientCredential/${clientId}/secrets/${String(secretId)}`, fc.record({ expires: fc.oneof(text, value), description: value }, { requiredKeys: [] })],
    ['PUT', `/ApiKey/${key}`, fc.record({ key: fc.oneof(fc.constant(key), text), expiresOn: fc.oneof(text, value), maxRequestsPerIPPerDay: value, isClientKey: value }, { requiredKeys: [] })],
    ['POST', `/ApiKey/${key}/allowedIPs`, fc.oneof(text, fc.ipV4(), fc.ipV6(), fc.tuple(fc.ipV4(), fc.nat(40)).map(([ip, prefix]) => `${ip}/${String(prefix)}`), value)],
    ['POST', '/ApiKey', fc.record({ key: text, description: value }, { requiredKeys: [] })],
  ];
}

test('random bodies and queries on every route of existing resources never get a 5xx, and complete data is untouched', withEmulator, async (t, emu) => {
  await emu.api('POST', '/Dataset', { name: 'people', columns: COLUMNS });
  await emu.api('PATCH', '/Dataset/people/data', { blockNumber: 0, records: PEOPLE });
  await emu.api('PUT', '/Dataset/people', { recordCount: PEOPLE.length, completed: true });
  emu.emulator.jobs.script({ job: 'people' });
  t.is((await emu.api('POST', '/Job', { name: 'people', workflowName: 'Identity', inputDatasets: { Input: 'people' } })).status, 201);
  await emu.api('POST', '/Dataset', { name: 'open', columns: COLUMNS });
  const { clientId } = (await emu.api('POST', '/ClientCredential', { description: 'c' })).json as { clientId: string };
  const { clientSecretId } = (await emu.api('POST', `/ClientCredential/${clientId}/secrets`, { expires: '2099-01-01T00:00:00Z' })).json as {
    clientSecretId: number;
  };
  const { key } = (await emu.api('POST', '/ApiKey', {})).json as { key: string };
  const complete = async () => [(await emu.api('GET', '/Dataset/people')).json, (await emu.api('GET', '/Dataset/people_output/data')).json];
  const before = await complete();
  t.is((before[1] as unknown[]).length, PEOPLE.length);

  const token = await emu.getToken();
  const request = fc.oneof(
    ...routes(clientId, clientSecretId, key).map(([method, path, body]) =>
      fc.tuple(fc.constant(method), fc.constant(path), fc.oneof({ weight: 4, arbitrary: body }, { weight: 1, arbitrary: anyBody }), query),
    ),
  );
  let requests = 0;
  await fc.assert(
    fc.asyncProperty(request, async ([method, path, body, params]) => {
      const search = Object.keys(params).length === 0 ? '' : `?${new URLSearchParams(params).toString()}`;
      const payload = body === undefined || method === 'GET' ? undefined : JSON.stringify(body);
      const response = await fetch(`${emu.url}${path}${search}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(payload === undefined ? {} : { body: payload }),
      });
      await response.arrayBuffer();
      requests++;
      return response.status < 500;
    }),
    { numRuns: 800, seed: 9_090_909 },
  );
  t.is(requests, 800);
  t.deepEqual(emu.emulator.journal().filter((entry) => entry.status >= 500), []);
  t.deepEqual(await complete(), before, 'the complete input and the job\'s output are as they were');
  t.is((await fetch(`${emu.url}/_emulator/health`)).status, 200);
});
