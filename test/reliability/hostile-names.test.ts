/**
 * Names are the one part of a request that reaches the emulator's file layout
 * (`<data>/<account>/<dataset>/...`). Hostile ones (`../`, encoded slashes, dots, NUL and other
 * control characters, over-long values) are refused in bodies with a 400 naming the field, and
 * in paths reach nothing: no other account's data, no file written. The longest valid names
 * reach every route.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { withEmulator, withEmulatorOptions, type EmulatorFixture } from '../helpers/emulator.js';

const OTHER = { clientId: 'other-client', clientSecret: 'other-secret' };

/** Every file under `dir` with its size and modification time. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    files[relative(dir, path)] = entry.isDirectory() ? 'dir' : `${String(info.size)}@${String(info.mtimeMs)}`;
  }
  return files;
}

function fieldsOf(json: unknown): string[] {
  return Object.keys((json as { errors?: object } | undefined)?.errors ?? {});
}

const HOSTILE_TEXT = ['../x', '..', 'a/b', 'a%2Fb', '..\\x', 'a\u0000b', 'a\nb', 'a\u001fb', 'a\u007fb'];

test('hostile names in bodies are refused with a 400 naming the field, and nothing is created', withEmulator, async (t, emu) => {
  const cases: [string, string, unknown, string][] = [];
  for (const name of [...HOSTILE_TEXT, 'x'.repeat(129)]) {
    cases.push(['POST', '/Dataset', { name, columns: { a: 0 } }, 'name']);
    cases.push(['POST', '/Dataset', { name: 'ok', columns: { [name]: 0 } }, `columns.${name}`]);
    cases.push(['POST', '/ApiKey', { key: name }, 'key']);
  }
  for (const name of ['../x', 'a/b', '..\\x', 'a\u0000b', 'a\nb', 'a\u001fb', 'a\u007fb', 'a\u0085b', 'x'.repeat(201)]) {
    cases.push(['POST', '/Job', { name, workflowName: 'Identity', inputDatasets: { Input: 'people' } }, 'name']);
  }
  for (const [method, path, body, field] of cases) {
    const response = await emu.api(method, path, body);
    const what = `${method} ${path} ${JSON.stringify(body)}`;
    t.is(response.status, 400, what);
    t.true(fieldsOf(response.json).includes(field), `${what}: ${response.text}`);
  }
  const seeded = await fetch(`${emu.url}/_emulator/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accounts: [{ name: '../escape' }] }),
  });
  t.is(seeded.status, 400);
  t.deepEqual(fieldsOf(await seeded.json()), ['accounts[0].name']);

  t.deepEqual((await emu.api('GET', '/Dataset')).json, []);
  t.deepEqual((await emu.api('GET', '/Job')).json, []);
  t.deepEqual((await emu.api('GET', '/ApiKey')).json, []);
});

test(
  'hostile names in paths reach no other account and write nothing',
  withEmulatorOptions({ accounts: [{ name: 'other', ...OTHER }] }),
  async (t, emu) => {
    // The other account's dataset lives at <data>/<other>/victim: one "../" away from ours.
    const other = await emu.getToken(OTHER);
    t.is((await emu.api('POST', '/Dataset', { name: 'victim', columns: { a: 0 } }, { token: other })).status, 201);
    t.is((await emu.api('PATCH', '/Dataset/victim/data', { blockNumber: 0, records: [{ a: 'victim-record' }] }, { token: other })).status, 204);
    const { key } = (await emu.api('POST', '/ApiKey', {})).json as { key: string };
    // Our own account's directories exist from here on (they are made on first use).
    await emu.api('GET', '/Dataset');
    await emu.api('GET', '/Job');
    const before = await snapshot(emu.emulator.dataDir);

    const names = [
      '..%2Fother%2Fvictim', '..%2F..%2Fother%2Fvictim', '%2e%2e%2Fother%2Fvictim', '.%2F..%2Fother%2Fvictim', '..%5Cother%5Cvictim',
      '..%2Fcore%2Faccounts.json', '%2e%2e', '.', 'victim%00', 'a%0Ab', 'a%1Fb', 'x'.repeat(600), '%2Fvictim',
    ];
    const requests: [string, string, unknown?][] = [];
    for (const name of names) {
      requests.push(
        ['GET', `/Dataset/${name}`],
        ['PUT', `/Dataset/${name}`, { recordCount: 1, completed: true }],
        ['PATCH', `/Dataset/${name}/data`, { blockNumber: 1, records: [{ a: 'intruder' }] }],
        ['GET', `/Dataset/${name}/data`],
        ['DELETE', `/Dataset/${name}`],
        ['GET', `/Job/${name}`],
        ['GET', `/ClientCredential/${name}`],
        ['GET', `/ApiKey/${name}`],
        ['PUT', `/ApiKey/${key}/allowedDomains/${name}`],
        ['PUT', `/ApiKey/${key}/allowedServices/${name}`],
        ['PUT', `/ApiKey/${key}/allowedIPs/${name}`],
      );
    }
    for (const [method, path, body] of requests) {
      const response = await emu.api(method, path, body);
      const what = `${method} ${path.slice(0, 120)}`;
      t.true(response.status === 400 || response.status === 404, `${what}: ${String(response.status)} ${response.text.slice(0, 300)}`);
      t.false(response.text.includes('victim-record'), what);
    }

    t.deepEqual(await snapshot(emu.emulator.dataDir), before, 'no file was written, moved or removed');
    const victim = (await emu.api('GET', '/Dataset/victim', undefined, { token: other })).json as { recordCount: number; completed: boolean };
    t.like(victim, { recordCount: 1, completed: false });
    t.deepEqual(((await emu.api('GET', `/ApiKey/${key}`)).json as { allowedDomains: string[] }).allowedDomains, []);
  },
);

async function expectStatus(t: ExecutionContext, emu: EmulatorFixture, method: string, path: string, status: number, body?: unknown) {
  const response = await emu.api(method, path, body);
  t.is(response.status, status, `${method} ${path.slice(0, 60)}…: ${response.text.slice(0, 300)}`);
  return response;
}

test('the longest names the contract allows reach every route', withEmulator, async (t, emu) => {
  const dataset = `p${'x'.repeat(127)}`;
  await expectStatus(t, emu, 'POST', '/Dataset', 201, { name: dataset, columns: { a: 0 } });
  await expectStatus(t, emu, 'PATCH', `/Dataset/${dataset}/data`, 204, { blockNumber: 0, records: [{ a: 'one' }] });
  await expectStatus(t, emu, 'PUT', `/Dataset/${dataset}`, 200, { recordCount: 1, completed: true });
  await expectStatus(t, emu, 'GET', `/Dataset/${dataset}`, 200);

  // 200 characters, some of them multi-byte: the encoded path segment is far longer.
  const job = `Nightly ${'é'.repeat(40)} ${'y'.repeat(151)}`;
  t.is(job.length, 200);
  emu.emulator.jobs.script({ job });
  const started = await expectStatus(t, emu, 'POST', '/Job', 201, { name: job, workflowName: 'Identity', inputDatasets: { Input: dataset } });
  const output = (started.json as { outputDatasets: { Output: string } }).outputDatasets.Output;
  t.is(output.length, 128);
  t.is(((await expectStatus(t, emu, 'GET', `/Job/${encodeURIComponent(job)}`, 200)).json as { name: string }).name, job);
  t.deepEqual((await expectStatus(t, emu, 'GET', `/Dataset/${output}/data`, 200)).json, [{ a: 'one' }]);
  await expectStatus(t, emu, 'DELETE', `/Dataset/${dataset}`, 204);

  const key = 'K'.repeat(100);
  await expectStatus(t, emu, 'POST', '/ApiKey', 201, { key });
  await expectStatus(t, emu, 'GET', `/ApiKey/${key}`, 200);
  const domain = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(53)}.example`;
  t.is(domain.length, 253);
  await expectStatus(t, emu, 'PUT', `/ApiKey/${key}/allowedDomains/${domain}`, 204);
  t.deepEqual((await expectStatus(t, emu, 'GET', `/ApiKey/${key}/allowedDomains`, 200)).json, [domain]);
  await expectStatus(t, emu, 'DELETE', `/ApiKey/${key}/allowedDomains/${domain}`, 204);
});
