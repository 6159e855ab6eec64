/**
 * Normalising the entries of an API key's lists (contract, "API keys"): domain names (IDNs
 * to their ASCII form), IPv4 and IPv6 networks in CIDR form with the host bits cleared
 * (`123.45.6.7/24` → `123.45.6.0/24`), and service names. Each answers the stored form or
 * `undefined` with the reason in `why`.
 *
 * @packageDocumentation
 */
import { domainToASCII } from 'node:url';

/** A normalised entry, or why the input is not one. */
export type Normalised = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly why: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** `Example.COM.` → `example.com`; `*.example.com` allowed; `bücher.de` → `xn--bcher-kva.de`. */
export function normaliseDomain(input: string): Normalised {
  let text = input.trim().toLowerCase();
  if (text.endsWith('.')) text = text.slice(0, -1);
  const wildcard = text.startsWith('*.');
  if (wildcard) text = text.slice(2);
  const ascii = text === '' || /[\s/:@?#\\%]/.test(text) ? '' : domainToASCII(text);
  const labels = ascii.split('.');
  const numericTld = /^\d+$/.test(labels[labels.length - 1] ?? '');
  if (ascii === '' || ascii.length > 253 || numericTld || !labels.every((label) => LABEL.test(label))) {
    return { ok: false, why: 'must be a domain name such as example.com or *.example.com' };
  }
  return { ok: true, value: wildcard ? `*.${ascii}` : ascii };
}

/** A service name: letters, digits, `_`, `.`, `-`, 1 to 100 characters. */
export function normaliseService(input: string): Normalised {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(input)
    ? { ok: true, value: input }
    : { ok: false, why: 'must be a service name of letters, digits, "_", "." and "-"' };
}

function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The eight groups of an IPv6 address as one bigint, via the WHATWG URL parser (RFC 5952 aware). */
function parseIPv6(text: string): bigint | undefined {
  if (!text.includes(':') || /[^0-9a-fA-F:.]/.test(text)) return undefined;
  let host: string;
  try {
    host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const [head = '', tail] = host.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = [...headGroups, ...zeros, ...tailGroups];
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(`0x${group}`), 0n);
}

function formatIPv6(value: bigint): string {
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/**
 * A network from `address`, `address/prefix`, or `address` plus a separate `prefix`, with the
 * host bits cleared. A single address becomes a /32 (IPv4) or /128 (IPv6).
 */
export function normaliseNetwork(input: string, prefixInput?: string): Normalised {
  let address = input.trim();
  let prefixText = prefixInput?.trim();
  const slash = address.indexOf('/');
  if (slash >= 0) {
    if (prefixText !== undefined && prefixText !== '') return { ok: false, why: 'gives the prefix twice' };
    prefixText = address.slice(slash + 1);
    address = address.slice(0, slash);
    if (prefixText === '') return { ok: false, why: 'has "/" without a prefix' };
  }
  if (prefixText !== undefined && prefixText !== '' && !/^\d{1,3}$/.test(prefixText)) {
    return { ok: false, why: 'prefix must be a whole number of bits' };
  }
  const v4 = parseIPv4(address);
  if (v4 !== undefined) {
    const prefix = prefixText === undefined || prefixText === '' ? 32 : Number(prefixText);
    if (prefix > 32) return { ok: false, why: `prefix ${prefix} is out of range for IPv4 (0 to 32)` };
    const size = 2 ** (32 - prefix);
    return { ok: true, value: `${formatIPv4(Math.floor(v4 / size) * size)}/${prefix}` };
  }
  const v6 = parseIPv6(address);
  if (v6 !== undefined) {
    const prefix = prefixText === undefined || prefixText === '' ? 128 : Number(prefixText);
    if (prefix > 128) return { ok: false, why: `prefix ${prefix} is out of range for IPv6 (0 to 128)` };
    const hostBits = BigInt(128 - prefix);
    return { ok: true, value: `${formatIPv6((v6 >> hostBits) << hostBits)}/${prefix}` };
  }
  return { ok: false, why: 'must be an IPv4 or IPv6 address or network, e.g. 123.45.6.0/24 or 2001:db8::/32' };
}
