/**
 * JSON schemas of the administration routes' bodies and parameters (contract, "Client
 * credentials" and "API keys"). Unknown body fields are ignored, as the service does.
 *
 * @packageDocumentation
 */

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const dateTime = { type: 'string', format: 'date-time', maxLength: 40 } as const;

/** `POST`/`PUT /ClientCredential[/{id}]`. */
export const credentialBody = {
  type: 'object',
  required: ['description'],
  properties: { description: text(500), clientId: { type: ['string', 'null'] }, secrets: { type: ['array', 'null'] } },
} as const;

/** `POST /ClientCredential/{id}/secrets`. */
export const createSecretBody = {
  type: 'object',
  required: ['expires'],
  properties: { expires: dateTime, description: text(500) },
} as const;

/** `PUT /ClientCredential/{id}/secrets/{secretId}`: the fields given are changed. */
export const updateSecretBody = {
  type: 'object',
  properties: { expires: dateTime, description: text(500) },
} as const;

/** `{id}` and `{secretId}`. */
export const credentialParams = {
  type: 'object',
  properties: { clientId: { type: 'string', minLength: 1, maxLength: 256 }, secretId: { type: 'integer', minimum: 0, maximum: 2147483647 } },
} as const;

/** An API key's value: letters, digits, `-` and `_`. */
export const API_KEY_PATTERN = '^[A-Za-z0-9_-]{1,100}$';

/** `POST`/`PUT /ApiKey[/{key}]`: the fields given are set. */
export const apiKeyBody = {
  type: 'object',
  properties: {
    key: { type: 'string', pattern: API_KEY_PATTERN },
    description: text(500),
    username: text(256),
    expiresOn: { type: ['string', 'null'], format: 'date-time', maxLength: 40 },
    maxRequestsPerIPPerDay: { type: 'integer', minimum: 0, maximum: 2147483647 },
    isClientKey: { type: 'boolean' },
  },
} as const;

/** `POST /ApiKey/{key}/allowedIPs`: a JSON string. */
export const networkBody = { type: 'string', minLength: 1, maxLength: 64 } as const;

/** `{key}` and list entries in the path. */
export const apiKeyParams = {
  type: 'object',
  properties: {
    key: { type: 'string', minLength: 1, maxLength: 100 },
    domain: text(300),
    service: text(100),
    network: text(64),
    prefix: text(3),
  },
} as const;
