/**
 * Checks the network options every client takes (user agent, proxy, agents, CA) and applies
 * their defaults.
 */
import { ConfigError } from '../core/errors.js';
import { bag, invalidOption, stringOption } from '../core/option-checks.js';
import { defaultUserAgent } from '../core/version.js';
import { maskProxyUrl, type Agents } from './agents.js';

/** The network options, checked. */
export interface ResolvedNetworkOptions {
  readonly userAgent: string;
  readonly proxy: string | false | undefined;
  readonly agent: Agents | undefined;
  readonly ca: readonly string[] | undefined;
}

function proxyOption(value: unknown): string | false | undefined {
  if (value === undefined || value === false) return value;
  if (typeof value !== 'string' || value === '') invalidOption('proxy', 'a proxy URL such as http://proxy.example:3128, or false', value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value may hold a password: the message shows it masked.
    throw new ConfigError(`Invalid option "proxy": expected a URL such as http://proxy.example:3128, got "${maskProxyUrl(value)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`Invalid option "proxy": expected an http:// or https:// proxy, got "${maskProxyUrl(value)}"`);
  }
  return value;
}

function caOption(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  for (const pem of list) {
    const text = Buffer.isBuffer(pem) ? pem.toString('utf8') : pem;
    if (typeof text !== 'string' || !text.includes('-----BEGIN CERTIFICATE-----')) {
      invalidOption('ca', 'PEM certificate text (-----BEGIN CERTIFICATE-----...) or a list of them', typeof text === 'string' ? 'other text' : text);
    }
  }
  return list.map((pem) => (Buffer.isBuffer(pem) ? pem.toString('utf8') : (pem as string)));
}

function agentOption(value: unknown, proxy: unknown, ca: unknown): Agents | undefined {
  if (value === undefined) return undefined;
  const agents = bag('agent', value, ['http', 'https']);
  if (agents['http'] === undefined && agents['https'] === undefined) invalidOption('agent', 'an object with http and/or https agents', value);
  if (proxy !== undefined || ca !== undefined) {
    throw new ConfigError(`Options "agent" and "${proxy !== undefined ? 'proxy' : 'ca'}" cannot be given together: your own agents carry their own proxy and CA settings`);
  }
  return agents;
}

/** The network options of `given`, checked, with defaults. */
export function networkOptions(given: Readonly<Record<string, unknown>>): ResolvedNetworkOptions {
  const base = stringOption('userAgent', given['userAgent'], defaultUserAgent());
  const suffix = given['userAgentSuffix'] === undefined ? undefined : stringOption('userAgentSuffix', given['userAgentSuffix']);
  return {
    userAgent: suffix === undefined ? base : `${base} ${suffix}`,
    proxy: proxyOption(given['proxy']),
    agent: agentOption(given['agent'], given['proxy'], given['ca']),
    ca: caOption(given['ca']),
  };
}
