/**
 * The token provider against a small, standards-compliant OAuth server that is not the
 * emulator: an issuer with a path, a token endpoint elsewhere, `token_type` in lower case,
 * no `expires_in`, JSON with a charset, and client secrets that need form-encoding.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { AuthenticationError, ConfigError } from '../../lib/index.js';
import { HttpClient } from '../../lib/transport/http-client.js';
import { Redactor } from '../../lib/transport/redact.js';
import { StatsCounters } from '../../lib/transport/stats.js';
import { TokenProvider } from '../../lib/transport/token-provider.js';

const SECRET = 'p@ss w:rd+/é%';
const CLIENT = 'client:one';

interface Seen {
  authorization: string | undefined;
  body: string;
}

async function startIssuer(t: import('ava').ExecutionContext): Promise<{ issuer: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const formDecode = (text: string): string => decodeURIComponent(text.replace(/\+/g, ' '));
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const base = `http://${request.headers.host ?? ''}`;
      const json = (status: number, value: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
      };
      if (request.url === '/realms/acme/.well-known/openid-configuration') {
        json(200, { issuer: `${base}/realms/acme`, token_endpoint: `${base}/oauth2/v1/token` });
        return;
      }
      if (request.url !== '/oauth2/v1/token' || request.method !== 'POST') return json(404, { message: 'no such path' });
      seen.push({ authorization: request.headers.authorization, body });
      const form = new URLSearchParams(body);
      let id = form.get('client_id');
      let secret = form.get('client_secret');
      const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (basic !== undefined) {
        const decoded = Buffer.from(basic, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        id = formDecode(decoded.slice(0, colon));
        secret = formDecode(decoded.slice(colon + 1));
      }
      if (id !== CLIENT || secret !== SECRET) return json(401, { error: 'invalid_client', error_description: 'who are you?' });
      if (form.get('scope') !== 'BatchApi') return json(400, { error: 'invalid_scope' });
      json(200, { access_token: `token-${seen.length}`, token_type: 'bearer' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/acme`, seen };
}

function provider(issuer: string, overrides: Partial<ConstructorParameters<typeof TokenProvider>[1]> = {}) {
  const redactor = new Redactor(SECRET);
  const http = new HttpClient({ apiUrl: issuer, timeouts: { connectMs: 2000, responseMs: 2000, requestMs: 5000 }, userAgent: 't', maxSockets: 4, redact: (s) => redactor.redact(s) });
  const stats = new StatsCounters();
  const tokens = new TokenProvider(
    http,
    { authUrl: issuer, clientId: CLIENT, clientSecret: SECRET, scope: 'BatchApi', tokenEndpointAuthMethod: 'client_secret_basic', ...overrides },
    stats,
    () => undefined,
    redactor,
  );
  return { tokens, stats, close: () => (tokens.close(), http.close()) };
}

test('client_secret_basic form-encodes the id and secret before base64 and finds the endpoint by discovery', async (t) => {
  const { issuer, seen } = await startIssuer(t);
  const { tokens, close } = provider(issuer);
  t.is(await tokens.get(undefined), 'token-1');
  t.is(await tokens.get(undefined), 'token-1', 'a token without expires_in is cached too');
  const basic = Buffer.from(/^Basic (.+)$/.exec(seen[0]?.authorization ?? '')?.[1] ?? '', 'base64').toString();
  t.is(basic, 'client%3Aone:p%40ss+w%3Ard%2B%2F%C3%A9%25');
  t.is(seen[0]?.body, 'grant_type=client_credentials&scope=BatchApi');
  close();
});

test('client_secret_post sends the id and secret as form fields', async (t) => {
  const { issuer, seen } = await startIssuer(t);
  const { tokens, close } = provider(issuer, { tokenEndpointAuthMethod: 'client_secret_post' });
  t.is(await tokens.get(undefined), 'token-1');
  t.is(seen[0]?.authorization, undefined);
  t.deepEqual(Object.fromEntries(new URLSearchParams(seen[0]?.body)), {
    grant_type: 'client_credentials', scope: 'BatchApi', client_id: CLIENT, client_secret: SECRET,
  });
  close();
});

test('an RFC 6749 refusal becomes an AuthenticationError with the server\'s error code, the secret nowhere', async (t) => {
  const { issuer } = await startIssuer(t);
  const { tokens, close } = provider(issuer, { clientSecret: 'wrong-canary-secret' });
  const error = await t.throwsAsync(tokens.get(undefined), { instanceOf: AuthenticationError });
  t.is(error.error, 'invalid_client');
  t.is(error.status, 401);
  t.is(error.errorDescription, 'who are you?');
  t.regex(error.message, /refused client "client:one": invalid_client \(who are you\?\); check the client id and secret/);
  t.false(`${error.message} ${JSON.stringify(error)}`.includes('wrong-canary-secret'));
  close();
});

test('an issuer without a discovery document is a configuration error naming authUrl', async (t) => {
  const { issuer } = await startIssuer(t);
  const { tokens, close } = provider(`${issuer}/nowhere`);
  const error = await t.throwsAsync(tokens.get(undefined), { instanceOf: ConfigError });
  t.regex(error.message, /^Invalid option "authUrl": http:\/\/127\.0\.0\.1:\d+\/realms\/acme\/nowhere is not an OpenID issuer \(GET .* answered 404/);
  close();
});

test('fifty waiting calls share one token request', async (t) => {
  const { issuer, seen } = await startIssuer(t);
  const { tokens, stats, close } = provider(issuer);
  const all = await Promise.all(Array.from({ length: 50 }, () => tokens.get(undefined)));
  t.deepEqual(new Set(all), new Set(['token-1']));
  t.is(seen.length, 1);
  t.is(stats.tokenRequests, 1);
  tokens.invalidate('token-1');
  t.is(await tokens.get(undefined), 'token-2');
  close();
});
