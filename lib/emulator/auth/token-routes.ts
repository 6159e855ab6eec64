/**
 * The OAuth 2.0 token server (contract, "Authentication"): OpenID discovery and
 * `POST /connect/token` for the client-credentials grant, backed by the `/ClientCredential`
 * store, answering RFC 6749 §5.1 / §5.2 bodies.
 *
 * @packageDocumentation
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountStore } from '../accounts/account-store.js';
import { secretMatches } from '../accounts/secrets.js';
import type { EmulatorContext, RoutePlugin } from '../context.js';
import { OAuthError, parseForm, presentedClient } from './client-authentication.js';
import type { TokenService } from './tokens.js';

/** What the token routes need besides the context. */
export interface TokenRouteParts {
  readonly store: AccountStore;
  readonly tokens: TokenService;
  /** The lifetime of a token issued now (faults may shorten it). */
  readonly tokenTtlSeconds: () => number;
}

const TOKEN_PATH = '/connect/token';
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** The base URL the client used, so the issuer matches the address it discovered. */
function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** The route plugin. */
export function tokenRoutes(parts: TokenRouteParts): RoutePlugin {
  return (app: FastifyInstance, ctx: EmulatorContext) => {
    app.get('/.well-known/openid-configuration', { config: { kind: 'token' } }, (request) => {
      const base = baseUrl(request);
      const scopes = new Set(['BatchApi']);
      for (const account of ctx.accounts.list()) for (const scope of parts.store.record(account).scopes) scopes.add(scope);
      return {
        issuer: base,
        token_endpoint: `${base}${TOKEN_PATH}`,
        grant_types_supported: ['client_credentials'],
        scopes_supported: [...scopes],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        response_types_supported: ['token'],
        claims_supported: [],
      };
    });

    // Only form bodies are read here; any other type reaches the handler as text and is refused
    // with an OAuth error rather than a problem document, as token clients expect.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });

    app.post(TOKEN_PATH, { config: { kind: 'token' }, bodyLimit: 64 * 1024 }, (request, reply) => {
      try {
        return issueToken(parts, ctx.clock.now(), request, reply);
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        reply.code(error.status).header('cache-control', 'no-store').header('pragma', 'no-cache');
        if (error.status === 401) {
          reply.header('www-authenticate', `Basic realm="data8-batch emulator", charset="UTF-8"`);
        }
        return { error: error.error, error_description: error.description };
      }
    });
  };
}

function issueToken(parts: TokenRouteParts, now: number, request: FastifyRequest, reply: FastifyReply) {
  const contentType = request.headers['content-type'] ?? '';
  if (!FORM_TYPE.test(contentType)) {
    throw new OAuthError('invalid_request', 'The request body must be application/x-www-form-urlencoded.');
  }
  const form = parseForm(typeof request.body === 'string' ? request.body : '');
  // The journal then sees named fields, and redacts client_secret like any other secret.
  request.body = Object.fromEntries(form);
  const grantType = form.get('grant_type');
  if (grantType === undefined || grantType === '') throw new OAuthError('invalid_request', 'grant_type is missing.');

  const client = presentedClient(request.headers.authorization, form);
  const basic = client.method === 'client_secret_basic';
  const owner = parts.store.findCredential(client.clientId);
  const secretOk =
    owner?.credential.secrets.some(
      (secret) => Date.parse(secret.expires) > now && secretMatches(client.clientSecret, secret.digest),
    ) ?? false;
  // One message for an unknown client, a wrong secret and an expired one: no oracle for client ids.
  if (!owner || !secretOk) throw new OAuthError('invalid_client', 'Client authentication failed.', basic);

  if (grantType !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', `The grant type "${grantType}" is not supported; use client_credentials.`);
  }
  const allowed = owner.account.scopes;
  const requested = form.get('scope');
  let scopes: string[];
  if (requested === undefined) {
    scopes = [...allowed];
  } else {
    scopes = [...new Set(requested.split(' ').filter((scope) => scope !== ''))];
    const wrong = scopes.find((scope) => !SCOPE_TOKEN.test(scope) || !allowed.includes(scope));
    if (wrong !== undefined || scopes.length === 0) {
      throw new OAuthError('invalid_scope', wrong === undefined ? 'scope is empty.' : `The scope "${wrong}" is not granted to this client.`);
    }
  }
  const ttl = parts.tokenTtlSeconds();
  const accessToken = parts.tokens.issue(owner.account, client.clientId, scopes, ttl);
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  return { access_token: accessToken, token_type: 'Bearer', expires_in: ttl, scope: scopes.join(' ') };
}
