/**
 * Which agents carry a request: the direct keep-alive agents, a proxy's, or the caller's own.
 * Proxy and TLS are agent settings, so the request path stays one path whatever the network.
 *
 * The proxy comes from the `proxy` option, or else from `HTTPS_PROXY`, `HTTP_PROXY`,
 * `ALL_PROXY` and `NO_PROXY` (either case; curl's rules: host suffixes, ports, `*`), read by
 * `proxy-from-env`. The proxy agents are hpagent's: they keep tunnels alive (CONNECT, for
 * http and https targets alike) like the direct agents do. Both packages are imported only
 * when a proxy may apply, so a client with no proxy loads and does nothing more.
 */
import { Agent as HttpAgent, type AgentOptions } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';

/** The agents got uses, by the target's scheme. */
export interface Agents {
  readonly http?: HttpAgent;
  readonly https?: HttpsAgent;
}

/** How a request leaves the process. */
export interface Route {
  readonly agents: Agents;
  /** The proxy it goes through, password masked (for messages); `undefined` when direct. */
  readonly proxy: string | undefined;
}

/** Settings of {@link AgentRouter}. */
export interface AgentRouterOptions {
  /** A proxy URL for every request, `false` for none whatever the environment, `undefined` to read the environment. */
  readonly proxy: string | false | undefined;
  /** The caller's own agents: used for every request, as they are. */
  readonly agent: Agents | undefined;
  /** Certificates (PEM) trusted besides Node's own roots. */
  readonly ca: readonly string[] | undefined;
  readonly maxSockets: number;
}

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'] as const;

/** The proxy URLs the environment names (for redaction; which one applies depends on the target). */
export function environmentProxies(env: NodeJS.ProcessEnv = process.env): string[] {
  return PROXY_VARIABLES.map((name) => env[name]).filter((value): value is string => value !== undefined && value !== '');
}

/** The proxy variable that the environment sets for https targets, if any (for `config show`). */
export function environmentProxyVariable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'http_proxy', 'HTTP_PROXY'].find((name) => (env[name] ?? '') !== '');
}

/** `url` with its password masked as every secret is (`[REDACTED]`), for messages. */
export function maskProxyUrl(url: string): string {
  try {
    const parsed = new URL(url.includes('://') ? url : `http://${url}`);
    const user = parsed.username === '' ? '' : `${parsed.username}${parsed.password === '' ? '' : ':[REDACTED]'}@`;
    return `${parsed.protocol}//${user}${parsed.host}`;
  } catch {
    return '(an unreadable proxy URL)';
  }
}

/** Picks the agents for each request and keeps them, one set per proxy. */
export class AgentRouter {
  readonly direct: Route;
  readonly #options: AgentRouterOptions;
  readonly #agentOptions: AgentOptions;
  readonly #ca: string[] | undefined;
  readonly #byOrigin = new Map<string, Route | Promise<Route>>();
  readonly #proxies = new Map<string, Promise<Route>>();
  readonly #everyAgent: (HttpAgent | HttpsAgent)[] = [];

  constructor(options: AgentRouterOptions) {
    this.#options = options;
    this.#agentOptions = { keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' };
    // Added to Node's roots, as NODE_EXTRA_CA_CERTS does, rather than replacing them.
    this.#ca = options.ca === undefined ? undefined : [...rootCertificates, ...options.ca];
    const agents = options.agent ?? this.#track({
      http: new HttpAgent(this.#agentOptions),
      https: new HttpsAgent({ ...this.#agentOptions, ...(this.#ca === undefined ? {} : { ca: this.#ca }) }),
    });
    this.direct = { agents, proxy: undefined };
  }

  /** Whether every request goes direct (no proxy option, no proxy variable): then {@link route} is never needed. */
  get alwaysDirect(): boolean {
    const { proxy, agent } = this.#options;
    return agent !== undefined || proxy === false || (proxy === undefined && environmentProxies().length === 0);
  }

  /** The route for `url`: synchronous once known for its origin. */
  route(url: string): Route | Promise<Route> {
    if (this.alwaysDirect) return this.direct;
    const origin = new URL(url).origin;
    let route = this.#byOrigin.get(origin);
    if (route === undefined) {
      const pending = this.#resolve(url).then((resolved) => {
        this.#byOrigin.set(origin, resolved);
        return resolved;
      });
      this.#byOrigin.set(origin, pending);
      route = pending;
    }
    return route;
  }

  async #resolve(url: string): Promise<Route> {
    let proxy = this.#options.proxy;
    if (proxy === undefined) {
      const { getProxyForUrl } = await import('proxy-from-env');
      proxy = getProxyForUrl(url);
    }
    if (proxy === false || proxy === '') return this.direct;
    let viaProxy = this.#proxies.get(proxy);
    if (viaProxy === undefined) {
      viaProxy = this.#proxyRoute(proxy);
      this.#proxies.set(proxy, viaProxy);
    }
    return viaProxy;
  }

  async #proxyRoute(proxy: string): Promise<Route> {
    const { HttpProxyAgent, HttpsProxyAgent } = await import('hpagent');
    const ca = this.#ca === undefined ? {} : { ca: this.#ca };
    const common = { ...this.#agentOptions, proxy, proxyRequestOptions: { ...ca } };
    const agents = this.#track({ http: new HttpProxyAgent(common), https: new HttpsProxyAgent({ ...common, ...ca }) });
    return { agents, proxy: maskProxyUrl(proxy) };
  }

  #track<T extends { http: HttpAgent; https: HttpsAgent }>(agents: T): T {
    this.#everyAgent.push(agents.http, agents.https);
    return agents;
  }

  /** Closes the idle sockets of the agents it made (never the caller's own). */
  close(): void {
    for (const agent of this.#everyAgent) agent.destroy();
  }
}
