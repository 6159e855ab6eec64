/**
 * A real forward proxy in front of the emulator: TooTallNate's `proxy` (the one proxy-agent's
 * own tests use) on a free port, counting the tunnels (CONNECT) and plain requests it serves,
 * optionally demanding `Proxy-Authorization: Basic`.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';

/** A running proxy. */
export interface ForwardProxy {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** CONNECT requests received (accepted or not). */
  readonly connects: string[];
  /** Plain (non-CONNECT) requests received. */
  readonly requests: string[];
  /** Every `Proxy-Authorization` header received. */
  readonly authorizations: string[];
  close(): Promise<void>;
}

/** Starts a proxy; with `credentials` it answers 407 to any other `Proxy-Authorization`. */
export async function startForwardProxy(credentials?: { user: string; password: string }): Promise<ForwardProxy> {
  const connects: string[] = [];
  const requests: string[] = [];
  const authorizations: string[] = [];
  const server = createProxy(createServer());
  server.prependListener('connect', (request: IncomingMessage) => connects.push(request.url ?? ''));
  server.prependListener('request', (request: IncomingMessage) => requests.push(`${request.method} ${request.url}`));
  const expected = credentials === undefined ? undefined : `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  server.authenticate = (request) => {
    const given = request.headers['proxy-authorization'];
    if (given !== undefined) authorizations.push(given);
    return expected === undefined || given === expected;
  };
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    requests,
    authorizations,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => undefined);
    },
  };
}
