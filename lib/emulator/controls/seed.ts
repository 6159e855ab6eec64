/**
 * Seeding state from a test (`emulator.seed(doc)`, `POST /_emulator/seed`): accounts with
 * credentials, secrets and API keys, plus any sections route plugins understand (for example
 * datasets), handed to them per account.
 *
 * @packageDocumentation
 */
import type { ApiKeyRequest, GeneratedClientSecret } from '../../core/wire.js';
import type { AccountStore } from '../accounts/account-store.js';
import { addEntry, createApiKey } from '../accounts/api-keys.js';
import { createCredential, createSecret } from '../accounts/credentials.js';
import type { Account, AccountSeed } from '../context.js';
import { conflict } from '../problems.js';

/** A secret to create; `value` fixes it (otherwise one is generated and answered). */
export interface SecretSeed {
  readonly value?: string;
  /** @default one year from now */
  readonly expires?: string;
  readonly description?: string;
}

/** A client credential to create. */
export interface CredentialSeed {
  /** @default generated */
  readonly clientId?: string;
  readonly description?: string;
  readonly secrets?: readonly SecretSeed[];
}

/** An API key to create, with its lists. */
export interface ApiKeySeed extends ApiKeyRequest {
  readonly allowedDomains?: readonly string[];
  readonly allowedIPs?: readonly string[];
  readonly allowedServices?: readonly string[];
}

/** One account of a seed document. Other sections (`datasets`, ...) go to the plugins. */
export interface AccountSeedInput extends AccountSeed {
  /** With `clientSecret`: the account's own credential (like the `accounts` option). */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Scopes of a new account's tokens. @default ['BatchApi'] */
  readonly scopes?: readonly string[];
  readonly clientCredentials?: readonly CredentialSeed[];
  readonly apiKeys?: readonly ApiKeySeed[];
}

/** A seed document. */
export interface SeedDocument {
  readonly accounts: readonly AccountSeedInput[];
}

/** What seeding created, with generated values (shown here once). */
export interface SeedResult {
  readonly accounts: {
    readonly name: string;
    readonly clientCredentials: { readonly clientId: string; readonly secrets: GeneratedClientSecret[] }[];
    readonly apiKeys: string[];
  }[];
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Applies a seed document. Plugin sections run through `pluginSeed` per account. */
export async function applySeed(
  store: AccountStore,
  doc: SeedDocument,
  now: number,
  pluginSeed: (account: Account, seed: AccountSeed) => Promise<void>,
): Promise<SeedResult> {
  const result: SeedResult = { accounts: [] };
  for (const seed of doc.accounts) {
    const account = store.ensureAccount(seed.name, seed.scopes ?? ['BatchApi']);
    if (seed.scopes) account.scopes = [...seed.scopes];
    const created: SeedResult['accounts'][number] = { name: account.name, clientCredentials: [], apiKeys: [] };
    const credentials: CredentialSeed[] = [...(seed.clientCredentials ?? [])];
    if (seed.clientId !== undefined && seed.clientSecret !== undefined) {
      credentials.unshift({ clientId: seed.clientId, description: `${seed.name} account`, secrets: [{ value: seed.clientSecret }] });
    }
    for (const credentialSeed of credentials) {
      if (credentialSeed.clientId !== undefined && store.findCredential(credentialSeed.clientId)) {
        throw conflict(`The client id "${credentialSeed.clientId}" is already in use.`);
      }
      const credential = createCredential(store, account, credentialSeed.description ?? '', credentialSeed.clientId);
      const secrets = (credentialSeed.secrets ?? []).map((secret) =>
        createSecret(
          credential,
          { expires: secret.expires ?? new Date(now + YEAR_MS).toISOString(), description: secret.description ?? '' },
          secret.value,
        ),
      );
      created.clientCredentials.push({ clientId: credential.clientId, secrets });
    }
    for (const keySeed of seed.apiKeys ?? []) {
      const { allowedDomains = [], allowedIPs = [], allowedServices = [], ...request } = keySeed;
      const record = createApiKey(store, account, request);
      for (const domain of allowedDomains) addEntry(record, 'allowedDomains', domain);
      for (const network of allowedIPs) addEntry(record, 'allowedIPs', network);
      for (const service of allowedServices) addEntry(record, 'allowedServices', service);
      created.apiKeys.push(record.key);
    }
    await store.save();
    await pluginSeed(account, seed);
    result.accounts.push(created);
  }
  return result;
}
