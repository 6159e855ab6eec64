/**
 * Keeps secrets out of messages: every text that leaves the transport (error messages, log
 * entries) passes through {@link Redactor.redact}, which replaces each known secret.
 */

import { environmentProxies } from './agents.js';

/** The replacement of a secret. */
export const REDACTED = '[REDACTED]';

// Tokens are remembered so that an error met just after a refresh still redacts the old one.
const REMEMBERED_TOKENS = 8;

function formsOf(secret: string): string[] {
  if (secret.length < 4) return [];
  const forms = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  return [...new Set(forms)];
}

/** Replaces the client secret and recent tokens with `[REDACTED]`, and any credentials after `Bearer`/`Basic`. */
export class Redactor {
  readonly #fixed: readonly string[];
  #recent: readonly string[] = [];

  constructor(...secrets: readonly string[]) {
    this.#fixed = secrets.flatMap(formsOf);
  }

  /** Remembers a token (kept among the last few). */
  remember(token: string): void {
    this.#recent = [...formsOf(token), ...this.#recent].slice(0, REMEMBERED_TOKENS * 3);
  }

  /** The text with every known secret replaced. */
  redact(text: string): string {
    let out = text;
    for (const secret of [...this.#fixed, ...this.#recent]) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out
      .replace(/\b(Bearer|Basic)\s+[\w\-.~+/]+=*/gi, `$1 ${REDACTED}`)
      .replace(/(\/\/[^\s/:@]*):[^\s/@]+@/g, `$1:${REDACTED}@`);
  }
}

/**
 * The passwords of the proxies a client may use (its `proxy` option, else those of the
 * environment), decoded and as written, so that no message shows one.
 */
export function proxyPasswords(proxy: string | false | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const urls = proxy === false ? [] : proxy === undefined ? environmentProxies(env) : [proxy];
  return urls.flatMap((url) => {
    try {
      const { password } = new URL(url.includes('://') ? url : `http://${url}`);
      return [password, safeDecode(password)].filter((value) => value !== '');
    } catch {
      return [];
    }
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
