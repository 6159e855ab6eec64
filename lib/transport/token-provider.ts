/**
 * OAuth 2.0 client-credentials tokens (RFC 6749 §4.4) for any standards-compliant server: the
 * token endpoint is found by OpenID discovery at the issuer, the client authenticates with
 * HTTP Basic or form fields (§2.3.1), a token is cached until shortly before it expires, and
 * one request is in flight however many calls wait for a token.
 */
import { AuthenticationError, ConfigError, type Data8Error } from '../core/errors.js';
import type { OAuthErrorResponse, TokenResponse } from '../core/wire.js';
import { raceAbort } from './abort.js';
import type { HttpClient, HttpResponse } from './http-client.js';
import type { Logger, TokenEndpointAuthMethod } from './options.js';
import type { Redactor } from './redact.js';
import { errorFromResponse, parseBody } from './response-errors.js';
import type { StatsCounters } from './stats.js';
import { isJsonObject } from '../core/json-object.js';

/** The lifetime assumed when a token response has no `expires_in`. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;
/** A token is renewed this long before it expires, at most (and at most a tenth of its lifetime). */
export const TOKEN_REFRESH_MARGIN_SECONDS = 60;

/** Settings of {@link TokenProvider}. */
export interface TokenProviderOptions {
  readonly authUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string;
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
}

interface CachedToken {
  readonly value: string;
  /** `performance.now()` after which a new token is fetched. */
  readonly refreshAt: number;
}

/** RFC 6749 Appendix B: application/x-www-form-urlencoded, as client_secret_basic requires before base64. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** Fetches and caches access tokens. */
export class TokenProvider {
  readonly #http: HttpClient;
  readonly #options: TokenProviderOptions;
  readonly #stats: StatsCounters;
  readonly #log: Logger;
  readonly #redactor: Redactor;
  readonly #closing = new AbortController();
  #endpoint: Promise<string> | undefined;
  #token: CachedToken | undefined;
  #pending: Promise<string> | undefined;

  /** `log` must not throw. */
  constructor(http: HttpClient, options: TokenProviderOptions, stats: StatsCounters, log: Logger, redactor: Redactor) {
    this.#http = http;
    this.#options = options;
    this.#stats = stats;
    this.#log = log;
    this.#redactor = redactor;
  }

  /** A valid access token: the cached one, or the one being fetched for everyone. */
  get(signal: AbortSignal | undefined): Promise<string> {
    const cached = this.#token;
    if (cached !== undefined && performance.now() < cached.refreshAt) return Promise.resolve(cached.value);
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return raceAbort(this.#pending, signal, 'Waiting for an access token');
  }

  /** Forgets `token` after the API refused it (a later token is kept). */
  invalidate(token: string): void {
    if (this.#token?.value === token) this.#token = undefined;
  }

  /** Aborts a token request in flight. */
  close(): void {
    this.#closing.abort(new Error('the client was closed'));
  }

  #tokenEndpoint(): Promise<string> {
    this.#endpoint ??= this.#discover().catch((error: unknown) => {
      this.#endpoint = undefined;
      throw error;
    });
    return this.#endpoint;
  }

  async #discover(): Promise<string> {
    const url = `${this.#options.authUrl}/.well-known/openid-configuration`;
    const response = await this.#exchange('discovery', {
      method: 'GET', url, absolute: true, headers: {}, followRedirect: true, signal: this.#closing.signal,
    });
    const document = response.status === 200 ? parseBody(response) : undefined;
    if (isJsonObject(document) && typeof document['token_endpoint'] === 'string' && URL.canParse(document['token_endpoint'])) {
      return document['token_endpoint'];
    }
    if (response.status >= 500 || response.status === 429) throw this.#apiError('GET', url, response);
    throw new ConfigError(
      `Invalid option "authUrl": ${this.#options.authUrl} is not an OpenID issuer (GET ${url} answered ` +
        `${response.status} ${response.statusMessage}${response.status === 200 ? ' without a token_endpoint' : ''})`,
    );
  }

  async #fetch(): Promise<string> {
    const endpoint = await this.#tokenEndpoint();
    const { clientId, clientSecret, scope, tokenEndpointAuthMethod } = this.#options;
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (tokenEndpointAuthMethod === 'client_secret_basic') {
      headers['authorization'] = `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64')}`;
    } else {
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
    }
    const sentAt = performance.now();
    this.#stats.tokenRequests += 1;
    const response = await this.#exchange('token', {
      method: 'POST', url: endpoint, absolute: true, headers, body: form.toString(), signal: this.#closing.signal,
    });
    if (response.status < 200 || response.status > 299) throw this.#refusal(endpoint, response);
    return this.#accept(endpoint, response, sentAt);
  }

  #accept(endpoint: string, response: HttpResponse, sentAt: number): string {
    const body = parseBody(response);
    const token = body as Partial<TokenResponse> | undefined;
    if (!isJsonObject(body) || typeof token?.access_token !== 'string' || token.access_token.length === 0) {
      throw new AuthenticationError(`The token server at ${endpoint} answered ${response.status} without an access_token`, {
        error: 'invalid_response',
        status: response.status,
      });
    }
    const type = token.token_type;
    if (typeof type === 'string' && type.toLowerCase() !== 'bearer') {
      throw new AuthenticationError(`The token server at ${endpoint} issued a "${type}" token; only Bearer tokens are supported`, {
        error: 'unsupported_token_type',
        status: response.status,
      });
    }
    this.#redactor.remember(token.access_token);
    const expiresIn = Number(token.expires_in);
    const lifetime = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_TOKEN_LIFETIME_SECONDS;
    const margin = Math.min(TOKEN_REFRESH_MARGIN_SECONDS, lifetime / 10);
    this.#token = { value: token.access_token, refreshAt: sentAt + (lifetime - margin) * 1000 };
    return token.access_token;
  }

  #refusal(endpoint: string, response: HttpResponse): Data8Error {
    const body = parseBody(response);
    const oauth = isJsonObject(body) && typeof body['error'] === 'string' ? (body as unknown as OAuthErrorResponse) : undefined;
    if (oauth !== undefined || response.status === 401) {
      const error = oauth?.error ?? 'invalid_client';
      const description = typeof oauth?.error_description === 'string' ? oauth.error_description : undefined;
      return new AuthenticationError(
        this.#redactor.redact(
          `The token server at ${endpoint} refused client "${this.#options.clientId}": ${error}` +
            `${description === undefined ? '' : ` (${description})`}${hintFor(error)}`,
        ),
        { error, errorDescription: description, status: response.status },
      );
    }
    return this.#apiError('POST', endpoint, response);
  }

  #apiError(method: string, url: string, response: HttpResponse): Data8Error {
    return errorFromResponse(method, url, response, (text) => this.#redactor.redact(text));
  }

  async #exchange(event: 'token' | 'discovery', request: Parameters<HttpClient['send']>[0]): Promise<HttpResponse> {
    const started = performance.now();
    try {
      const response = await this.#http.send(request);
      this.#log({ event, method: request.method, url: request.url, attempt: 1, status: response.status, durationMs: performance.now() - started });
      return response;
    } catch (error) {
      const errorCode = (error as { systemCode?: string; code?: string }).systemCode ?? (error as { code?: string }).code;
      this.#log({ event, method: request.method, url: request.url, attempt: 1, errorCode, durationMs: performance.now() - started });
      throw error;
    }
  }
}

function hintFor(error: string): string {
  switch (error) {
    case 'invalid_client':
      return '; check the client id and secret (DATA8_CLIENT_ID, DATA8_CLIENT_SECRET) and that the secret has not expired';
    case 'invalid_scope':
      return '; the client credential may not be allowed the requested scope';
    case 'unauthorized_client':
      return '; the client credential may not use the client_credentials grant';
    default:
      return '';
  }
}
