/**
 * Loads ioredis when the `redis` option is used, and only then: it is an optional peer
 * dependency (bottleneck itself leaves it to the user), so a client without Redis neither
 * installs nor loads it. Loaded synchronously (ioredis is CommonJS) so the client's
 * constructor can report a missing package before anything is sent.
 */
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import { ConfigError } from '../core/errors.js';

/** The ioredis `Redis` class, or a ConfigError naming the install line. */
export function loadIoredis(): typeof Redis {
  try {
    const ioredis = createRequire(import.meta.url)('ioredis') as { Redis: typeof Redis };
    return ioredis.Redis;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
    throw new ConfigError(
      'Invalid option "redis": sharing the rate limit through Redis needs ioredis, an optional peer dependency ' +
        'that is not installed. Install it with: npm install ioredis@5',
      { cause: error },
    );
  }
}
