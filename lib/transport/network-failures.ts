/**
 * Failures of the network between the client and the service, said in the user's terms: a
 * proxy that refuses or cannot be reached is named (password masked), and a certificate the
 * client does not trust comes with how to trust a private CA.
 */
import { STATUS_CODES } from 'node:http';

/** A proxy answered CONNECT with a 5xx: it could not reach the service. Nothing was sent; safe to retry. */
export const PROXY_TUNNEL_FAILED = 'ERR_PROXY_TUNNEL';
/** A proxy refused the tunnel (407 and other 4xx). Not retried: only new settings help. */
export const PROXY_REFUSED = 'ERR_PROXY_REFUSED';

/** Codes of a connection that never reached its peer. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

/** Node's codes for a certificate it does not trust. */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED',
]);

/** What to tell a user whose network presents a certificate from a private CA. */
export const TRUST_HINT =
  "; if the service (or a TLS-inspecting proxy) uses a private CA, trust it with the client's `ca` option " +
  '(--ca-file FILE on the command line) or NODE_EXTRA_CA_CERTS=FILE';

/** The message and code of a failed exchange; `proxy` is the (masked) proxy it went through. */
export function explainFailure(error: Error, code: string | undefined, proxy: string | undefined): { message: string; code: string | undefined } {
  const refused = /^Bad response: (\d{3})$/.exec(error.message);
  if (refused !== null && proxy !== undefined) {
    const status = Number(refused[1]);
    // 407 is the standard answer; some proxies (tinyproxy) answer 401.
    const auth = status === 407 || status === 401 ? '; check the user name and password in the proxy URL' : '';
    return {
      message: `the proxy ${proxy} answered ${status} ${STATUS_CODES[status] ?? ''} to CONNECT${auth}`,
      code: status >= 500 ? PROXY_TUNNEL_FAILED : PROXY_REFUSED,
    };
  }
  if (proxy !== undefined && (error.message === 'Proxy timeout' || (code !== undefined && UNREACHABLE.has(code)))) {
    return { message: `cannot reach the proxy ${proxy}: ${error.message}`, code: code ?? 'ETIMEDOUT' };
  }
  const via = proxy === undefined ? '' : ` (through the proxy ${proxy})`;
  if (code !== undefined && UNTRUSTED_CERTIFICATE.has(code)) return { message: `${error.message}${via}${TRUST_HINT}`, code };
  return { message: `${error.message}${via}`, code };
}
