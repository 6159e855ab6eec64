/**
 * Assembles and starts the emulator: state directory, account store, token key, context,
 * server with its route plugins, and the handle a test holds.
 *
 * @packageDocumentation
 */
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { AccountStore } from './accounts/account-store.js';
import { clientCredentialRoutes } from './admin/client-credential-routes.js';
import { apiKeyRoutes } from './admin/api-key-routes.js';
import { generateSigningKey, TokenService } from './auth/tokens.js';
import { tokenRoutes } from './auth/token-routes.js';
import type { Account, AccountSeed, EmulatorContext, EmulatorControls, ResolvedEmulatorOptions, RoutePlugin } from './context.js';
import { Journal, type JournalEntry } from './controls/journal.js';
import { controlRoutes } from './controls/routes.js';
import { applySeed, type SeedDocument, type SeedResult } from './controls/seed.js';
import { dataGroupRoutes } from './datagroup/index.js';
import { datasetRoutes } from './datasets/routes.js';
import { jobRoutes } from './jobs/routes.js';
import { checkWorkflows } from './workflows/registry.js';
import { FaultInjector } from './faults/injector.js';
import type { FaultControl } from './faults/types.js';
import { atomicFiles, removePath, writeFileAtomic } from './persist.js';
import { freshSeed, createRandom } from './random.js';
import { createServer } from './server.js';
import {
  checkPositiveInteger,
  resolveAccounts,
  resolveCredentials,
  resolveLimits,
  type ClientCredentials,
  type EmulatorOptions,
} from './options.js';

/** Options of {@link EmulatorHandle.issueToken}. */
export interface IssueTokenOptions {
  /** The account's name. @default 'default' */
  readonly account?: string;
  /** @default the account's scopes */
  readonly scopes?: readonly string[];
  /** @default the emulator's token lifetime */
  readonly ttlSeconds?: number;
}

/** The running emulator. */
export interface EmulatorCore {
  /** Base URL of the API, the token server and discovery: `http://127.0.0.1:PORT` (`https://` with `tls`). */
  readonly url: string;
  /** The initial account's client credential. */
  readonly credentials: ClientCredentials;
  /** The state directory in use. */
  readonly dataDir: string;
  /** The seed in use (give it back as `seed` to repeat a run). */
  readonly randomSeed: number;
  /** Fault injection: random settings and plans by count. */
  readonly faults: FaultControl;
  /** The request journal (redacted), oldest first; `since` keeps entries after that `seq`. */
  journal(since?: number): JournalEntry[];
  /** Everything back to the configured accounts; every token issued before is refused. */
  reset(): Promise<void>;
  /** Creates accounts, credentials, keys (and plugin sections such as datasets). */
  seed(doc: SeedDocument): Promise<SeedResult>;
  /** A bearer token without a round trip to `/connect/token`. */
  issueToken(options?: IssueTokenOptions): string;
  /** Stops the server; removes the state directory when it was temporary. */
  close(): Promise<void>;
}

/** What `startEmulator` resolves: the core plus the controls plugins publish (`jobs`, `dataGroup`, ...). */
export type EmulatorHandle = EmulatorCore & EmulatorControls;

type Hook<A extends unknown[]> = (...args: A) => Promise<void> | void;

/** Starts an emulator. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const seed = options.seed ?? freshSeed();
  checkPositiveInteger('tokenTtlSeconds', options.tokenTtlSeconds ?? 3600);
  checkPositiveInteger('jobRecordsPerSecond', options.jobRecordsPerSecond ?? 1_000_000);
  checkWorkflows(options.workflows ?? []);
  const configuredAccounts = resolveAccounts(options);
  const limits = resolveLimits(options);
  const temporary = options.dataDir === undefined;
  const dataDir = temporary ? await mkdtemp(join(tmpdir(), 'data8-emulator-')) : resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });

  const resolved: ResolvedEmulatorOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    dataDir,
    temporaryDataDir: temporary,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    jobRecordsPerSecond: options.jobRecordsPerSecond ?? 1_000_000,
    workflows: options.workflows ?? [],
    dataGroup: options.dataGroup,
    seed,
  };
  const coreDir = join(dataDir, 'core');
  const store = await AccountStore.open(join(coreDir, 'accounts.json'), configuredAccounts);
  const keyFile = join(coreDir, 'token-key');
  const tokens = new TokenService(await loadSigningKey(keyFile), store, { now: Date.now });
  const faults = new FaultInjector(seed, options.faults);
  const journal = new Journal();

  const resetHooks: Hook<[]>[] = [];
  const closeHooks: Hook<[]>[] = [];
  const seedHooks: Hook<[Account, AccountSeed]>[] = [];
  const controls: Record<string, unknown> = {};
  const ctx: EmulatorContext = {
    options: resolved,
    dataDir,
    random: createRandom(seed),
    clock: { now: Date.now },
    accounts: store,
    persist: atomicFiles,
    onReset: (handler) => resetHooks.push(handler),
    onClose: (handler) => closeHooks.push(handler),
    onSeed: (handler) => seedHooks.push(handler),
    provideControl: (name, control) => {
      controls[name] = control;
    },
  };

  const reset = async (): Promise<void> => {
    for (const hook of resetHooks) await hook();
    await store.reset();
    const key = generateSigningKey();
    await writeFileAtomic(keyFile, key);
    tokens.rotate(key);
    faults.clear();
    faults.set(options.faults ?? {});
    journal.clear();
  };
  const seedState = (doc: SeedDocument): Promise<SeedResult> =>
    applySeed(store, doc, ctx.clock.now(), async (account, accountSeed) => {
      for (const hook of seedHooks) await hook(account, accountSeed);
    });

  const plugins: RoutePlugin[] = [
    tokenRoutes({ store, tokens, tokenTtlSeconds: () => faults.tokenTtlSeconds() ?? resolved.tokenTtlSeconds }),
    controlRoutes({ journal, faults, reset, seed: seedState }),
    clientCredentialRoutes(store),
    apiKeyRoutes(store),
    datasetRoutes,
    jobRoutes,
    dataGroupRoutes,
  ];
  const app = await createServer({ ctx, tokens, faults, journal, limits, logger: options.logger ?? false, plugins, tls: options.tls });
  try {
    await app.listen({ host: resolved.host, port: resolved.port });
  } catch (error) {
    for (const hook of closeHooks) await hook();
    await app.close();
    if (temporary) await removePath(dataDir);
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closed: Promise<void> | undefined;
  const core: EmulatorCore = {
    url: `${options.tls === undefined ? 'http' : 'https'}://${host}:${address.port}`,
    credentials: resolveCredentials(options.credentials),
    dataDir,
    randomSeed: seed,
    faults,
    journal: (since) => journal.entries(since),
    reset,
    seed: seedState,
    issueToken: (issue = {}) => {
      const account = store.byName(issue.account ?? 'default');
      if (!account) throw new Error(`No account named "${issue.account ?? 'default'}".`);
      const record = store.record(account);
      const credential = record.credentials[0];
      if (!credential) throw new Error(`Account "${account.name}" has no client credential.`);
      return tokens.issue(account, credential.clientId, issue.scopes ?? record.scopes, issue.ttlSeconds ?? resolved.tokenTtlSeconds);
    },
    close: () => {
      closed ??= (async () => {
        for (const hook of closeHooks) await hook();
        await app.close();
        if (temporary) await removePath(dataDir);
      })();
      return closed;
    },
  };
  return Object.assign(controls, core) as unknown as EmulatorHandle;
}

async function loadSigningKey(file: string): Promise<Buffer> {
  try {
    const key = await readFile(file);
    if (key.length >= 32) return key;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
  }
  const key = generateSigningKey();
  await writeFileAtomic(file, key);
  return key;
}
