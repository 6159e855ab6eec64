/**
 * Checks of a batch's optional fields before anything is sent: a notification URL must be
 * https and needs a method (`GET` or `POST`), as the seed requires.
 *
 * @packageDocumentation
 */
import { isIP } from 'node:net';
import { ConfigError } from '../core/errors.js';
import type { BatchEnvelopeFields } from './batch-body.js';
import type { DataGroupBatchFields } from './types.js';

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/**
 * Throws a `ConfigError` naming the field when the fields cannot be sent.
 * `allowHttpLoopback` admits `http:` to loopback hosts (tests against the emulator).
 */
export function checkBatchFields(fields: DataGroupBatchFields, allowHttpLoopback: boolean): void {
  const { notificationUrl, notificationMethod, outputFormat } = fields;
  if (outputFormat !== undefined && (typeof outputFormat !== 'string' || outputFormat === '')) {
    throw new ConfigError('Invalid option "outputFormat": expected a non-empty string');
  }
  if (notificationUrl === undefined) {
    if (notificationMethod !== undefined) {
      throw new ConfigError('Invalid option "notificationMethod": it needs a notificationUrl to go with it');
    }
    return;
  }
  let url: URL;
  try {
    url = new URL(notificationUrl);
  } catch {
    throw new ConfigError(`Invalid option "notificationUrl": expected an absolute https URL, got ${JSON.stringify(notificationUrl)}`);
  }
  const httpAllowed = allowHttpLoopback && url.protocol === 'http:' && isLoopback(url.hostname);
  if (url.protocol !== 'https:' && !httpAllowed) {
    const hint = allowHttpLoopback ? ' (http is accepted for loopback hosts only)' : '';
    throw new ConfigError(`Invalid option "notificationUrl": the vendor requires https, got a ${url.protocol.slice(0, -1)} URL${hint}`);
  }
  const method: unknown = notificationMethod;
  if (method !== 'GET' && method !== 'POST') {
    const given = method === undefined ? 'none' : JSON.stringify(method);
    throw new ConfigError(`Invalid option "notificationMethod": a notificationUrl needs "GET" or "POST", got ${given}`);
  }
}

/** The fields in their wire spelling. */
export function envelopeFieldsOf(fields: DataGroupBatchFields): BatchEnvelopeFields {
  return {
    output_format: fields.outputFormat,
    notification_URL: fields.notificationUrl,
    notification_method: fields.notificationMethod,
  };
}
