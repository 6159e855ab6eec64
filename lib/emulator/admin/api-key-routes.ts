/**
 * `/ApiKey` (contract, "API keys"): keys with their allowed domains, networks and services.
 * Lists hold no duplicates; removing an absent entry is a 404; networks are stored normalised.
 *
 * @packageDocumentation
 */
import type { FastifyInstance } from 'fastify';
import type { ApiKeyRequest } from '../../core/wire.js';
import type { AccountStore } from '../accounts/account-store.js';
import { addEntry, createApiKey, removeEntry, requireApiKey, updateApiKey } from '../accounts/api-keys.js';
import { apiKeyToWire, type ApiKeyListName } from '../accounts/model.js';
import type { RoutePlugin } from '../context.js';
import { notFound } from '../problems.js';
import { apiKeyBody, apiKeyParams, networkBody } from './schemas.js';

interface KeyParams {
  key: string;
  domain: string;
  service: string;
  network: string;
  prefix?: string;
}

const BASE = '/ApiKey';
const ONE = `${BASE}/:key`;
const params = { schema: { params: apiKeyParams } };

/** The route plugin. */
export function apiKeyRoutes(store: AccountStore): RoutePlugin {
  return (app: FastifyInstance) => {
    const keyOf = (request: { account: Parameters<AccountStore['record']>[0]; params: KeyParams }) =>
      requireApiKey(store.record(request.account), request.params.key);

    app.get(BASE, (request) => store.record(request.account).apiKeys.map(apiKeyToWire));

    app.post<{ Body: ApiKeyRequest }>(BASE, { schema: { body: apiKeyBody } }, async (request, reply) => {
      const record = createApiKey(store, store.record(request.account), request.body);
      await store.save();
      return reply.code(201).header('location', `${BASE}/${encodeURIComponent(record.key)}`).send(apiKeyToWire(record));
    });

    app.get<{ Params: KeyParams }>(ONE, params, (request) => apiKeyToWire(keyOf(request)));

    app.put<{ Params: KeyParams; Body: ApiKeyRequest }>(
      ONE,
      { schema: { params: apiKeyParams, body: apiKeyBody } },
      async (request, reply) => {
        updateApiKey(keyOf(request), request.body);
        await store.save();
        return reply.code(204).send();
      },
    );

    app.delete<{ Params: KeyParams }>(ONE, params, async (request, reply) => {
      if (!store.removeApiKey(store.record(request.account), request.params.key)) {
        throw notFound('API key', '…');
      }
      await store.save();
      return reply.code(204).send();
    });

    const list = (name: ApiKeyListName, entry: string, pick: (p: KeyParams) => [string, (string | undefined)?]) => {
      const path = `${ONE}/${name}`;
      app.get<{ Params: KeyParams }>(path, params, (request) => [...keyOf(request)[name]]);
      app.put<{ Params: KeyParams }>(`${path}/${entry}`, params, async (request, reply) => {
        addEntry(keyOf(request), name, ...pick(request.params));
        await store.save();
        return reply.code(204).send();
      });
      app.delete<{ Params: KeyParams }>(`${path}/${entry}`, params, async (request, reply) => {
        removeEntry(keyOf(request), name, ...pick(request.params));
        await store.save();
        return reply.code(204).send();
      });
    };
    list('allowedDomains', ':domain', (p) => [p.domain]);
    list('allowedServices', ':service', (p) => [p.service]);
    list('allowedIPs', ':network/:prefix', (p) => [p.network, p.prefix]);

    // The reference also lets the prefix be left out, the network then being a CIDR string or one address.
    const networkOnly = `${ONE}/allowedIPs/:network`;
    app.put<{ Params: KeyParams }>(networkOnly, params, async (request, reply) => {
      addEntry(keyOf(request), 'allowedIPs', request.params.network);
      await store.save();
      return reply.code(204).send();
    });
    app.delete<{ Params: KeyParams }>(networkOnly, params, async (request, reply) => {
      removeEntry(keyOf(request), 'allowedIPs', request.params.network);
      await store.save();
      return reply.code(204).send();
    });

    app.post<{ Params: KeyParams; Body: string }>(
      `${ONE}/allowedIPs`,
      { schema: { params: apiKeyParams, body: networkBody } },
      async (request, reply) => {
        addEntry(keyOf(request), 'allowedIPs', request.body);
        await store.save();
        return reply.code(204).send();
      },
    );
  };
}
