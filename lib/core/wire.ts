/**
 * Wire objects of the Data8 Batch Data Cleansing and Administration APIs, as they travel in
 * JSON. Shared by the client and the emulator as types only; neither imports the other's code.
 *
 * @packageDocumentation
 */

/** A column type code. The numeric values are assumed: see {@link ASSUMED_VALUES}. */
export type ColumnTypeCode = number;

/** A record value as it travels on the wire. */
export type RecordValue = string | number | boolean | null;

/** A record: a JSON object keyed by column name. */
export type DataRecord = Record<string, RecordValue>;

/** Column name → column type code. */
export type ColumnMap = Record<string, ColumnTypeCode>;

/** `GET /Dataset/{name}`. */
export interface Dataset {
  readonly name: string;
  readonly columns: ColumnMap;
  readonly input: boolean;
  readonly recordCount: number;
  readonly completed: boolean;
}

/** An entry of `GET /Dataset`. */
export interface DatasetRef {
  readonly name: string;
  readonly input: boolean;
  readonly completed: boolean;
  readonly recordCount: number;
  readonly location: string;
}

/** `POST /Dataset` body. */
export interface CreateDatasetRequest {
  readonly name: string;
  readonly columns: ColumnMap;
}

/** `PUT /Dataset/{name}` body. */
export interface CompleteDatasetRequest {
  readonly recordCount: number;
  readonly completed: true;
}

/** `PATCH /Dataset/{name}/data` body. */
export interface UploadBlockRequest {
  readonly blockNumber: number;
  readonly records: readonly DataRecord[];
}

/** A job status code. The numeric values are assumed: see {@link ASSUMED_VALUES}. */
export type JobStatusCode = number;

/** `GET /Job/{name}`. */
export interface Job {
  readonly name: string;
  readonly workflowName: string;
  readonly submittedAt: string;
  readonly completedAt: string | null;
  readonly status: JobStatusCode;
  readonly percentComplete: number;
  readonly estimatedFinishTime: string | null;
  readonly statistics: Record<string, unknown>;
  readonly inputDatasets: Record<string, string>;
  readonly outputDatasets: Record<string, string>;
  readonly parameters: Record<string, string>;
  readonly inputFilename: string | null;
  readonly outputFilenames: Record<string, string>;
}

/** An entry of `GET /Job`. */
export interface JobRef {
  readonly name: string;
  readonly workflowName: string;
  readonly submittedAt: string;
  readonly status: JobStatusCode;
  readonly location: string;
}

/** `POST /Job` body. */
export interface StartJobRequest {
  readonly name: string;
  readonly workflowName: string;
  readonly inputFilename?: string;
  readonly inputDatasets: Record<string, string>;
  readonly parameters?: Record<string, string>;
}

/** A client secret's details (never its value). */
export interface ClientSecret {
  readonly clientSecretId: number;
  readonly expires: string;
  readonly description: string;
}

/** `POST /ClientCredential/{id}/secrets` answer: the value, once. */
export interface GeneratedClientSecret extends ClientSecret {
  readonly generatedSecret: string;
}

/** `POST`/`PUT /ClientCredential/{id}/secrets[/{secretId}]` body. */
export interface ClientSecretRequest {
  readonly expires: string;
  readonly description: string;
}

/** A client credential. `secrets` is `null` in lists. */
export interface ClientCredential {
  readonly clientId: string;
  readonly description: string;
  readonly secrets: readonly ClientSecret[] | null;
}

/** `POST`/`PUT /ClientCredential[/{id}]` body. */
export interface ClientCredentialRequest {
  readonly description: string;
}

/** `POST`/`PUT /ApiKey[/{key}]` body. */
export interface ApiKeyRequest {
  readonly key?: string;
  readonly description?: string;
  readonly username?: string;
  readonly expiresOn?: string | null;
  readonly maxRequestsPerIPPerDay?: number;
  readonly isClientKey?: boolean;
}

/** An API key as the service returns it. */
export interface ApiKey {
  readonly key: string;
  readonly description: string;
  readonly username: string;
  readonly expiresOn: string | null;
  readonly maxRequestsPerIPPerDay: number;
  readonly allowedDomains: readonly string[];
  readonly allowedIPs: readonly string[];
  readonly allowedServices: readonly string[];
}

/** The OpenID discovery document (the fields data8-batch reads). */
export interface DiscoveryDocument {
  readonly issuer: string;
  readonly token_endpoint: string;
  readonly grant_types_supported?: readonly string[];
  readonly scopes_supported?: readonly string[];
  readonly token_endpoint_auth_methods_supported?: readonly string[];
  readonly [field: string]: unknown;
}

/** A successful RFC 6749 token response. */
export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: string;
  readonly expires_in?: number;
  readonly scope?: string;
}

/** An RFC 6749 §5.2 error response. */
export interface OAuthErrorResponse {
  readonly error: string;
  readonly error_description?: string;
  readonly error_uri?: string;
}
