/**
 * The User-Agent names the package, Node and the platform, plus the caller's suffix; the
 * version is the one in package.json.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { Data8Client } from '../../lib/index.js';

test('User-Agent: data8-batch/<version> node/<version> <platform>, then userAgentSuffix', async (t) => {
  const seen: string[] = [];
  // A server that records the header and is no OpenID issuer: the call fails after one request.
  const server = createServer((request, response) => {
    seen.push(request.headers['user-agent'] ?? '');
    response.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const suffix of [undefined, 'acme-etl/2.1']) {
    const client = new Data8Client({ apiUrl: url, authUrl: url, clientId: 'c', clientSecret: 'secret', ...(suffix === undefined ? {} : { userAgentSuffix: suffix }) });
    await t.throwsAsync(client.datasets.get('x'));
    await client.close();
  }
  const expected = `data8-batch/${version} node/${process.versions.node} ${process.platform}`;
  t.deepEqual(seen, [expected, `${expected} acme-etl/2.1`]);
});
