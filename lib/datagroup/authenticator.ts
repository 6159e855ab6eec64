/**
 * The Data Group's credentials on each request: `x-api-key` and `AuthorizationToken`, as the
 * seed documents them. Plugged into the shared request path, which keeps them out of logs and
 * errors.
 *
 * @packageDocumentation
 */
import { AuthenticationError } from '../core/errors.js';
import { raceAbort } from '../transport/abort.js';
import type { AuthenticatorFactory } from '../transport/transport.js';
import type { AuthorizationTokenProvider } from './client-options.js';

async function callProvider(provider: AuthorizationTokenProvider): Promise<string> {
  let token: unknown;
  try {
    token = await provider();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AuthenticationError(`The authorizationToken function failed: ${reason}`, { error: 'token_unavailable', cause: error });
  }
  if (typeof token !== 'string' || token === '') {
    throw new AuthenticationError(`The authorizationToken function returned ${typeof token === 'string' ? 'an empty string' : `a ${typeof token}`}, not a token`, {
      error: 'token_unavailable',
    });
  }
  return token;
}

/** Key and token headers; a function's token is cached until the API refuses it. */
export function dataGroupAuthenticator(apiKey: string, token: string | AuthorizationTokenProvider): AuthenticatorFactory {
  return (redactor) => {
    if (typeof token === 'string') redactor.remember(token);
    let cached: Promise<string> | undefined;
    let current: string | undefined;
    const fetchToken = (provider: AuthorizationTokenProvider): Promise<string> => {
      const pending = callProvider(provider).then((value) => {
        redactor.remember(value);
        current = value;
        return value;
      });
      // A failure is not cached: the next attempt asks again.
      pending.catch(() => {
        if (cached === pending) cached = undefined;
      });
      return pending;
    };
    return {
      get: (signal) => {
        if (typeof token === 'string') return Promise.resolve(token);
        cached ??= fetchToken(token);
        return raceAbort(cached, signal, 'Waiting for the AuthorizationToken');
      },
      headers: (value) => ({ 'x-api-key': apiKey, AuthorizationToken: value }),
      invalidate: (value) => {
        if (current !== value) return;
        cached = undefined;
        current = undefined;
      },
      close: () => undefined,
    };
  };
}
