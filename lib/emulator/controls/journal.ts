/**
 * The request journal a test can read (`emulator.journal()`, `GET /_emulator/journal`):
 * what was asked, by which account, how it ended. Secrets, tokens, API keys and record
 * contents never enter it. A ring buffer, so recording costs O(1) and memory stays bounded.
 *
 * @packageDocumentation
 */

/** One request. */
export interface JournalEntry {
  /** Position in the whole run (1-based); survives the ring buffer's wrap-around. */
  readonly seq: number;
  /** ISO 8601 time the request arrived. */
  readonly time: string;
  readonly method: string;
  /** The path with redacted parameters (`/ApiKey/[redacted]`) and no query string. */
  readonly path: string;
  /** The route pattern (`/Dataset/:name/data`), or `null` when no route matched. */
  readonly route: string | null;
  readonly status: number;
  readonly durationMs: number;
  /** The account name of the bearer token, or `null`. */
  readonly account: string | null;
  /** The injected fault (`plan #2: 503`, `random: drop before`), if any. */
  readonly fault?: string;
  /** The latency injected before the request was handled (planned or random), in milliseconds, if any. */
  readonly latencyMs?: number;
  /** The request body, redacted (record lists become their length). */
  readonly body?: unknown;
}

/** What the server hands to {@link Journal.record}. */
export type JournalInput = Omit<JournalEntry, 'seq' | 'time' | 'body'> & { readonly startedAt: number; readonly body: unknown };

/** Keys whose values are never journalled. */
const SECRET_KEY = /secret|token|password|authori[sz]ation|^key$|apikey|assertion/i;
/** Keys whose arrays hold records: journalled as a count. */
const RECORDS_KEY = /^(records|data)$/i;
const REDACTED = '[redacted]';
const MAX_DEPTH = 4;
const MAX_ITEMS = 20;

/** A form-encoded body (`a=1&client_secret=...`), as named fields. */
const FORM_TEXT = /^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/;

/** A redacted copy of a request body, small and safe to show. */
export function redactBody(value: unknown, depth = 0): unknown {
  if (typeof value === 'string' && depth === 0 && FORM_TEXT.test(value)) {
    return redactBody(Object.fromEntries(new URLSearchParams(value)), depth);
  }
  if (value === null || typeof value !== 'object') return typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => redactBody(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`[… ${value.length - MAX_ITEMS} more]`);
    return items;
  }
  const copy: Record<string, unknown> = {};
  let count = 0;
  for (const [key, field] of Object.entries(value)) {
    if (count++ >= MAX_ITEMS) {
      copy['…'] = 'more fields';
      break;
    }
    if (SECRET_KEY.test(key)) copy[key] = REDACTED;
    else if (RECORDS_KEY.test(key) && Array.isArray(field)) copy[key] = `[${field.length} records redacted]`;
    else copy[key] = redactBody(field, depth + 1);
  }
  return copy;
}

/** Path parameters that hold credentials. */
const SECRET_PARAMS = new Set(['key']);

/** The path to journal: route parameters that hold credentials are replaced. */
export function redactPath(path: string, params: unknown): string {
  if (typeof params !== 'object' || params === null) return path;
  let redacted = path;
  for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
    if (!SECRET_PARAMS.has(name) || typeof value !== 'string' || value === '') continue;
    redacted = redacted.split(`/${encodeURIComponent(value)}`).join(`/${REDACTED}`).split(`/${value}`).join(`/${REDACTED}`);
  }
  return redacted;
}

/** The journal. */
export class Journal {
  readonly #capacity: number;
  #entries: (JournalEntry | undefined)[];
  #seq = 0;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
    this.#entries = new Array<JournalEntry | undefined>(capacity);
  }

  record(input: JournalInput): void {
    const seq = ++this.#seq;
    const { startedAt, body, ...rest } = input;
    const entry: JournalEntry = {
      ...rest,
      seq,
      time: new Date(startedAt).toISOString(),
      ...(body === undefined ? {} : { body: redactBody(body) }),
    };
    this.#entries[(seq - 1) % this.#capacity] = entry;
  }

  /** Entries in order, oldest first; `since` keeps those with `seq > since`. */
  entries(since = 0): JournalEntry[] {
    const first = Math.max(since + 1, this.#seq - this.#capacity + 1, 1);
    const list: JournalEntry[] = [];
    for (let seq = first; seq <= this.#seq; seq++) {
      const entry = this.#entries[(seq - 1) % this.#capacity];
      if (entry) list.push(entry);
    }
    return list;
  }

  clear(): void {
    this.#entries = new Array<JournalEntry | undefined>(this.#capacity);
  }
}
