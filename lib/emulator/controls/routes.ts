/**
 * Test controls under `/_emulator/`: no token needed, never faulted, not journalled. They exist
 * on the emulator only (the service has nothing like them), like Azurite's and LocalStack's.
 *
 * | call | does |
 * |---|---|
 * | `GET /_emulator/health` | `200 { status: "ok" }` |
 * | `POST /_emulator/reset` | everything back to the configured accounts; `204` |
 * | `POST /_emulator/seed` | creates what a {@link SeedDocument} describes; `200` {@link SeedResult} |
 * | `GET /_emulator/journal?since=N` | `200 { entries: [...] }` (redacted) |
 * | `DELETE /_emulator/journal` | empties it; `204` |
 * | `GET /_emulator/faults` | `200 { settings, plans }` |
 * | `PUT /_emulator/faults` | replaces the random fault settings; `204` |
 * | `DELETE /_emulator/faults` | removes every fault and plan; `204` |
 * | `POST /_emulator/faults/plans` | adds a {@link FaultPlan}; `201 { id }` |
 *
 * @packageDocumentation
 */
import type { FastifyInstance } from 'fastify';
import { ConfigError } from '../../core/errors.js';
import type { RoutePlugin } from '../context.js';
import type { FaultInjector } from '../faults/injector.js';
import type { FaultOptions, FaultPlan } from '../faults/types.js';
import { badRequest } from '../problems.js';
import type { Journal } from './journal.js';
import type { SeedDocument, SeedResult } from './seed.js';

/** What the control routes act on. */
export interface ControlParts {
  readonly journal: Journal;
  readonly faults: FaultInjector;
  reset(): Promise<void>;
  seed(doc: SeedDocument): Promise<SeedResult>;
}

const dateTime = { type: 'string', format: 'date-time' } as const;
const secretSeed = {
  type: 'object',
  properties: { value: { type: 'string', minLength: 1, maxLength: 256 }, expires: dateTime, description: { type: 'string' } },
} as const;
const seedSchema = {
  type: 'object',
  required: ['accounts'],
  properties: {
    accounts: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' },
          clientId: { type: 'string', minLength: 1, maxLength: 256 },
          clientSecret: { type: 'string', minLength: 1, maxLength: 256 },
          scopes: { type: 'array', items: { type: 'string', pattern: '^[\\x21\\x23-\\x5b\\x5d-\\x7e]+$' } },
          clientCredentials: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                clientId: { type: 'string', minLength: 1, maxLength: 256 },
                description: { type: 'string' },
                secrets: { type: 'array', items: secretSeed },
              },
            },
          },
          apiKeys: { type: 'array', items: { type: 'object' } },
        },
      },
    },
  },
} as const;

/** Turns a settings mistake into a 400 naming it. */
async function configured<T>(action: () => T | Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ConfigError) throw badRequest(error.message);
    throw error;
  }
}

/** The route plugin. */
export function controlRoutes(parts: ControlParts): RoutePlugin {
  return (app: FastifyInstance) => {
    app.get('/_emulator/health', () => ({ status: 'ok' }));

    app.post('/_emulator/reset', async (_request, reply) => {
      await parts.reset();
      return reply.code(204).send();
    });

    app.post<{ Body: SeedDocument }>('/_emulator/seed', { schema: { body: seedSchema } }, async (request) =>
      configured(() => parts.seed(request.body)),
    );

    app.get<{ Querystring: { since?: number } }>(
      '/_emulator/journal',
      { schema: { querystring: { type: 'object', properties: { since: { type: 'integer', minimum: 0 } } } } },
      (request) => ({ entries: parts.journal.entries(request.query.since ?? 0) }),
    );

    app.delete('/_emulator/journal', (_request, reply) => {
      parts.journal.clear();
      return reply.code(204).send();
    });

    app.get('/_emulator/faults', () => ({ settings: parts.faults.settings(), plans: parts.faults.plans() }));

    app.put<{ Body: FaultOptions }>('/_emulator/faults', { schema: { body: { type: 'object' } } }, async (request, reply) => {
      await configured(() => parts.faults.set(request.body));
      return reply.code(204).send();
    });

    app.delete('/_emulator/faults', (_request, reply) => {
      parts.faults.clear();
      return reply.code(204).send();
    });

    app.post<{ Body: FaultPlan }>('/_emulator/faults/plans', { schema: { body: { type: 'object' } } }, async (request, reply) => {
      const id = await configured(() => parts.faults.plan(request.body));
      return reply.code(201).send({ id });
    });
  };
}
