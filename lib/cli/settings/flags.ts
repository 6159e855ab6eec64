/**
 * The command-line flags of the settings table: the program's global ones (network, limits,
 * credentials), the record path's (declared by the commands that move records), `--profile`
 * and `--debug`. A value is checked as the command line is read, so a wrong one is a usage
 * error (exit 2); a password in a URL is refused there, before it could be used.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { CONFIG_FILE_ENV, PROFILE, RECORD_PATH_SETTINGS, SETTINGS, type SettingDefinition } from './table.js';
import { hasPassword, resolveSettings, type EffectiveSettings } from './resolve.js';
import { parseSetting, type SettingValue } from './values.js';

function parser(definition: SettingDefinition): (text: string) => SettingValue {
  return (text) => {
    let value: SettingValue;
    try {
      value = parseSetting(definition.kind, text, definition);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
    if (hasPassword(value)) {
      // Arguments show in `ps`, shell history and CI logs.
      throw new InvalidArgumentError(`a password on the command line is visible to others: put the URL in ${definition.env} instead`);
    }
    return value;
  };
}

function optionOf(definition: SettingDefinition): Option {
  const fallback = definition.default === undefined ? '' : `; default ${definition.default}`;
  return new Option(`--${definition.flag ?? definition.name} <${definition.placeholder}>`, `${definition.description} (env ${definition.env}${fallback})`)
    .argParser(parser(definition));
}

/** Declares the global settings flags, `--profile` and `--debug` on the program. */
export function addGlobalSettingOptions(program: Command): void {
  for (const definition of SETTINGS) {
    if (definition.flag !== undefined && !RECORD_PATH_SETTINGS.includes(definition.name)) program.addOption(optionOf(definition));
  }
  program.option(`--${PROFILE.flag} <name>`, `the profile of the config file to use (env ${PROFILE.env}; file: ${CONFIG_FILE_ENV} or ~/.config/data8-batch/config.json)`);
  program.option('--debug', 'print one line per request, retry, token and discovery on stderr (JSON with --progress json)');
}

/** Declares the record path's settings flags (concurrency, prefetch, block and page size) on `command`. */
export function addRecordPathOptions(command: Command): Command {
  for (const definition of SETTINGS) {
    if (RECORD_PATH_SETTINGS.includes(definition.name)) command.addOption(optionOf(definition));
  }
  return command;
}

/** The effective settings for `command`: its flags (and the program's), the environment and the profile. */
export function settingsOf(command: Command, env: NodeJS.ProcessEnv): Promise<EffectiveSettings> {
  return resolveSettings(command.optsWithGlobals(), env);
}
