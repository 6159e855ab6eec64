/**
 * What every route plugin of the emulator is given.
 *
 * ## The seam between the emulator's core and its resource plugins
 *
 * The core (server, token server, accounts, client credentials, API keys, faults, journal,
 * controls) builds one {@link EmulatorContext} and hands it to each route plugin:
 *
 * ```ts
 * // lib/emulator/datasets/routes.ts
 * export async function datasetRoutes(app: FastifyInstance, ctx: EmulatorContext): Promise<void> {
 *   app.get('/Dataset/:name', async (request) => {
 *     const account = request.account;        // set by the core's auth hook (API routes only)
 *     ...                                      // throw notFound(...) / validationFailed(...) from ../problems.js
 *   });
 *   ctx.onReset(async () => { ... });          // `POST /_emulator/reset`: drop every dataset
 *   ctx.onClose(async () => { ... });          // stop background work before the server closes
 *   ctx.onSeed(async (account, seed) => { ... });  // `POST /_emulator/seed`: seed.datasets etc.
 * }
 * ```
 *
 * - Every route is an API route (bearer token with scope `BatchApi` required, faults applied,
 *   journalled) unless its URL starts with `/_emulator/` (a test control: no token, no faults)
 *   or it sets `config: { kind: 'open' }` (no bearer token, e.g. a vendor with its own key
 *   headers; faults still apply). See {@link RouteKind}.
 * - JSON bodies are already parsed and depth-checked (`request.rawBody` keeps the exact text);
 *   fastify JSON schemas on a route turn into 400 problem documents whose `errors` name the
 *   field (`records[12].age`). Bodies are validated without type coercion; query strings and
 *   path parameters with it.
 * - Files go under {@link EmulatorContext.dataDir}; the core keeps its own state in
 *   `<dataDir>/core/`, everything else in that directory is free for plugins. Write through
 *   {@link EmulatorContext.persist} so a crash mid-write never leaves a torn file.
 * - Programmatic test controls (for example `emulator.jobs.script(...)`) are published with
 *   {@link EmulatorContext.provideControl} after augmenting {@link EmulatorControls}.
 *
 * @packageDocumentation
 */
import type { FastifyInstance } from 'fastify';
import type { DataGroupEmulatorOptions } from './datagroup/options.js';
import type { FaultDecision } from './faults/types.js';
import type { AtomicFiles } from './persist.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How the core treats the route; see {@link RouteKind}. */
    kind?: RouteKind;
  }
  interface FastifyRequest {
    /** The caller's account. Set on API routes (kind `api`) before any handler runs. */
    account: Account;
    /** The exact JSON body text (set by the core's JSON parser), for handlers that store bodies as received. */
    rawBody: string | undefined;
    /** The fault injected into this request, if any. */
    fault: FaultDecision | undefined;
  }
}

/** One account of the emulator: every resource belongs to exactly one. */
export interface Account {
  /** Stable identifier, safe as a directory name (`^[a-z0-9][a-z0-9_-]*$`). */
  readonly id: string;
  /** The name given in the options (`default` for the initial account). */
  readonly name: string;
}

/** Which checks the core applies to a route. Set with `config: { kind }`; inferred otherwise. */
export type RouteKind =
  /** Bearer token with scope `BatchApi`; faults; journal. The default. */
  | 'api'
  /** `/connect/token` and discovery: no bearer token; faults only when asked for. */
  | 'token'
  /** `/_emulator/*`: no token, never faulted. Inferred from the URL. */
  | 'control'
  /** No bearer token (the route authenticates by other means); faults and journal apply. */
  | 'open';

/** Seeded random numbers: the same seed gives the same sequence. */
export interface RandomSource {
  /** The seed this source started from. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number;
}

/** Where the emulator reads the time, so that every part agrees. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The accounts the emulator knows, as plugins see them. */
export interface AccountDirectory {
  /** The account with this id, or `undefined`. O(1). */
  get(id: string): Account | undefined;
  /** Every account, the initial (`default`) one first. */
  list(): readonly Account[];
  /** The account by its name (as declared in the options or seeded), or `undefined`. */
  byName(name: string): Account | undefined;
}

/** The seed document of `POST /_emulator/seed`, per account. Unknown sections are for plugins. */
export interface AccountSeed {
  /** The account's name; `default` is the initial account. Created when it does not exist. */
  readonly name: string;
  readonly [section: string]: unknown;
}

/** Options after defaults were applied. */
export interface ResolvedEmulatorOptions {
  readonly host: string;
  readonly port: number;
  /** Absolute path of the state directory (a temporary one when none was given). */
  readonly dataDir: string;
  /** True when the state directory is temporary and removed on close. */
  readonly temporaryDataDir: boolean;
  readonly tokenTtlSeconds: number;
  /** How fast jobs process records. */
  readonly jobRecordsPerSecond: number;
  /** User-supplied workflows, as given to `startEmulator`. */
  readonly workflows: readonly unknown[];
  /** The second vendor's settings (issue 8), as given. */
  readonly dataGroup: DataGroupOptions | undefined;
  readonly seed: number;
}

/** The Data Group's asynchronous batch API settings (credentials, body limit, speed, notifications). */
export type DataGroupOptions = DataGroupEmulatorOptions;

/**
 * Programmatic test controls published on the emulator handle. Plugins add members through
 * declaration merging and publish them with `EmulatorContext.provideControl`:
 *
 * ```ts
 * declare module '../context.js' { interface EmulatorControls { jobs: JobControls } }
 * ctx.provideControl('jobs', controls);
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in plugins
export interface EmulatorControls {}

/** What a route plugin receives. */
export interface EmulatorContext {
  readonly options: ResolvedEmulatorOptions;
  /** Same as `options.dataDir`. */
  readonly dataDir: string;
  /** Seeded randomness for anything observable (names, ids, faults, job timing). */
  readonly random: RandomSource;
  readonly clock: Clock;
  readonly accounts: AccountDirectory;
  /** Crash-safe file writes and reads. */
  readonly persist: AtomicFiles;
  /** Runs on `reset()` / `POST /_emulator/reset`, before the accounts are restored. */
  onReset(handler: () => Promise<void> | void): void;
  /** Runs on `close()`, before the HTTP server stops. */
  onClose(handler: () => Promise<void> | void): void;
  /** Runs for each account of a `POST /_emulator/seed` document, after the core's sections. */
  onSeed(handler: (account: Account, seed: AccountSeed) => Promise<void> | void): void;
  /** Publishes a programmatic control on the emulator handle (see {@link EmulatorControls}). */
  provideControl<K extends keyof EmulatorControls>(name: K, control: EmulatorControls[K]): void;
}

/** The signature of a route plugin. */
export type RoutePlugin = (app: FastifyInstance, ctx: EmulatorContext) => Promise<void> | void;
