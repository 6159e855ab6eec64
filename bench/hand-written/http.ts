/**
 * A minimal HTTP client on node's own `http`: one keep-alive agent, a token fetched once, no
 * retries, no rate limit. What a careful engineer writes by hand in an afternoon.
 */
import { Agent, request } from 'node:http';

/** A response, whole. */
export interface MinimalResponse {
  readonly status: number;
  readonly body: Buffer;
}

/** A bare client of the Data8 API. */
export class MinimalHttp {
  readonly #base: URL;
  readonly #agent: Agent;
  #authorization = '';

  constructor(apiUrl: string, maxSockets: number) {
    this.#base = new URL(apiUrl);
    this.#agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** Fetches a token by client credentials (HTTP Basic). */
  async authenticate(clientId: string, clientSecret: string): Promise<void> {
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    const response = await this.#send('POST', '/connect/token', Buffer.from('grant_type=client_credentials&scope=BatchApi'), {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    });
    const token = JSON.parse(response.body.toString()) as { access_token: string };
    this.#authorization = `Bearer ${token.access_token}`;
  }

  /** Sends an API request and returns the response; an error status throws. */
  async call(method: string, path: string, body?: Buffer | object): Promise<MinimalResponse> {
    const payload = body === undefined || Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    return this.#send(method, path, payload, {
      authorization: this.#authorization,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    });
  }

  /** Sends an API request and parses the JSON it answers. */
  async json<T>(method: string, path: string, body?: Buffer | object): Promise<T> {
    return JSON.parse((await this.call(method, path, body)).body.toString()) as T;
  }

  close(): void {
    this.#agent.destroy();
  }

  #send(method: string, path: string, body: Buffer | undefined, headers: Record<string, string>): Promise<MinimalResponse> {
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.#base),
        { method, agent: this.#agent, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const response = { status: res.statusCode ?? 0, body: Buffer.concat(chunks) };
            if (response.status >= 400) reject(new Error(`${method} ${path}: ${response.status} ${response.body.toString().slice(0, 500)}`));
            else resolve(response);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}
