/**
 * `/ApiKey`: the account's API keys and the domains, networks and services each may be used from or for.
 */
import type { ApiKey, ApiKeyRequest } from '../core/wire.js';
import type { CallOptions, Transport } from '../transport/transport.js';
import { segment } from './paths.js';
import { goneAfterRetry } from './same-resource.js';

/** A network as path segments: `("10.0.0.0", 8)` or a CIDR string `"10.0.0.0/8"` alone. */
function networkPath(network: string, prefix: number | undefined): string {
  if (prefix !== undefined) return `${segment(network)}/${segment(prefix)}`;
  const slash = network.lastIndexOf('/');
  if (slash === -1) return `${segment(network)}/${network.includes(':') ? 128 : 32}`;
  return `${segment(network.slice(0, slash))}/${segment(network.slice(slash + 1))}`;
}

/** The account's API keys. */
export class ApiKeysApi {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  #path(key: string, rest = ''): string {
    return `ApiKey/${segment(key)}${rest}`;
  }

  list(options: CallOptions = {}): Promise<ApiKey[]> {
    return this.#transport.request<ApiKey[]>({ method: 'GET', path: 'ApiKey' }, options);
  }

  /**
   * Creates a key; the server generates `key` when none is given. A create without `key` is
   * not repeated after a lost answer, as it could make a second key.
   */
  create(request: ApiKeyRequest, options: CallOptions = {}): Promise<ApiKey> {
    return this.#transport.request<ApiKey>(
      {
        method: 'POST',
        path: 'ApiKey',
        json: request,
        idempotent: request.key !== undefined,
        afterRetry: async (error, signal) => {
          if (error.status !== 409 || request.key === undefined) return undefined;
          const found = await this.get(request.key, { signal });
          const same = (request.description === undefined || found.description === request.description) &&
            (request.username === undefined || found.username === request.username);
          return same ? { value: found } : undefined;
        },
      },
      options,
    );
  }

  get(key: string, options: CallOptions = {}): Promise<ApiKey> {
    return this.#transport.request<ApiKey>({ method: 'GET', path: this.#path(key) }, options);
  }

  async update(key: string, request: ApiKeyRequest, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>({ method: 'PUT', path: this.#path(key), json: request }, options);
  }

  async delete(key: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>({ method: 'DELETE', path: this.#path(key), afterRetry: goneAfterRetry }, options);
  }

  /** Domains a client-side key may be used from. */
  listDomains(key: string, options: CallOptions = {}): Promise<string[]> {
    return this.#transport.request<string[]>({ method: 'GET', path: this.#path(key, '/allowedDomains') }, options);
  }

  async addDomain(key: string, domain: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>({ method: 'PUT', path: this.#path(key, `/allowedDomains/${segment(domain)}`) }, options);
  }

  async removeDomain(key: string, domain: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>(
      { method: 'DELETE', path: this.#path(key, `/allowedDomains/${segment(domain)}`), afterRetry: goneAfterRetry },
      options,
    );
  }

  /** Client networks (CIDR strings, stored normalised: `123.45.6.7/24` → `123.45.6.0/24`). */
  listNetworks(key: string, options: CallOptions = {}): Promise<string[]> {
    return this.#transport.request<string[]>({ method: 'GET', path: this.#path(key, '/allowedIPs') }, options);
  }

  /** Adds a network given as a CIDR string or a single address (`POST`, the body a JSON string). */
  async addNetwork(key: string, network: string, options: CallOptions = {}): Promise<void> {
    // Adding is idempotent: the list keeps no duplicates.
    await this.#transport.request<undefined>({ method: 'POST', path: this.#path(key, '/allowedIPs'), json: network, idempotent: true }, options);
  }

  /** Adds a network given as address and prefix length (`PUT .../allowedIPs/{network}/{prefix}`); a CIDR string alone works too. */
  async putNetwork(key: string, network: string, prefix?: number, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>({ method: 'PUT', path: this.#path(key, `/allowedIPs/${networkPath(network, prefix)}`) }, options);
  }

  /** Removes a network given as address and prefix length, or as a CIDR string alone. */
  async removeNetwork(key: string, network: string, prefix?: number, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>(
      { method: 'DELETE', path: this.#path(key, `/allowedIPs/${networkPath(network, prefix)}`), afterRetry: goneAfterRetry },
      options,
    );
  }

  /** Services the key may call. */
  listServices(key: string, options: CallOptions = {}): Promise<string[]> {
    return this.#transport.request<string[]>({ method: 'GET', path: this.#path(key, '/allowedServices') }, options);
  }

  async addService(key: string, service: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>({ method: 'PUT', path: this.#path(key, `/allowedServices/${segment(service)}`) }, options);
  }

  async removeService(key: string, service: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.request<undefined>(
      { method: 'DELETE', path: this.#path(key, `/allowedServices/${segment(service)}`), afterRetry: goneAfterRetry },
      options,
    );
  }
}
