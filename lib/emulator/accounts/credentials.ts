/**
 * Client credentials and their secrets (contract, "Client credentials"): the operations the
 * `/ClientCredential` routes and the seed control share. Look-ups are confined to one
 * account: another account's credential is "not found".
 *
 * @packageDocumentation
 */
import type { ClientSecretRequest, GeneratedClientSecret } from '../../core/wire.js';
import { notFound } from '../problems.js';
import type { AccountStore } from './account-store.js';
import type { AccountRecord, CredentialRecord, SecretRecord } from './model.js';
import { secretToWire } from './model.js';
import { generateClientId, generateSecret, hashSecret } from './secrets.js';

/** Creates a credential with a generated client id (a seed may fix the id). */
export function createCredential(store: AccountStore, account: AccountRecord, description: string, clientId?: string): CredentialRecord {
  const credential: CredentialRecord = { clientId: clientId ?? generateClientId(), description, nextSecretId: 1, secrets: [] };
  store.addCredential(account, credential);
  return credential;
}

/** The account's credential, or a 404. */
export function requireCredential(account: AccountRecord, clientId: string): CredentialRecord {
  const credential = account.credentials.find((candidate) => candidate.clientId === clientId);
  if (!credential) throw notFound('Client credential', clientId);
  return credential;
}

/** The credential's secret, or a 404. */
export function requireSecret(credential: CredentialRecord, secretId: number): SecretRecord {
  const secret = credential.secrets.find((candidate) => candidate.clientSecretId === secretId);
  if (!secret) throw notFound('Client secret', String(secretId));
  return secret;
}

/** A date-time as the API stores and shows it. */
export function canonicalDate(text: string): string {
  return new Date(text).toISOString();
}

/** Generates a secret; its value is in the answer and nowhere else (a seed may fix the value). */
export function createSecret(credential: CredentialRecord, request: ClientSecretRequest, value?: string): GeneratedClientSecret {
  const generatedSecret = value ?? generateSecret();
  const secret: SecretRecord = {
    clientSecretId: credential.nextSecretId++,
    expires: canonicalDate(request.expires),
    description: request.description,
    digest: hashSecret(generatedSecret),
  };
  credential.secrets.push(secret);
  return { ...secretToWire(secret), generatedSecret };
}

/** Removes a secret, or answers a 404. */
export function deleteSecret(credential: CredentialRecord, secretId: number): void {
  const secret = requireSecret(credential, secretId);
  credential.secrets = credential.secrets.filter((candidate) => candidate !== secret);
}
