/**
 * Every tunable setting of the command, defined once: its name (also its config-file key), the
 * kind of value, the default, the library option it sets, the flag and the environment
 * variable. The flags, the environment and profile reading, `config show` and the settings
 * table of docs/operations.md all come from (or are checked against) this table.
 *
 * Precedence, as the AWS CLI's: flag > environment variable > profile > default.
 */
import type { SettingKind } from './values.js';

/** One setting. */
export interface SettingDefinition {
  /** The setting's name, which is also its key in a config file profile. */
  readonly name: string;
  readonly kind: SettingKind;
  /** The default as written in the docs; `undefined` means none (the library's behaviour). */
  readonly default: string | undefined;
  /** The library option it sets, for the docs. */
  readonly option: string;
  /** The long flag, without `--`; `undefined` for a setting that must never be an argument (a secret). */
  readonly flag: string | undefined;
  /** The placeholder of the flag's value. */
  readonly placeholder: string;
  readonly env: string;
  /** Whether a config file may set it (secrets may not: config files are often shared). */
  readonly inProfile: boolean;
  /** Shown masked by `config show`. */
  readonly secret: boolean;
  readonly description: string;
  /** Bounds of a count. */
  readonly min?: number;
  readonly max?: number;
  /** URL schemes of a `url` setting. */
  readonly schemes?: readonly string[];
}

type Row = Omit<SettingDefinition, 'inProfile' | 'secret'> & { readonly inProfile?: boolean; readonly secret?: boolean };

const ROWS: readonly Row[] = [
  { name: 'apiUrl', kind: 'url', default: undefined, option: 'apiUrl', flag: 'api-url', placeholder: 'url', env: 'DATA8_API_URL', description: 'the Batch API address' },
  { name: 'authUrl', kind: 'url', default: 'https://auth.data-8.co.uk', option: 'authUrl', flag: 'auth-url', placeholder: 'url', env: 'DATA8_AUTH_URL', description: 'the OAuth issuer (token server)' },
  { name: 'clientId', kind: 'text', default: undefined, option: 'clientId', flag: 'client-id', placeholder: 'id', env: 'DATA8_CLIENT_ID', description: 'the OAuth client id' },
  { name: 'clientSecret', kind: 'text', default: undefined, option: 'clientSecret', flag: undefined, placeholder: 'secret', env: 'DATA8_CLIENT_SECRET', inProfile: false, secret: true, description: 'the OAuth client secret: from the environment or a credentials file only' },
  { name: 'credentials', kind: 'file', default: undefined, option: '(clientId, clientSecret, apiUrl, authUrl)', flag: 'credentials', placeholder: 'file', env: 'DATA8_CREDENTIALS_FILE', description: 'a JSON file with clientId, clientSecret, apiUrl (and authUrl), readable by its owner only' },
  { name: 'concurrency', kind: 'count-or-auto', default: 'auto', option: 'upload.concurrency', flag: 'concurrency', placeholder: 'n|auto', env: 'DATA8_CONCURRENCY', min: 1, max: 1024, description: 'blocks uploaded at once' },
  { name: 'prefetch', kind: 'count-or-auto', default: 'auto', option: 'download.prefetch', flag: 'prefetch', placeholder: 'n|auto', env: 'DATA8_PREFETCH', min: 1, max: 64, description: 'pages downloaded ahead' },
  { name: 'blockSize', kind: 'count', default: '1000', option: 'upload.blockSize', flag: 'block-size', placeholder: 'records', env: 'DATA8_BLOCK_SIZE', min: 1, max: 1000, description: 'records per uploaded block' },
  { name: 'pageSize', kind: 'count', default: '1000', option: 'download.pageSize', flag: 'page-size', placeholder: 'records', env: 'DATA8_PAGE_SIZE', min: 1, max: 1000, description: 'records per downloaded page' },
  { name: 'maxRequests', kind: 'count', default: '16', option: 'rateLimit.maxConcurrent', flag: 'max-requests', placeholder: 'n', env: 'DATA8_MAX_REQUESTS', min: 1, max: 10_000, description: 'requests in flight at once (across the fleet with redisUrl)' },
  { name: 'connectTimeout', kind: 'duration', default: '10s', option: 'timeouts.connectMs', flag: 'connect-timeout', placeholder: 'duration', env: 'DATA8_CONNECT_TIMEOUT', description: 'longest wait for a connection (TCP and TLS)' },
  { name: 'responseTimeout', kind: 'duration', default: '60s', option: 'timeouts.responseMs', flag: 'response-timeout', placeholder: 'duration', env: 'DATA8_RESPONSE_TIMEOUT', description: 'longest wait for an answer once a request is sent' },
  { name: 'requestTimeout', kind: 'duration', default: '120s', option: 'timeouts.requestMs', flag: 'request-timeout', placeholder: 'duration', env: 'DATA8_REQUEST_TIMEOUT', description: 'longest time for a whole exchange' },
  { name: 'retryAttempts', kind: 'count', default: '6', option: 'retry.maxAttempts', flag: 'retry-attempts', placeholder: 'n', env: 'DATA8_RETRY_ATTEMPTS', min: 1, max: 100, description: 'attempts per request, the first included (1: no retries)' },
  { name: 'rateLimit', kind: 'rate', default: undefined, option: 'rateLimit.reservoir', flag: 'rate-limit', placeholder: 'n/interval', env: 'DATA8_RATE_LIMIT', description: 'at most n requests every interval, e.g. 600/60s or 10/1s (shared by the fleet with redisUrl)' },
  { name: 'redisUrl', kind: 'url', default: undefined, option: 'redis.url', flag: 'redis-url', placeholder: 'url', env: 'DATA8_REDIS_URL', schemes: ['redis', 'rediss'], description: 'share the rate limit between processes and machines through this Redis' },
  { name: 'proxy', kind: 'proxy', default: undefined, option: 'proxy', flag: 'proxy', placeholder: 'url|none', env: 'DATA8_PROXY', description: 'the HTTP(S) proxy, or none; by default HTTPS_PROXY, HTTP_PROXY and NO_PROXY' },
  { name: 'caFile', kind: 'file', default: undefined, option: 'ca', flag: 'ca-file', placeholder: 'file', env: 'DATA8_CA_FILE', description: "PEM certificates to trust besides Node's (a private CA)" },
  { name: 'userAgentSuffix', kind: 'text', default: undefined, option: 'userAgentSuffix', flag: 'user-agent-suffix', placeholder: 'text', env: 'DATA8_USER_AGENT_SUFFIX', description: 'added to the User-Agent (data8-batch/<version> node/<version> <platform>)' },
];

/** The table. */
export const SETTINGS: readonly SettingDefinition[] = ROWS.map((row) => ({ inProfile: true, secret: false, ...row }));

/** The names of the settings. */
export type SettingName = (typeof ROWS)[number]['name'];

/** Settings that only some commands use (the record path): declared on those commands, not the program. */
export const RECORD_PATH_SETTINGS: readonly string[] = ['concurrency', 'prefetch', 'blockSize', 'pageSize'];

/** Selects the profile (not itself a setting of a profile). */
export const PROFILE = { flag: 'profile', env: 'DATA8_PROFILE' } as const;
/** Names the config file. */
export const CONFIG_FILE_ENV = 'DATA8_CONFIG_FILE';
