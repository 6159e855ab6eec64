/**
 * The config file: `$DATA8_CONFIG_FILE`, else `$XDG_CONFIG_HOME/data8-batch/config.json`, else
 * `~/.config/data8-batch/config.json`. It holds named profiles of settings:
 *
 * ```json
 * { "profiles": { "default": { "concurrency": 8 }, "prod": { "apiUrl": "https://batch.example", "rateLimit": "600/60s" } } }
 * ```
 *
 * A file that is there but wrong (not JSON, an unknown key, a bad value) is a `ConfigError`
 * naming the file, the line and column or the profile and key.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import { CONFIG_FILE_ENV } from './table.js';

/** A config file as read. */
export interface ConfigFile {
  readonly path: string;
  /** Whether the file exists (a default path need not). */
  readonly found: boolean;
  readonly profiles: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Where the config file is looked for, and whether the environment named it. */
export function configFilePath(env: NodeJS.ProcessEnv): { path: string; named: boolean } {
  const named = env[CONFIG_FILE_ENV];
  if (named !== undefined && named !== '') return { path: named, named: true };
  const base = env['XDG_CONFIG_HOME'] !== undefined && env['XDG_CONFIG_HOME'] !== '' ? env['XDG_CONFIG_HOME'] : join(env['HOME'] ?? homedir(), '.config');
  return { path: join(base, 'data8-batch', 'config.json'), named: false };
}

/** The line and column of a character offset. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Reads the config file; a default path that does not exist gives no profiles. */
export async function readConfigFile(env: NodeJS.ProcessEnv): Promise<ConfigFile> {
  const { path, named } = configFilePath(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !named) return { path, found: false, profiles: {} };
    throw new ConfigError(`cannot read the config file ${path} (named by ${CONFIG_FILE_ENV}): ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const where = position === null ? '' : ` at ${lineAndColumn(text, Number(position[1]))}`;
    throw new ConfigError(`the config file ${path} is not valid JSON${where}`);
  }
  const shape = `must hold { "profiles": { "<name>": { <settings> } } }`;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`the config file ${path} ${shape}`);
  const root = parsed as Record<string, unknown>;
  for (const key of Object.keys(root)) {
    if (key !== 'profiles') throw new ConfigError(`the config file ${path}: unknown key "${key}"; it ${shape}`);
  }
  const profiles: unknown = root['profiles'] ?? {};
  if (profiles === null || typeof profiles !== 'object' || Array.isArray(profiles)) throw new ConfigError(`the config file ${path} ${shape}`);
  for (const [name, profile] of Object.entries(profiles)) {
    if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) {
      throw new ConfigError(`the config file ${path}: profile "${name}" must be an object of settings`);
    }
  }
  return { path, found: true, profiles: profiles as ConfigFile['profiles'] };
}
