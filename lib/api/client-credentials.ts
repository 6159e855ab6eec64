/**
 * `/ClientCredential`: the account's OAuth client credentials and their secrets.
 */
import type {
  ClientCredential,
  ClientCredentialRequest,
  ClientSecret,
  ClientSecretRequest,
  GeneratedClientSecret,
} from '../core/wire.js';
import type { CallOptions, Transport } from '../transport/transport.js';
import { segment } from './paths.js';
import { goneAfterRetry } from './same-resource.js';

/** The account's client credentials. Creates are not repeated after a lost answer (the server generates the ids). */
export class ClientCredentialsApi {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Every credential of the account (`secrets` is `null` in this list). */
  list(options: CallOptions = {}): Promise<ClientCredential[]> {
    return this.#transport.request<ClientCredential[]>({ method: 'GET', path: 'ClientCredential' }, options);
  }

  /** Creates a credential; the server generates its `clientId`. */
  create(request: ClientCredentialRequest, options: CallOptions = {}): Promise<ClientCredential> {
    return this.#transport.request<ClientCredential>(
      { method: 'POST', path: 'ClientCredential', json: { description: request.description }, idempotent: false },
      options,
    );
  }

  get(clientId: string, options: CallOptions = {}): Promise<ClientCredential> {
    return this.#transport.request<ClientCredential>({ method: 'GET', path: `ClientCredential/${segment(clientId)}` }, options);
  }

  async update(clientId: string, request: ClientCredentialRequest, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>(
      { method: 'PUT', path: `ClientCredential/${segment(clientId)}`, json: { description: request.description } },
      options,
    );
  }

  /** Deletes the credential and its secrets: no more tokens are issued for it. */
  async delete(clientId: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>(
      { method: 'DELETE', path: `ClientCredential/${segment(clientId)}`, afterRetry: goneAfterRetry },
      options,
    );
  }

  /** The credential's secrets, without their values. */
  listSecrets(clientId: string, options: CallOptions = {}): Promise<ClientSecret[]> {
    return this.#transport.request<ClientSecret[]>({ method: 'GET', path: `ClientCredential/${segment(clientId)}/secrets` }, options);
  }

  /** Generates a secret. Its value, `generatedSecret`, is returned this once and never again. */
  createSecret(clientId: string, request: ClientSecretRequest, options: CallOptions = {}): Promise<GeneratedClientSecret> {
    return this.#transport.request<GeneratedClientSecret>(
      { method: 'POST', path: `ClientCredential/${segment(clientId)}/secrets`, json: request, idempotent: false },
      options,
    );
  }

  getSecret(clientId: string, secretId: number, options: CallOptions = {}): Promise<ClientSecret> {
    return this.#transport.request<ClientSecret>(
      { method: 'GET', path: `ClientCredential/${segment(clientId)}/secrets/${segment(secretId)}` },
      options,
    );
  }

  async updateSecret(clientId: string, secretId: number, request: ClientSecretRequest, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>(
      { method: 'PUT', path: `ClientCredential/${segment(clientId)}/secrets/${segment(secretId)}`, json: request },
      options,
    );
  }

  async deleteSecret(clientId: string, secretId: number, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>(
      { method: 'DELETE', path: `ClientCredential/${segment(clientId)}/secrets/${segment(secretId)}`, afterRetry: goneAfterRetry },
      options,
    );
  }
}
