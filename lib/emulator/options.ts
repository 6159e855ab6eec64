/**
 * The options of `startEmulator` and their defaults, applied in one place.
 *
 * @packageDocumentation
 */
import { ConfigError } from '../core/errors.js';
import type { ConfiguredAccount } from './accounts/account-store.js';
import { checkAccountName } from './accounts/account-store.js';
import type { DataGroupOptions } from './context.js';
import type { FaultOptions } from './faults/types.js';
import type { ServerLimits } from './server.js';
import type { WorkflowDefinition } from './workflows/types.js';

/** A client id and secret. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** An extra account, isolated from the others. */
export interface AccountOptions extends ClientCredentials {
  /** Lower-case letters, digits, `_` and `-`; `default` is the initial account. */
  readonly name: string;
  /** Scopes its tokens may carry; leave out `BatchApi` to get a token the API refuses (403). @default ['BatchApi'] */
  readonly scopes?: readonly string[];
}

/** Header, request and idle timeouts. */
export interface TimeoutOptions {
  /** @default 10_000 */
  readonly headersMs?: number;
  /** @default 60_000 */
  readonly requestMs?: number;
  /** @default 120_000 */
  readonly idleMs?: number;
}

/** Options of {@link startEmulator}. Every field is optional. */
export interface EmulatorOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** Port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Keeps state across restarts. @default a temporary directory removed on close() */
  readonly dataDir?: string;
  /** The initial account's client credential. @default env DATA8_CLIENT_ID / DATA8_CLIENT_SECRET, else local-client / local-secret */
  readonly credentials?: ClientCredentials;
  /** More accounts, each isolated from the others. @default [] */
  readonly accounts?: readonly AccountOptions[];
  /** Lifetime of access tokens, in seconds. @default 3600 */
  readonly tokenTtlSeconds?: number;
  /** Seeded fault injection. @default none */
  readonly faults?: FaultOptions;
  /** Seed of everything random the emulator does that a test can observe. @default a random seed */
  readonly seed?: number;
  /** How fast jobs process records. @default 1_000_000 */
  readonly jobRecordsPerSecond?: number;
  /** Workflows besides Identity and CleanseContacts. @default [] */
  readonly workflows?: readonly WorkflowDefinition[];
  /** The second vendor's settings. */
  readonly dataGroup?: DataGroupOptions;
  /** Log requests (pino, to stdout). @default false */
  readonly logger?: boolean;
  /** Largest request body, in bytes (413 above it). @default 16 MiB */
  readonly bodyLimitBytes?: number;
  /** Timeouts against slow clients. */
  readonly timeouts?: TimeoutOptions;
  /**
   * Serve HTTPS (API, token server and discovery) with this certificate and key, PEM text or
   * buffers; `url` is then `https://...`. Clients trust a private CA with their `ca` option.
   * @default undefined (plain HTTP)
   */
  readonly tls?: EmulatorTlsOptions;
}

/** The certificate the emulator serves HTTPS with. */
export interface EmulatorTlsOptions {
  /** The certificate chain, PEM. */
  readonly cert: string | Buffer;
  /** Its private key, PEM. */
  readonly key: string | Buffer;
}

/** The documented development credentials of the initial account (like Azurite's well-known key). */
export const DEFAULT_CREDENTIALS: ClientCredentials = Object.freeze({ clientId: 'local-client', clientSecret: 'local-secret' });

/** The initial account's name. */
export const DEFAULT_ACCOUNT = 'default';

/** The credentials of the initial account: options, else environment, else the development pair. */
export function resolveCredentials(given: ClientCredentials | undefined, env: NodeJS.ProcessEnv = process.env): ClientCredentials {
  if (given) {
    checkCredentials('credentials', given);
    return { clientId: given.clientId, clientSecret: given.clientSecret };
  }
  const clientId = env.DATA8_CLIENT_ID;
  const clientSecret = env.DATA8_CLIENT_SECRET;
  if (clientId && clientSecret) return { clientId, clientSecret };
  return DEFAULT_CREDENTIALS;
}

/** The accounts to create at start and after a reset, the initial one first. */
export function resolveAccounts(options: EmulatorOptions): ConfiguredAccount[] {
  const initial = resolveCredentials(options.credentials);
  const accounts: ConfiguredAccount[] = [{ name: DEFAULT_ACCOUNT, ...initial, scopes: ['BatchApi'] }];
  for (const [index, account] of (options.accounts ?? []).entries()) {
    checkCredentials(`accounts[${index}]`, account);
    checkAccountName(account.name);
    if (accounts.some((known) => known.name === account.name)) {
      throw new ConfigError(`accounts[${index}].name "${account.name}" is used twice (or is the initial account's name).`);
    }
    if (accounts.some((known) => known.clientId === account.clientId)) {
      throw new ConfigError(`accounts[${index}].clientId "${account.clientId}" is already used by another account.`);
    }
    accounts.push({
      name: account.name,
      clientId: account.clientId,
      clientSecret: account.clientSecret,
      scopes: [...(account.scopes ?? ['BatchApi'])],
    });
  }
  return accounts;
}

/** The server limits with defaults applied. */
export function resolveLimits(options: EmulatorOptions): ServerLimits {
  const limits: ServerLimits = {
    bodyLimitBytes: options.bodyLimitBytes ?? 16 * 1024 * 1024,
    headersTimeoutMs: options.timeouts?.headersMs ?? 10_000,
    requestTimeoutMs: options.timeouts?.requestMs ?? 60_000,
    idleTimeoutMs: options.timeouts?.idleMs ?? 120_000,
  };
  for (const [name, value] of Object.entries(limits)) checkPositiveInteger(name, value);
  return limits;
}

/** Throws a {@link ConfigError} unless `value` is a positive integer. */
export function checkPositiveInteger(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive integer; got ${value === undefined ? 'undefined' : JSON.stringify(value)}.`);
  }
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function checkCredentials(name: string, credentials: Partial<ClientCredentials>): void {
  for (const field of ['clientId', 'clientSecret'] as const) {
    const value = credentials[field];
    if (typeof value !== 'string' || value === '' || value.length > 256 || hasControlCharacter(value)) {
      // Never echo a secret in an error.
      throw new ConfigError(`${name}.${field} must be a non-empty string of at most 256 printable characters.`);
    }
  }
}
