/**
 * Reading a token request (RFC 6749): the form body without repeated parameters (§3.2), and
 * the client's credentials from HTTP Basic (§2.3.1, where the id and secret are form-urlencoded
 * before base64) or from the body, never both.
 *
 * @packageDocumentation
 */

/** An RFC 6749 §5.2 failure. */
export class OAuthError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope',
    readonly description: string,
    /** The client tried HTTP Basic: a 401 must challenge it (§5.2). */
    readonly basicAttempted = false,
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  get status(): number {
    return this.error === 'invalid_client' ? 401 : 400;
  }
}

/** The parameters of a form body; a repeated parameter is refused. */
export function parseForm(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    if (params.has(name)) throw new OAuthError('invalid_request', `The parameter "${name}" is repeated.`);
    params.set(name, value);
  }
  return params;
}

/** The client's claimed identity and how it was presented. */
export interface PresentedClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly method: 'client_secret_basic' | 'client_secret_post';
}

/** Decodes `application/x-www-form-urlencoded` text (`+` is a space). */
function formDecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/** Reads the client's credentials from the request. */
export function presentedClient(authorization: string | undefined, form: Map<string, string>): PresentedClient {
  const bodySecret = form.get('client_secret');
  const bodyId = form.get('client_id');
  if (authorization !== undefined && authorization !== '') {
    const match = /^Basic[ ]+([A-Za-z0-9+/=]+)[ ]*$/i.exec(authorization);
    if (!match?.[1]) throw new OAuthError('invalid_client', 'The Authorization header is not valid HTTP Basic.', true);
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError('invalid_client', 'The Basic credentials have no ":".', true);
    let clientId: string;
    let clientSecret: string;
    try {
      clientId = formDecode(decoded.slice(0, colon));
      clientSecret = formDecode(decoded.slice(colon + 1));
    } catch {
      throw new OAuthError('invalid_client', 'The Basic credentials are not form-urlencoded.', true);
    }
    if (bodySecret !== undefined) {
      throw new OAuthError('invalid_request', 'The client authenticated with both HTTP Basic and client_secret; use one method.');
    }
    if (bodyId !== undefined && bodyId !== clientId) {
      throw new OAuthError('invalid_request', 'client_id in the body differs from the HTTP Basic client id.');
    }
    return { clientId, clientSecret, method: 'client_secret_basic' };
  }
  if (bodyId === undefined || bodyId === '') {
    throw new OAuthError('invalid_client', 'The client did not authenticate (HTTP Basic or client_id and client_secret).');
  }
  if (bodySecret === undefined) throw new OAuthError('invalid_client', 'client_secret is missing.');
  return { clientId: bodyId, clientSecret: bodySecret, method: 'client_secret_post' };
}
