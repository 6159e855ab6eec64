/**
 * The accounts of the emulator with their client credentials and API keys, indexed for O(1)
 * look-ups on the token and request paths, and kept in one atomically written state file.
 *
 * @packageDocumentation
 */
import { ConfigError } from '../../core/errors.js';
import type { Account, AccountDirectory } from '../context.js';
import { readJsonFile, writeJsonAtomic, WriteQueue } from '../persist.js';
import type { AccountRecord, ApiKeyRecord, CredentialRecord, StateFile } from './model.js';
import { hashSecret } from './secrets.js';

/** An account declared in the emulator's options, with its first credential. */
export interface ConfiguredAccount {
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
}

/** Where a credential lives. */
export interface CredentialOwner {
  readonly account: AccountRecord;
  readonly credential: CredentialRecord;
}

/** A configured secret never expires on its own. */
const CONFIGURED_SECRET_EXPIRES = '9999-12-31T23:59:59.000Z';
const ACCOUNT_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Throws a {@link ConfigError} when `name` cannot name an account. */
export function checkAccountName(name: string): void {
  if (!ACCOUNT_NAME.test(name)) {
    throw new ConfigError(
      `An account name must match ${ACCOUNT_NAME.source} (lower-case letters, digits, "_" and "-"); got ${JSON.stringify(name)}.`,
    );
  }
}

/** The store. Mutate records through its methods, then `await save()`. */
export class AccountStore implements AccountDirectory {
  readonly #file: string;
  readonly #configured: readonly ConfiguredAccount[];
  readonly #queue = new WriteQueue();
  #accounts = new Map<string, AccountRecord>();
  #credentials = new Map<string, CredentialOwner>();
  #apiKeys = new Map<string, AccountRecord>();

  private constructor(file: string, configured: readonly ConfiguredAccount[]) {
    this.#file = file;
    this.#configured = configured;
  }

  /** Loads the state file (when there is one) and makes sure every configured account exists. */
  static async open(file: string, configured: readonly ConfiguredAccount[]): Promise<AccountStore> {
    const store = new AccountStore(file, configured);
    const state = await readJsonFile<StateFile>(file);
    for (const account of state?.accounts ?? []) store.#index(account);
    store.#applyConfigured();
    await store.save();
    return store;
  }

  get(id: string): Account | undefined {
    return this.#accounts.get(id);
  }

  byName(name: string): Account | undefined {
    return this.#accounts.get(name);
  }

  list(): readonly Account[] {
    return [...this.#accounts.values()];
  }

  /** The record of an account that exists. */
  record(account: Account): AccountRecord {
    const record = this.#accounts.get(account.id);
    if (record === undefined) throw new Error(`Account "${account.id}" does not exist.`);
    return record;
  }

  /** The account and credential of a client id, across all accounts. */
  findCredential(clientId: string): CredentialOwner | undefined {
    return this.#credentials.get(clientId);
  }

  /** The account owning an API key, across all accounts (keys are unique service-wide). */
  apiKeyOwner(key: string): AccountRecord | undefined {
    return this.#apiKeys.get(key);
  }

  /** Creates an account (no credentials) or answers the existing one. */
  ensureAccount(name: string, scopes: readonly string[] = ['BatchApi']): AccountRecord {
    checkAccountName(name);
    const existing = this.#accounts.get(name);
    if (existing) return existing;
    const account: AccountRecord = { id: name, name, scopes: [...scopes], credentials: [], apiKeys: [] };
    this.#accounts.set(account.id, account);
    return account;
  }

  addCredential(account: AccountRecord, credential: CredentialRecord): void {
    if (this.#credentials.has(credential.clientId)) {
      throw new ConfigError(`The client id "${credential.clientId}" is already in use.`);
    }
    account.credentials.push(credential);
    this.#credentials.set(credential.clientId, { account, credential });
  }

  removeCredential(account: AccountRecord, clientId: string): boolean {
    const index = account.credentials.findIndex((credential) => credential.clientId === clientId);
    if (index < 0) return false;
    account.credentials.splice(index, 1);
    this.#credentials.delete(clientId);
    return true;
  }

  addApiKey(account: AccountRecord, apiKey: ApiKeyRecord): void {
    account.apiKeys.push(apiKey);
    this.#apiKeys.set(apiKey.key, account);
  }

  removeApiKey(account: AccountRecord, key: string): boolean {
    const index = account.apiKeys.findIndex((apiKey) => apiKey.key === key);
    if (index < 0) return false;
    account.apiKeys.splice(index, 1);
    this.#apiKeys.delete(key);
    return true;
  }

  /** Writes the state file; concurrent calls share writes. */
  save(): Promise<void> {
    return this.#queue.schedule(() => {
      const state: StateFile = { version: 1, accounts: [...this.#accounts.values()] };
      return writeJsonAtomic(this.#file, state);
    });
  }

  /** Back to the configured accounts only, each with just its configured credential. */
  async reset(): Promise<void> {
    this.#accounts = new Map();
    this.#credentials = new Map();
    this.#apiKeys = new Map();
    this.#applyConfigured();
    await this.save();
  }

  #index(account: AccountRecord): void {
    this.#accounts.set(account.id, account);
    for (const credential of account.credentials) this.#credentials.set(credential.clientId, { account, credential });
    for (const apiKey of account.apiKeys) this.#apiKeys.set(apiKey.key, account);
  }

  // A configured credential's secret follows the options: a changed DATA8_CLIENT_SECRET replaces
  // the one stored by an earlier run, and the credential reappears if it was deleted.
  #applyConfigured(): void {
    for (const configured of this.#configured) {
      const account = this.ensureAccount(configured.name, configured.scopes);
      account.scopes = [...configured.scopes];
      const owner = this.#credentials.get(configured.clientId);
      if (owner && owner.account !== account) {
        throw new ConfigError(
          `The client id "${configured.clientId}" of account "${configured.name}" belongs to account "${owner.account.name}" in the data directory.`,
        );
      }
      let credential = owner?.credential;
      if (!credential) {
        credential = { clientId: configured.clientId, description: `${configured.name} account`, nextSecretId: 1, secrets: [] };
        this.addCredential(account, credential);
      }
      const digest = hashSecret(configured.clientSecret);
      const secret = credential.secrets.find((candidate) => candidate.configured === true);
      if (secret) {
        secret.digest = digest;
        secret.expires = CONFIGURED_SECRET_EXPIRES;
      } else {
        credential.secrets.unshift({
          clientSecretId: credential.nextSecretId++,
          expires: CONFIGURED_SECRET_EXPIRES,
          description: 'Configured secret',
          digest,
          configured: true,
        });
      }
    }
  }
}
