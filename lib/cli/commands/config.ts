/**
 * `data8-batch config show`: the effective settings and where each came from (a flag, a
 * variable, a profile, the default), secrets masked, so "why does it do that?" has an answer
 * without reading the code.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { environmentProxyVariable } from '../../transport/agents.js';
import { outputOf, type CliContext } from '../context.js';
import { settingsOf } from '../settings/flags.js';
import { describeSource, type EffectiveSetting } from '../settings/resolve.js';
import { formatDuration, formatRate, type Rate } from '../settings/values.js';

/** One line of `config show`. */
export interface ShownSetting {
  readonly setting: string;
  /** The value as it could be written back (`null` when unset); secrets are masked. */
  readonly value: string | number | boolean | null;
  /** `--flag`, `VARIABLE`, `profile "x" in FILE` or `the default`. */
  readonly source: string;
}

function display(setting: EffectiveSetting): string | number | boolean | null {
  const { value, definition } = setting;
  if (value === undefined) return null;
  if (definition.secret) return '****';
  if (definition.kind === 'duration') return formatDuration(value as number);
  if (definition.kind === 'rate') return formatRate(value as Rate);
  if (value === false) return 'none';
  if (typeof value === 'string') return maskPassword(value);
  // As written in a profile (1000, not 1,000): JSON keeps the number.
  return value as number;
}

/** A URL with its password masked (`redis://:****@host`, `http://user:****@proxy`). */
function maskPassword(text: string): string {
  return text.replace(/(\/\/[^\s/:@]*):[^\s/@]+@/, '$1:****@');
}

/** What the user's settings come to, one line per setting. */
export function showSettings(settings: Iterable<EffectiveSetting>, env: NodeJS.ProcessEnv): ShownSetting[] {
  return [...settings].map((setting) => {
    if (setting.definition.name === 'proxy' && setting.value === undefined) {
      // Unset, the library reads the proxy variables: say which one is in force.
      const variable = environmentProxyVariable(env);
      if (variable !== undefined) return { setting: 'proxy', value: maskPassword(env[variable] ?? ''), source: `${variable} (NO_PROXY applies)` };
    }
    if (setting.definition.secret && setting.value === undefined) {
      return { setting: setting.definition.name, value: null, source: `${setting.definition.env} or a credentials file` };
    }
    return { setting: setting.definition.name, value: display(setting), source: setting.value === undefined ? 'not set' : describeSource(setting.source) };
  });
}

export function registerConfig(program: Command, context: CliContext): void {
  const config = program.command('config').description('the settings in force: flags, environment variables, the config file and its profiles');
  config
    .command('show')
    .description('print the effective settings and where each came from (secrets masked)')
    .action(async (_options: unknown, command: Command) => {
      const settings = await settingsOf(command, context.env);
      const output = outputOf(context, command);
      const rows = showSettings(settings.settings.values(), context.env);
      if (context.env['DATA8_CLIENT_SECRET'] !== undefined && context.env['DATA8_CLIENT_SECRET'] !== '') context.secrets.add(context.env['DATA8_CLIENT_SECRET']);
      if (output.json) {
        output.writeJson({ configFile: settings.configFile, profile: settings.profile?.name ?? null, settings: rows });
        return;
      }
      const profile = settings.profile === undefined ? 'none' : `"${settings.profile.name}" (${settings.profile.source === 'default' ? 'the default profile' : settings.profile.source === 'flag' ? '--profile' : 'DATA8_PROFILE'})`;
      output.write(`config file: ${settings.configFile}\nprofile: ${profile}\n\n`);
      await output.list(rows, [
        { heading: 'setting', value: (row) => row.setting },
        { heading: 'value', value: (row) => (row.value === null ? '-' : String(row.value)) },
        { heading: 'from', value: (row) => row.source },
      ], 'No settings.');
    });
}
