/** The settings table as docs/operations.md shows it (`node --import tsx test/helpers/settings-markdown.ts` prints it). */
import { fileURLToPath } from 'node:url';
import { SETTINGS } from '../../lib/cli/settings/table.js';

/** A code span in a table cell (a `|` escaped, as GitHub's tables need). */
function code(text: string | undefined): string {
  return text === undefined ? '—' : `\`${text.replaceAll('|', '\\|')}\``;
}

/** The markdown table, one row per setting. */
export function settingsTableMarkdown(): string {
  const header = ['| setting (config key) | flag | environment | default | library option | what it sets |', '|---|---|---|---|---|---|'];
  const rows = SETTINGS.map(
    (s) =>
      `| ${code(s.name)}${s.inProfile ? '' : ' (not in profiles)'} | ${s.flag === undefined ? '— (never an argument)' : code(`--${s.flag} <${s.placeholder}>`)} ` +
      `| ${code(s.env)} | ${code(s.default)} | ${code(s.option)} | ${s.description} |`,
  );
  return [...header, ...rows].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(settingsTableMarkdown());
