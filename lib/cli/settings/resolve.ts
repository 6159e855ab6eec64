/**
 * The effective settings of a run and where each came from, with the AWS CLI's precedence:
 * flag > environment variable > profile > default.
 */
import { ConfigError } from '../../core/errors.js';
import { readConfigFile } from './config-file.js';
import { PROFILE, SETTINGS, type SettingDefinition } from './table.js';
import { parseSetting, type SettingValue } from './values.js';

/** Where a value came from. */
export type SettingSource =
  | { readonly kind: 'flag'; readonly flag: string }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'profile'; readonly profile: string; readonly file: string }
  | { readonly kind: 'default' };

/** One setting's effective value. */
export interface EffectiveSetting {
  readonly definition: SettingDefinition;
  /** `undefined`: not set anywhere and no default (the library decides). */
  readonly value: SettingValue | undefined;
  readonly source: SettingSource;
}

/** Every setting of a run. */
export interface EffectiveSettings {
  readonly profile: { readonly name: string; readonly source: 'flag' | 'env' | 'default'; readonly file: string; readonly found: boolean } | undefined;
  readonly configFile: string;
  readonly settings: ReadonlyMap<string, EffectiveSetting>;
  /** The value of a setting (`undefined` when unset). */
  get(name: string): SettingValue | undefined;
}

/** The flags' values as commander parsed them (already checked), by setting name, plus `profile`. */
export type FlagValues = Readonly<Record<string, unknown>>;

/** A URL's password would be shown or stored: only the environment may carry one. */
export function hasPassword(value: SettingValue): boolean {
  if (typeof value !== 'string' || !value.includes('://')) return false;
  try {
    return new URL(value).password !== '';
  } catch {
    return false;
  }
}

function describe(source: SettingSource): string {
  switch (source.kind) {
    case 'flag':
      return `--${source.flag}`;
    case 'env':
      return source.variable;
    case 'profile':
      return `profile "${source.profile}" in ${source.file}`;
    case 'default':
      return 'the default';
  }
}

/** Where a value came from, in words (`--concurrency`, `DATA8_CONCURRENCY`, `profile "prod" in FILE`, `the default`). */
export const describeSource = describe;

function fromText(definition: SettingDefinition, raw: unknown, source: SettingSource): SettingValue {
  try {
    const value = parseSetting(definition.kind, raw, definition);
    if (source.kind === 'profile' && hasPassword(value)) {
      throw new Error(`a password in a config file is readable by anyone who can read the file: set ${definition.env} in the environment instead`);
    }
    return value;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${describe(source)} (${definition.name}): ${(error as Error).message}`);
  }
}

/** Resolves every setting from the flags, the environment and the selected profile. */
export async function resolveSettings(flags: FlagValues, env: NodeJS.ProcessEnv): Promise<EffectiveSettings> {
  const file = await readConfigFile(env);
  const flagProfile = typeof flags[PROFILE.flag] === 'string' ? (flags[PROFILE.flag] as string) : undefined;
  const envProfile = env[PROFILE.env] !== undefined && env[PROFILE.env] !== '' ? env[PROFILE.env] : undefined;
  const profileName = flagProfile ?? envProfile ?? 'default';
  const profileSource = flagProfile !== undefined ? 'flag' : envProfile !== undefined ? 'env' : 'default';
  const profile = file.profiles[profileName];
  if (profile === undefined && profileSource !== 'default') {
    const known = Object.keys(file.profiles);
    const by = profileSource === 'flag' ? `--${PROFILE.flag}` : PROFILE.env;
    throw new ConfigError(
      `no profile "${profileName}" (${by}) in ${file.path}${file.found ? '' : ' (no such file)'}` +
        (known.length === 0 ? '' : `; profiles there: ${known.join(', ')}`),
    );
  }
  const byName = new Map(SETTINGS.map((definition) => [definition.name, definition]));
  for (const key of Object.keys(profile ?? {})) {
    const definition = byName.get(key);
    if (definition === undefined) {
      throw new ConfigError(`${file.path}: profile "${profileName}" has an unknown setting "${key}"; settings: ${SETTINGS.filter((s) => s.inProfile).map((s) => s.name).join(', ')}`);
    }
    if (!definition.inProfile) {
      throw new ConfigError(`${file.path}: profile "${profileName}" sets "${key}", a secret: set ${definition.env} in the environment or use a credentials file`);
    }
  }
  const settings = new Map<string, EffectiveSetting>();
  for (const definition of SETTINGS) {
    settings.set(definition.name, resolveOne(definition, flags, env, profile, profileName, file.path));
  }
  return {
    profile: profile === undefined ? undefined : { name: profileName, source: profileSource, file: file.path, found: file.found },
    configFile: file.path,
    settings,
    get: (name) => settings.get(name)?.value,
  };
}

function resolveOne(
  definition: SettingDefinition,
  flags: FlagValues,
  env: NodeJS.ProcessEnv,
  profile: Readonly<Record<string, unknown>> | undefined,
  profileName: string,
  file: string,
): EffectiveSetting {
  const flagValue = definition.flag === undefined ? undefined : flags[definition.name];
  if (flagValue !== undefined) return { definition, value: flagValue as SettingValue, source: { kind: 'flag', flag: definition.flag ?? definition.name } };
  const envValue = env[definition.env];
  if (envValue !== undefined && envValue.trim() !== '') {
    const source = { kind: 'env', variable: definition.env } as const;
    return { definition, value: fromText(definition, envValue, source), source };
  }
  if (profile?.[definition.name] !== undefined) {
    const source = { kind: 'profile', profile: profileName, file } as const;
    return { definition, value: fromText(definition, profile[definition.name], source), source };
  }
  const value = definition.default === undefined ? undefined : parseSetting(definition.kind, definition.default, definition);
  return { definition, value, source: { kind: 'default' } };
}
