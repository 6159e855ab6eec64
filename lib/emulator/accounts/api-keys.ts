/**
 * API keys (contract, "API keys"): the operations the `/ApiKey` routes and the seed control
 * share. Keys are unique service-wide; look-ups are confined to the caller's account.
 *
 * @packageDocumentation
 */
import type { ApiKeyRequest } from '../../core/wire.js';
import { conflict, invalidField, notFound } from '../problems.js';
import type { AccountStore } from './account-store.js';
import { normaliseDomain, normaliseNetwork, normaliseService, type Normalised } from './allowed-entries.js';
import { canonicalDate } from './credentials.js';
import type { AccountRecord, ApiKeyListName, ApiKeyRecord } from './model.js';
import { generateApiKey } from './secrets.js';

/** A key as messages show it: keys are credentials, so only their start. */
export function describeKey(key: string): string {
  return key.length > 8 ? `${key.slice(0, 4)}…` : '…';
}

/** Creates a key; a given `key` that exists anywhere is a 409. */
export function createApiKey(store: AccountStore, account: AccountRecord, request: ApiKeyRequest): ApiKeyRecord {
  const key = request.key ?? generateApiKey();
  if (store.apiKeyOwner(key)) throw conflict(`The API key "${describeKey(key)}" already exists.`);
  const record: ApiKeyRecord = {
    key,
    description: '',
    username: '',
    expiresOn: null,
    maxRequestsPerIPPerDay: 0,
    isClientKey: false,
    allowedDomains: [],
    allowedIPs: [],
    allowedServices: [],
  };
  updateApiKey(record, request);
  store.addApiKey(account, record);
  return record;
}

/** Sets the fields the request gives. */
export function updateApiKey(record: ApiKeyRecord, request: ApiKeyRequest): void {
  if (request.key !== undefined && request.key !== record.key) {
    throw invalidField('key', 'must be the key in the path (a key cannot be renamed)');
  }
  if (request.description !== undefined) record.description = request.description;
  if (request.username !== undefined) record.username = request.username;
  if (request.expiresOn !== undefined) record.expiresOn = request.expiresOn === null ? null : canonicalDate(request.expiresOn);
  if (request.maxRequestsPerIPPerDay !== undefined) record.maxRequestsPerIPPerDay = request.maxRequestsPerIPPerDay;
  if (request.isClientKey !== undefined) record.isClientKey = request.isClientKey;
}

/** The account's key, or a 404. */
export function requireApiKey(account: AccountRecord, key: string): ApiKeyRecord {
  const record = account.apiKeys.find((candidate) => candidate.key === key);
  if (!record) throw notFound('API key', describeKey(key));
  return record;
}

/** What each list holds, for messages and normalisation. */
const LISTS: Readonly<Record<ApiKeyListName, { readonly field: string; readonly what: string }>> = {
  allowedDomains: { field: 'domain', what: 'Allowed domain' },
  allowedIPs: { field: 'network', what: 'Allowed network' },
  allowedServices: { field: 'service', what: 'Allowed service' },
};

/** The stored form of a list entry, or a 400 naming the field. */
export function normaliseEntry(list: ApiKeyListName, value: string, prefix?: string): string {
  let result: Normalised;
  if (list === 'allowedDomains') result = normaliseDomain(value);
  else if (list === 'allowedIPs') result = normaliseNetwork(value, prefix);
  else result = normaliseService(value);
  if (!result.ok) throw invalidField(LISTS[list].field, result.why);
  return result.value;
}

function sameEntry(list: ApiKeyListName, a: string, b: string): boolean {
  return list === 'allowedServices' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** Adds an entry (once: adding it again keeps one). */
export function addEntry(record: ApiKeyRecord, list: ApiKeyListName, value: string, prefix?: string): void {
  const entry = normaliseEntry(list, value, prefix);
  if (!record[list].some((existing) => sameEntry(list, existing, entry))) record[list].push(entry);
}

/** Removes an entry; an absent one is a 404. */
export function removeEntry(record: ApiKeyRecord, list: ApiKeyListName, value: string, prefix?: string): void {
  const entry = normaliseEntry(list, value, prefix);
  const index = record[list].findIndex((existing) => sameEntry(list, existing, entry));
  if (index < 0) throw notFound(LISTS[list].what, entry);
  record[list].splice(index, 1);
}
