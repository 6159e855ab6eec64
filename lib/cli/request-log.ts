/**
 * What the command shows of the client's requests. With `--debug`, every entry of the
 * library's `logger` (request, retry, give-up, token, discovery) as one line on stderr, or one
 * JSON object with `--progress json`. Without it, only a retry that waits long enough for a
 * person to wonder (over about two seconds): `retrying PATCH /Dataset/x/data: ECONNREFUSED,
 * attempt 3 of 6, next in 2s`. Entries never hold headers, bodies, tokens or secrets, and their
 * URLs are redacted by the client.
 *
 * @packageDocumentation
 */
import type { LogEntry, Logger } from '../transport/options.js';

/** Waits for a retry longer than this are shown without `--debug`. */
export const VISIBLE_RETRY_MS = 2000;

/** How to show the client's log. */
export interface RequestLogOptions {
  readonly debug: boolean;
  /** Write JSON lines (`--progress json`, `--json`). */
  readonly json: boolean;
  /** No notes (`--quiet`); `--debug` still prints. */
  readonly quiet: boolean;
  /** The client's attempts per request (to say "attempt 3 of 6"). */
  readonly maxAttempts: number;
  readonly stderr: NodeJS.WritableStream;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms / 100) / 10}s` : `${Math.round(ms / 1000)}s`;
}

function pathOf(url: string): string {
  try {
    const { pathname, search } = new URL(url);
    return `${pathname}${search}`;
  } catch {
    return url;
  }
}

function outcome(entry: LogEntry): string {
  if (entry.status !== undefined) return String(entry.status);
  return entry.errorCode ?? 'failed';
}

/** One `--debug` line. */
export function debugLine(entry: LogEntry): string {
  const took = entry.durationMs === undefined ? '' : ` in ${Math.round(entry.durationMs)}ms`;
  const next = entry.retryInMs === undefined ? '' : `, next in ${Math.round(entry.retryInMs)}ms`;
  const reason = entry.reason === undefined ? '' : ` (${entry.reason})`;
  return `data8-batch debug: ${entry.event} ${entry.method} ${entry.url}: ${outcome(entry)}${took}, attempt ${entry.attempt}${next}${reason}`;
}

/** The note of a long retry wait. */
export function retryNote(entry: LogEntry, maxAttempts: number): string {
  return `data8-batch: retrying ${entry.method} ${pathOf(entry.url)}: ${outcome(entry)}, attempt ${entry.attempt + 1} of ${maxAttempts}, next in ${seconds(entry.retryInMs ?? 0)}`;
}

/** The logger to give the client, or `undefined` when nothing would be shown. */
export function requestLogger(options: RequestLogOptions): Logger | undefined {
  const { debug, json, quiet, maxAttempts, stderr } = options;
  if (!debug && quiet && !json) return undefined;
  return (entry) => {
    const visibleRetry = entry.event === 'retry' && (entry.retryInMs ?? 0) > VISIBLE_RETRY_MS;
    if (!debug && !visibleRetry) return;
    if (json) stderr.write(`${JSON.stringify(entry)}\n`);
    else if (debug) stderr.write(`${debugLine(entry)}\n`);
    else if (!quiet) stderr.write(`${retryNote(entry, maxAttempts)}\n`);
  };
}
