/**
 * Where the command finds its credentials: the environment (`DATA8_CLIENT_ID`,
 * `DATA8_CLIENT_SECRET`, `DATA8_API_URL`, `DATA8_AUTH_URL`) or a JSON file named by
 * `--credentials`. Never the command line: arguments show up in `ps`, shell history and CI logs.
 *
 * @packageDocumentation
 */
import { readFile, stat } from 'node:fs/promises';
import { ConfigError } from '../core/errors.js';
import type { EffectiveSettings } from './settings/resolve.js';

/** What the client needs to reach the service. */
export interface CliCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly apiUrl: string;
  /** The token issuer; the client's default (Data8's) when absent. */
  readonly authUrl?: string | undefined;
  /** Where they came from, for messages (never the values). */
  readonly source: string;
}

/** The environment variables the command reads. */
export const CREDENTIAL_VARIABLES = ['DATA8_CLIENT_ID', 'DATA8_CLIENT_SECRET', 'DATA8_API_URL', 'DATA8_AUTH_URL'] as const;

/** The fields of a `--credentials` file. */
const FILE_FIELDS = { clientId: 'DATA8_CLIENT_ID', clientSecret: 'DATA8_CLIENT_SECRET', apiUrl: 'DATA8_API_URL', authUrl: 'DATA8_AUTH_URL' } as const;

/**
 * Loads credentials from `file` when given, else from the environment. Returns `undefined`
 * when none of the variables is set (the caller decides whether an embedded emulator will do);
 * throws a {@link ConfigError} naming what is missing when they are set only in part.
 */
export async function loadCredentials(env: NodeJS.ProcessEnv, file?: string): Promise<CliCredentials | undefined> {
  if (file !== undefined) return fromFile(file);
  const present = CREDENTIAL_VARIABLES.filter((name) => nonEmpty(env[name]) !== undefined);
  if (present.length === 0) return undefined;
  return complete(
    {
      clientId: nonEmpty(env.DATA8_CLIENT_ID),
      clientSecret: nonEmpty(env.DATA8_CLIENT_SECRET),
      apiUrl: nonEmpty(env.DATA8_API_URL),
      authUrl: nonEmpty(env.DATA8_AUTH_URL),
    },
    'the environment',
    (field) => FILE_FIELDS[field],
  );
}

/**
 * The credentials the settings name: a credentials file (`--credentials`,
 * `DATA8_CREDENTIALS_FILE` or the profile's `credentials`) supplies all four fields; else
 * `apiUrl`, `authUrl` and `clientId` come from their flags, variables or the profile, and the
 * secret from `DATA8_CLIENT_SECRET` only. `undefined` when none is set anywhere.
 */
export async function credentialsOf(settings: EffectiveSettings, env: NodeJS.ProcessEnv): Promise<CliCredentials | undefined> {
  const file = settings.get('credentials');
  if (typeof file === 'string') return fromFile(file);
  const explicitValue = (name: string): string | undefined => {
    const setting = settings.settings.get(name);
    return setting?.source.kind === 'default' || typeof setting?.value !== 'string' ? undefined : setting.value;
  };
  const found = {
    clientId: explicitValue('clientId'),
    clientSecret: nonEmpty(env.DATA8_CLIENT_SECRET),
    apiUrl: explicitValue('apiUrl'),
    authUrl: explicitValue('authUrl'),
  };
  if (Object.values(found).every((value) => value === undefined)) return undefined;
  const where = (field: keyof typeof FILE_FIELDS): string => {
    const definition = settings.settings.get(field)?.definition;
    return definition?.flag === undefined ? FILE_FIELDS[field] : `${FILE_FIELDS[field]} (or --${definition.flag})`;
  };
  return complete(found, settings.profile === undefined ? 'the environment' : `the environment and profile "${settings.profile.name}"`, where);
}

/** Whether group or others may read or write `file` (ssh refuses such key files, and so does this). */
async function checkPrivate(file: string): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(
      `the credentials file ${file} can be read by others (mode ${(mode & 0o777).toString(8)}): make it private with chmod 600 ${file}`,
    );
  }
}

async function fromFile(file: string): Promise<CliCredentials> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(`cannot read the credentials file ${file}: ${reason}`);
  }
  await checkPrivate(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message may quote the file's text, and with it the secret.
    throw new ConfigError(`the credentials file ${file} is not valid JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`the credentials file ${file} must hold a JSON object with clientId, clientSecret and apiUrl`);
  }
  const fields = parsed as Record<string, unknown>;
  const field = (name: keyof typeof FILE_FIELDS): string | undefined => {
    const value = fields[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new ConfigError(`the credentials file ${file}: "${name}" must be a string`);
    return nonEmpty(value);
  };
  return complete(
    { clientId: field('clientId'), clientSecret: field('clientSecret'), apiUrl: field('apiUrl'), authUrl: field('authUrl') },
    `the credentials file ${file}`,
    (name) => `"${name}"`,
  );
}

interface PartialCredentials {
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly apiUrl: string | undefined;
  readonly authUrl: string | undefined;
}

function complete(
  found: PartialCredentials,
  source: string,
  nameOf: (field: keyof typeof FILE_FIELDS) => string,
): CliCredentials {
  const missing = (['clientId', 'clientSecret', 'apiUrl'] as const).filter((field) => found[field] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(`incomplete credentials in ${source}: ${missing.map(nameOf).join(', ')} not set`);
  }
  for (const field of ['apiUrl', 'authUrl'] as const) {
    const value = found[field];
    if (value !== undefined && !URL.canParse(value)) {
      throw new ConfigError(`${nameOf(field)} in ${source} is not a URL: "${value}"`);
    }
  }
  return {
    clientId: found.clientId ?? '',
    clientSecret: found.clientSecret ?? '',
    apiUrl: found.apiUrl ?? '',
    authUrl: found.authUrl,
    source,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
