/**
 * Requests per second through the client's request path (token, limits, retries, typed errors,
 * got) against the emulator in its own process, beside a bare keep-alive `node:http` client in
 * the same run. Also this process's CPU time per request: the client's own overhead.
 *
 *   node --import tsx bench/transport.ts [--requests 10000] [--concurrency 16]
 *
 * Scenarios: `GET /Dataset/{name}` (small JSON answer) and `PATCH /Dataset/{name}/data` with a
 * pre-encoded one-record block (`uploadEncodedBlock`, 204 answer).
 */
import { Agent, request as httpRequest } from 'node:http';
import { parseArgs } from 'node:util';
import { Data8Client } from '../lib/index.js';
import { startEmulatorProcess } from './emulator-process.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '16' } },
});
const total = Number(values.requests);
const concurrency = Number(values.concurrency);

interface Result {
  readonly name: string;
  readonly perSecond: number;
  readonly cpuMicrosPerRequest: number;
}

async function measure(name: string, send: () => Promise<unknown>): Promise<Result> {
  for (let warm = 0; warm < 200; warm++) await send();
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        await send();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { name, perSecond: Math.round(total / seconds), cpuMicrosPerRequest: Math.round((used.user + used.system) / total) };
}

const emulator = await startEmulatorProcess();
const client = new Data8Client({
  apiUrl: emulator.url,
  authUrl: emulator.url,
  clientId: emulator.clientId,
  clientSecret: emulator.clientSecret,
  rateLimit: { maxConcurrent: concurrency },
});
await client.datasets.create({ name: 'bench', columns: { name: 0 } });
const block = { blockNumber: 0, recordCount: 1, body: Buffer.from('{"blockNumber":0,"records":[{"name":"Ada"}]}') };

// The bare baseline: one keep-alive agent, the token fetched once, no parsing beyond the status.
const tokenResponse = await fetch(`${emulator.url}/connect/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'BatchApi', client_id: emulator.clientId, client_secret: emulator.clientSecret }),
});
const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const bare = (method: string, path: string, body?: Buffer): Promise<void> =>
  new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = httpRequest(`${emulator.url}${path}`, { method, agent, headers }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode !== undefined && response.statusCode < 300 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });

const results = [
  await measure('GET, bare node:http', () => bare('GET', '/Dataset/bench')),
  await measure('GET, client.datasets.get', () => client.datasets.get('bench')),
  await measure('PATCH, bare node:http', () => bare('PATCH', '/Dataset/bench/data', block.body)),
  await measure('PATCH, client.datasets.uploadEncodedBlock', () => client.datasets.uploadEncodedBlock('bench', block)),
];
await client.close();
agent.destroy();
await emulator.stop();

process.stdout.write(`${total} requests, ${concurrency} at a time, Node ${process.version}\n\n`);
process.stdout.write('| scenario | requests/s | client CPU µs/request |\n|---|---:|---:|\n');
for (const result of results) process.stdout.write(`| ${result.name} | ${result.perSecond} | ${result.cpuMicrosPerRequest} |\n`);
