/**
 * A fresh emulator for each test, on a free port, with plain-`fetch` helpers (never the
 * library's client, so emulator tests stay independent of it).
 *
 * ```ts
 * import test from 'ava';
 * import { withEmulator, withEmulatorOptions } from '../helpers/emulator.js';
 *
 * test('lists credentials', withEmulator, async (t, emu) => {
 *   const response = await emu.api('GET', '/ClientCredential');   // token fetched and cached
 *   t.is(response.status, 200);
 *   t.deepEqual(response.json, [...]);
 * });
 *
 * test('short tokens', withEmulatorOptions({ tokenTtlSeconds: 1 }), async (t, emu) => { ... });
 * ```
 *
 * - `emu.emulator`: the handle (`url`, `credentials`, `faults`, `journal()`, `reset()`, `seed()`...).
 * - `emu.getToken(options?)`: a token from `POST /connect/token` (client_secret_post); the
 *   default account's is cached. Pass `{ clientId, clientSecret, scope }` for another client.
 * - `emu.api(method, path, body?, options?)`: a request with `Authorization: Bearer`; `body`
 *   is sent as JSON (use `options.rawBody` for exact bytes, `options.token` for another
 *   token, `null` for none). Answers `{ status, headers, text, json }` (`json` is `undefined`
 *   when the body is not JSON).
 * - `emu.tokenRequest(form, options?)`: a raw `POST /connect/token` with a form body.
 *
 * The emulator is closed after the test, whatever happened.
 */
import test, { type ExecutionContext } from 'ava';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../lib/emulator/index.js';

/** A parsed response. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body when it is JSON, else `undefined`. */
  readonly json: unknown;
}

/** Options of {@link EmulatorFixture.api}. */
export interface ApiOptions {
  /** The bearer token; `null` sends none. @default the default account's token */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
  /** Sent as is instead of `JSON.stringify(body)`. */
  readonly rawBody?: string | Uint8Array;
}

/** Who asks for a token. */
export interface TokenOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly scope?: string;
}

/** What each test gets. */
export interface EmulatorFixture {
  readonly emulator: EmulatorHandle;
  readonly url: string;
  getToken(options?: TokenOptions): Promise<string>;
  api(method: string, path: string, body?: unknown, options?: ApiOptions): Promise<ApiResponse>;
  tokenRequest(form: Record<string, string>, options?: { readonly headers?: Record<string, string> }): Promise<ApiResponse>;
}

async function readResponse(response: Response): Promise<ApiResponse> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Builds the fixture around a running emulator. */
export function fixtureFor(emulator: EmulatorHandle): EmulatorFixture {
  let cached: string | undefined;
  const tokenRequest: EmulatorFixture['tokenRequest'] = async (form, options = {}) => {
    const response = await fetch(`${emulator.url}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
      body: new URLSearchParams(form).toString(),
    });
    return readResponse(response);
  };
  const getToken: EmulatorFixture['getToken'] = async (options = {}) => {
    const isDefault = options.clientId === undefined && options.scope === undefined;
    if (isDefault && cached !== undefined) return cached;
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: options.clientId ?? emulator.credentials.clientId,
      client_secret: options.clientSecret ?? emulator.credentials.clientSecret,
      ...(options.scope === undefined ? {} : { scope: options.scope }),
    });
    const token = (response.json as { access_token?: string } | undefined)?.access_token;
    if (response.status !== 200 || token === undefined) throw new Error(`No token: ${response.status} ${response.text}`);
    if (isDefault) cached = token;
    return token;
  };
  const api: EmulatorFixture['api'] = async (method, path, body, options = {}) => {
    const token = options.token === undefined ? await getToken() : options.token;
    const headers: Record<string, string> = { ...options.headers };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | Uint8Array | undefined = options.rawBody;
    if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${emulator.url}${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
    return readResponse(response);
  };
  return { emulator, url: emulator.url, getToken, api, tokenRequest };
}

type Implementation = (t: ExecutionContext, emu: EmulatorFixture) => Promise<void>;

/** An ava macro: a fresh emulator with `options`, closed after the test. */
export function withEmulatorOptions(options: EmulatorOptions) {
  return test.macro(async (t, implementation: Implementation) => {
    const emulator = await startEmulator(options);
    try {
      await implementation(t, fixtureFor(emulator));
    } finally {
      await emulator.close();
    }
  });
}

/** An ava macro: a fresh emulator with default options. */
export const withEmulator = withEmulatorOptions({});
