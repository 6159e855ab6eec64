/**
 * Generating and checking credentials. Secrets are stored as SHA-256 digests only, so the
 * state directory never holds a usable secret; a generated value is shown once.
 *
 * @packageDocumentation
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** The digest stored for a secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored digest in constant time. */
export function secretMatches(secret: string, digest: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(digest, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** A new client secret: 256 random bits, base64url. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A new client id. */
export function generateClientId(): string {
  return randomUUID();
}

/** A new API key, `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX` (96 random bits). */
export function generateApiKey(): string {
  const hex = randomBytes(12).toString('hex').toUpperCase();
  return hex.match(/.{4}/g)?.join('-') ?? hex;
}
