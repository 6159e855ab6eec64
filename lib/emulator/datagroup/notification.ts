/**
 * Notification URLs of the emulated Data Group API: which ones a batch may name, and the call
 * made to them when the batch finishes.
 *
 * The vendor's notification payload is documented outside the seed, so the emulator decides
 * [assumed]: `GET <url>?job_id=..&batch_id=..&state=..&created_date=..`, or `POST <url>` with
 * the JSON body `{"job_id","batch_id","state","created_date"}`. Each is tried once; its outcome
 * goes to the emulator's journal.
 *
 * @packageDocumentation
 */
import { isIP } from 'node:net';

/** True for `localhost`, 127.0.0.0/8 and `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * Why a notification URL cannot be used, or undefined when it can. Only https is accepted,
 * plus http to a loopback host when `allowHttp` (tests) is set.
 */
export function notificationUrlProblem(value: unknown, allowHttp: boolean): string | undefined {
  if (typeof value !== 'string' || value === '') return 'must be a non-empty string';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && allowHttp && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'http:' && allowHttp) return 'must use https (http is accepted for loopback hosts only)';
  return 'must use https';
}

/** What a notification says about a batch. */
export interface NotificationPayload {
  readonly job_id: string;
  readonly batch_id: string;
  readonly state: 'COMPLETED' | 'FAILED';
  readonly created_date: string;
}

/** The outcome of one notification call. */
export interface NotificationOutcome {
  readonly status?: number;
  readonly error?: string;
}

/** Calls the notification URL once and reports the status or why it failed; never throws. */
export async function sendNotification(
  target: { readonly url: string; readonly method: 'GET' | 'POST' },
  payload: NotificationPayload,
  timeoutMs: number,
): Promise<NotificationOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    let response: Response;
    if (target.method === 'GET') {
      const url = new URL(target.url);
      url.searchParams.set('job_id', payload.job_id);
      url.searchParams.set('batch_id', payload.batch_id);
      url.searchParams.set('state', payload.state);
      url.searchParams.set('created_date', payload.created_date);
      response = await fetch(url, { method: 'GET', signal });
    } else {
      response = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal,
      });
    }
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The URL without its query, safe for the journal (a query may carry the user's own secret). */
export function describeTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
