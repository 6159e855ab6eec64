/**
 * Looking for secrets where they must not be: in any value a program hands out (errors with
 * their cause chains, log entries, events), in what a process printed or wrote, and in process
 * arguments; and capturing every access token the token server issues, through a proxy between
 * the client and the emulator, so the search knows the real tokens.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { inspect } from 'node:util';

/** Every string reachable from `value`: own properties (symbols and hidden ones too), getters, causes, nested values. */
function reachableStrings(value: unknown, into: string[], seen: Set<unknown>): void {
  if (typeof value === 'string') {
    into.push(value);
    return;
  }
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || typeof value === 'symbol') into.push(value.toString());
    return;
  }
  if (seen.has(value)) return;
  seen.add(value);
  if (value instanceof Error) {
    into.push(value.message, value.stack ?? '');
    reachableStrings(value.cause, into, seen);
  }
  if (value instanceof Map || value instanceof Set) for (const entry of value) reachableStrings(entry, into, seen);
  for (let object: object | null = value; object !== null && object !== Object.prototype; object = Object.getPrototypeOf(object) as object | null) {
    for (const key of Reflect.ownKeys(object)) {
      into.push(String(key));
      const descriptor = Object.getOwnPropertyDescriptor(object, key);
      if (descriptor === undefined) continue;
      if ('value' in descriptor) reachableStrings(descriptor.value, into, seen);
      else if (descriptor.get !== undefined) {
        try {
          reachableStrings(descriptor.get.call(value), into, seen);
        } catch {
          // A getter that throws shows nothing.
        }
      }
    }
    if (object === Error.prototype) break;
  }
}

/** The secrets of `secrets` that `value` shows, by `util.inspect` (hidden, any depth), JSON or any reachable string. */
export function secretsIn(value: unknown, secrets: Iterable<string>): string[] {
  const texts: string[] = [inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true })];
  try {
    texts.push(JSON.stringify({ value }));
  } catch {
    // Circular: the other views cover it.
  }
  reachableStrings(value, texts, new Set());
  const text = texts.join('\n');
  return [...secrets].filter((secret) => text.includes(secret));
}

/** The files under `dir` (recursively) whose content holds one of `secrets`, with the secret. */
export async function secretsInFiles(dir: string, secrets: Iterable<string>): Promise<string[]> {
  const found: string[] = [];
  const list = [...secrets];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const content = await readFile(path, 'latin1');
    for (const secret of list) if (content.includes(secret)) found.push(`${path}: ${secret}`);
  }
  return found;
}

/** A proxy in front of the emulator that keeps every access token it sees issued or used. */
export interface TokenProxy {
  readonly url: string;
  /** Access tokens seen in token responses and in `Authorization: Bearer` headers. */
  readonly tokens: Set<string>;
  close(): Promise<void>;
}

/**
 * Starts a proxy to `target`. The discovery document is rewritten to name the proxy, so the
 * client fetches its tokens through it too.
 */
export async function startTokenProxy(target: string): Promise<TokenProxy> {
  const tokens = new Set<string>();
  const targetUrl = new URL(target);
  let self = '';
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const bearer = /^Bearer (\S+)$/i.exec(incoming.headers.authorization ?? '');
    if (bearer?.[1] !== undefined) tokens.add(bearer[1]);
    const path = incoming.url ?? '/';
    const rewrite = path.startsWith('/.well-known/openid-configuration') || path.startsWith('/connect/token');
    const upstream = request(
      { host: targetUrl.hostname, port: targetUrl.port, method: incoming.method, path, headers: { ...incoming.headers, host: targetUrl.host } },
      (answer) => {
        if (!rewrite) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks).toString('utf8');
          const token = /"access_token"\s*:\s*"([^"]+)"/.exec(body)?.[1];
          if (token !== undefined) tokens.add(token);
          body = body.split(target).join(self);
          const { 'content-length': _length, ...headers } = answer.headers;
          outgoing.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': Buffer.byteLength(body) });
          outgoing.end(body);
        });
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return {
    url: self,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The command lines (NUL-separated arguments joined by spaces) of `pid` and every process below it, read from /proc. */
export async function processTreeCommandLines(pid: number): Promise<Map<number, string>> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process ended meanwhile.
    }
  }
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) {
    for (const [child, parent] of parents) if (parent === tree[index]) tree.push(child);
  }
  const lines = new Map<number, string>();
  for (const member of tree) {
    try {
      lines.set(member, (await readFile(`/proc/${String(member)}/cmdline`, 'utf8')).split('\0').join(' '));
    } catch {
      // Ended meanwhile.
    }
  }
  return lines;
}
