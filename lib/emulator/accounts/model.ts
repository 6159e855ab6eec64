/**
 * The account records the core keeps, and their wire forms (contract: "Client credentials"
 * and "API keys"). Records are plain JSON so the whole state is one atomic file.
 *
 * @packageDocumentation
 */
import type { ApiKey, ClientCredential, ClientSecret } from '../../core/wire.js';

/** A client secret; only its digest is kept. */
export interface SecretRecord {
  clientSecretId: number;
  expires: string;
  description: string;
  digest: string;
  /** Declared in the emulator's options: replaced when the options change between runs. */
  configured?: boolean;
}

/** A client credential and its secrets. */
export interface CredentialRecord {
  readonly clientId: string;
  description: string;
  nextSecretId: number;
  secrets: SecretRecord[];
}

/** The lists of an API key, by their wire names. */
export type ApiKeyListName = 'allowedDomains' | 'allowedIPs' | 'allowedServices';

/** An API key. */
export interface ApiKeyRecord {
  readonly key: string;
  description: string;
  username: string;
  expiresOn: string | null;
  maxRequestsPerIPPerDay: number;
  isClientKey: boolean;
  allowedDomains: string[];
  allowedIPs: string[];
  allowedServices: string[];
}

/** An account with everything it owns in the core. */
export interface AccountRecord {
  readonly id: string;
  readonly name: string;
  /** The scopes tokens of this account may carry. */
  scopes: string[];
  credentials: CredentialRecord[];
  apiKeys: ApiKeyRecord[];
}

/** The state file. */
export interface StateFile {
  readonly version: 1;
  readonly accounts: AccountRecord[];
}

/** A secret as the API shows it (never its value). */
export function secretToWire(secret: SecretRecord): ClientSecret {
  return { clientSecretId: secret.clientSecretId, expires: secret.expires, description: secret.description };
}

/** A credential as the API shows it; `withSecrets: false` for lists (`secrets: null`). */
export function credentialToWire(credential: CredentialRecord, withSecrets: boolean): ClientCredential {
  return {
    clientId: credential.clientId,
    description: credential.description,
    secrets: withSecrets ? credential.secrets.map(secretToWire) : null,
  };
}

/** An API key as the API shows it (without `isClientKey`). */
export function apiKeyToWire(key: ApiKeyRecord): ApiKey {
  return {
    key: key.key,
    description: key.description,
    username: key.username,
    expiresOn: key.expiresOn,
    maxRequestsPerIPPerDay: key.maxRequestsPerIPPerDay,
    allowedDomains: [...key.allowedDomains],
    allowedIPs: [...key.allowedIPs],
    allowedServices: [...key.allowedServices],
  };
}
