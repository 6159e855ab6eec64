/**
 * The one got instance: keep-alive agents, timeouts, the API's base URL as `prefixUrl`, and no
 * retries or HTTP-error throwing of its own (the transport owns both). A failed exchange comes
 * out as a `NetworkError`, `TimeoutError` or `AbortError` whose `cause` is a secret-free copy
 * of the original, never got's error (which holds the request's headers).
 *
 * Answers are read through got's stream interface rather than its promise one, which joins each
 * body with `Buffer.concat`: a fresh off-heap buffer per response, churn that fragments the malloc
 * heap over a long download (see body-decoder.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import got, { type Got, type PlainResponse, RequestError, TimeoutError as GotTimeoutError } from 'got';
import { NetworkError, TimeoutError, type Data8Error } from '../core/errors.js';
import { abortErrorOf } from './abort.js';
import { AgentRouter, type Agents, type Route } from './agents.js';
import { BodyDecoder } from './body-decoder.js';
import { describeRequest } from './response-errors.js';
import { explainFailure } from './network-failures.js';

/** The HTTP methods the APIs use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One exchange to send. */
export interface HttpRequest {
  readonly method: HttpMethod;
  /** A path relative to the API's base URL (segments already encoded), or an absolute URL with `absolute`. */
  readonly url: string;
  readonly absolute?: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly followRedirect?: boolean;
}

/** An answer of any status. */
export interface HttpResponse {
  readonly status: number;
  readonly statusMessage: string;
  readonly headers: IncomingHttpHeaders;
  /** The body decoded as UTF-8 (every API answers JSON or text). */
  readonly body: string;
}

/** Settings of {@link HttpClient}. */
export interface HttpClientOptions {
  readonly apiUrl: string;
  readonly timeouts: { readonly connectMs: number; readonly responseMs: number; readonly requestMs: number };
  readonly userAgent: string;
  /** Sockets per origin; at least the client's concurrency so requests never queue in the agent. */
  readonly maxSockets: number;
  readonly redact: (text: string) => string;
  /** A proxy URL, `false` for none, `undefined` to read `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`. */
  readonly proxy?: string | false | undefined;
  /** The caller's own agents (then `proxy` and `ca` are theirs to set). */
  readonly agent?: Agents | undefined;
  /** Certificates (PEM) trusted besides Node's roots. */
  readonly ca?: readonly string[] | undefined;
}

/** Sends exchanges through one got instance. */
export class HttpClient {
  readonly apiUrl: string;
  readonly #got: Got;
  readonly #router: AgentRouter;
  /** The route of requests relative to the API, once known. */
  #apiRoute: Route | undefined;
  readonly #redact: (text: string) => string;
  readonly #bodies = new BodyDecoder();

  constructor(options: HttpClientOptions) {
    this.apiUrl = options.apiUrl;
    this.#redact = options.redact;
    this.#router = new AgentRouter({ proxy: options.proxy, agent: options.agent, ca: options.ca, maxSockets: options.maxSockets });
    if (this.#router.alwaysDirect) this.#apiRoute = this.#router.direct;
    this.#got = got.extend({
      prefixUrl: `${options.apiUrl}/`,
      agent: this.#router.direct.agents,
      timeout: {
        connect: options.timeouts.connectMs,
        response: options.timeouts.responseMs,
        request: options.timeouts.requestMs,
      },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      headers: { 'user-agent': options.userAgent, accept: 'application/json' },
    });
  }

  /** The absolute URL of a path relative to the API (for messages and logs). */
  urlOf(request: Pick<HttpRequest, 'url' | 'absolute'>): string {
    return request.absolute === true ? request.url : `${this.apiUrl}/${request.url}`;
  }

  /** Sends one exchange; rejects only when no answer came. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    let route = request.absolute === true ? undefined : this.#apiRoute;
    try {
      if (route === undefined) {
        route = await this.#router.route(this.urlOf(request));
        if (request.absolute !== true) this.#apiRoute = route;
      }
      return await this.#exchange(request, route);
    } catch (error) {
      throw this.#failure(error, request, route);
    }
  }

  #exchange(request: HttpRequest, route: Route): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const stream = this.#got.stream(request.url, {
        ...(route === this.#router.direct ? {} : { agent: route.agents }),
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        ...(request.absolute === true ? { prefixUrl: '' } : {}),
        ...(request.followRedirect === true ? { followRedirect: true } : {}),
      });
      let head: Omit<HttpResponse, 'body'> | undefined;
      const chunks: Buffer[] = [];
      stream.once('response', (response: PlainResponse) => {
        head = { status: response.statusCode, statusMessage: response.statusMessage ?? '', headers: response.headers };
      });
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
      });
      // on, not once: a second error event (after destroy, say) must not go unhandled and crash the process.
      stream.on('error', reject);
      // got's stream waits for a body to be written unless the method cannot have one.
      if (request.body === undefined && request.method !== 'GET') stream.end();
      stream.once('end', () => {
        // got makes its stream with autoDestroy off: destroying it releases its listeners (on `signal` too).
        stream.destroy();
        // got emits 'response' before it pushes any body; should that ever change, fail rather than hang.
        if (head === undefined) reject(new Error('the connection ended before an answer'));
        else resolve({ ...head, body: this.#bodies.decode(chunks) });
      });
    });
  }

  #failure(error: unknown, request: HttpRequest, route: Route | undefined): Data8Error {
    const url = this.urlOf(request);
    const what = describeRequest(request.method, url);
    if (request.signal?.aborted === true) return abortErrorOf(request.signal, what);
    const original = error instanceof Error ? error : new Error(String(error));
    const failure = explainFailure(original, error instanceof RequestError ? error.code : (original as { code?: string }).code, route?.proxy);
    const systemCode = failure.code;
    const message = this.#redact(failure.message);
    // A fresh Error carrying only the facts: got's error holds the request options (headers included).
    const cause = Object.assign(new Error(message), { code: systemCode });
    if (error instanceof GotTimeoutError) {
      return new TimeoutError(`${what}: no answer in time (${message})`, { method: request.method, url, systemCode: 'ETIMEDOUT', cause });
    }
    return new NetworkError(`${what} failed: ${message}${systemCode === undefined ? '' : ` (${systemCode})`}`, {
      method: request.method,
      url,
      systemCode,
      cause,
    });
  }

  /** Closes idle keep-alive sockets; requests still running finish. */
  close(): void {
    this.#router.close();
  }
}
