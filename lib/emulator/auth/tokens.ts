/**
 * Opaque access tokens. A token is an HMAC-signed claim (account, client id, scopes, expiry)
 * under a key kept in the state directory, so tokens survive a restart with the same data
 * directory, tokens of another emulator are refused, and checking one costs a map look-up
 * (after the first check of each token) rather than a store query.
 *
 * @packageDocumentation
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Account, Clock } from '../context.js';
import type { AccountStore } from '../accounts/account-store.js';

/** What a valid token grants. */
export interface TokenGrant {
  readonly account: Account;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** Why a token was refused. */
export type TokenCheck = { readonly ok: true; readonly grant: TokenGrant } | { readonly ok: false; readonly reason: string };

interface Claims {
  /** account id */
  readonly a: string;
  /** client id */
  readonly c: string;
  /** scopes */
  readonly s: readonly string[];
  /** expiry, ms since the epoch */
  readonly e: number;
  /** nonce: two tokens issued in the same millisecond differ */
  readonly n: string;
}

const PREFIX = 'd8e.';
const CACHE_LIMIT = 10_000;

/** A new signing key. */
export function generateSigningKey(): Buffer {
  return randomBytes(32);
}

/** Issues and checks tokens. */
export class TokenService {
  #key: Buffer;
  readonly #store: AccountStore;
  readonly #clock: Clock;
  #verified = new Map<string, { readonly accountId: string; readonly claims: Claims }>();

  constructor(key: Buffer, store: AccountStore, clock: Clock) {
    this.#key = key;
    this.#store = store;
    this.#clock = clock;
  }

  /** Replaces the signing key: every token issued before is refused from now on. */
  rotate(key: Buffer): void {
    this.#key = key;
    this.#verified = new Map();
  }

  issue(account: Account, clientId: string, scopes: readonly string[], ttlSeconds: number): string {
    const claims: Claims = {
      a: account.id,
      c: clientId,
      s: scopes,
      e: this.#clock.now() + ttlSeconds * 1000,
      n: randomBytes(6).toString('base64url'),
    };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${PREFIX}${body}.${this.#sign(body).toString('base64url')}`;
  }

  /** Checks a bearer token: signature, expiry, and that its credential still exists. */
  check(token: string): TokenCheck {
    let entry = this.#verified.get(token);
    if (entry === undefined) {
      const claims = this.#parse(token);
      if (claims === undefined) return { ok: false, reason: 'The access token is not valid.' };
      entry = { accountId: claims.a, claims };
      if (this.#verified.size >= CACHE_LIMIT) this.#verified.clear();
      this.#verified.set(token, entry);
    }
    const { claims } = entry;
    if (claims.e <= this.#clock.now()) return { ok: false, reason: 'The access token expired.' };
    const owner = this.#store.findCredential(claims.c);
    if (owner?.account.id !== claims.a) return { ok: false, reason: 'The access token was revoked.' };
    return { ok: true, grant: { account: owner.account, clientId: claims.c, scopes: claims.s, expiresAt: claims.e } };
  }

  #parse(token: string): Claims | undefined {
    if (!token.startsWith(PREFIX)) return undefined;
    const dot = token.indexOf('.', PREFIX.length);
    if (dot < 0) return undefined;
    const body = token.slice(PREFIX.length, dot);
    const signature = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = this.#sign(body);
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
    } catch {
      return undefined;
    }
  }

  #sign(body: string): Buffer {
    return createHmac('sha256', this.#key).update(body).digest();
  }
}
