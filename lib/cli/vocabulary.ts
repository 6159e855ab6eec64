/**
 * The words of the command line. The library's errors name its options (`jobName`,
 * `onExisting "rename"`, `Invalid option "notificationUrl"`); on the command line the same
 * advice must name the flag or variable a person can actually give. Every message that reaches
 * the terminal passes through {@link toCommandLine}: one map, one place.
 *
 * @packageDocumentation
 */

/** Library option → what sets it on the command line (a flag, or an environment variable). */
export const FLAG_FOR_OPTION: Readonly<Record<string, string>> = {
  workflow: '--workflow',
  jobName: '--job-name',
  parameters: '--param',
  checkpointDir: '--checkpoint',
  keepDatasets: '--keep-datasets',
  onRejected: '--rejects',
  inferTypes: '--infer-types',
  columns: '--type',
  format: '--input-format',
  outputFormat: '--output-format',
  notificationUrl: '--notification-url',
  notificationMethod: '--notification-method',
  maxBatchBytes: '--max-batch-bytes',
  concurrency: '--concurrency',
  firstBlock: '--first-block',
  jobId: '--job-id',
  delimiter: '--delimiter',
  quote: '--quote',
  encoding: '--encoding',
  header: '--no-header',
  skipLines: '--skip-lines',
  comment: '--comment',
  maxRecordSize: '--max-record-size',
  rename: '--rename',
  nested: '--nested',
  apiUrl: 'DATA8_API_URL',
  authUrl: 'DATA8_AUTH_URL',
  clientId: 'DATA8_CLIENT_ID',
  clientSecret: 'DATA8_CLIENT_SECRET',
  baseUrl: 'DATAGROUP_URL',
  apiKey: 'DATAGROUP_API_KEY',
  authorizationToken: 'DATAGROUP_TOKEN',
};

/** Whole phrases of library advice, and what the command line says instead (checked before single names). */
const PHRASES: readonly (readonly [RegExp, string])[] = [
  // `onExisting` has no flag: "rename" is a new --job-name, "resume" is --resume.
  [/give another jobName, or onExisting "rename" or "resume"/g, 'give another --job-name, or --resume to continue that run'],
  [/rerun with another job name \(--job-name, jobName\) or with onExisting "rename"/g, 'rerun with another --job-name'],
  [/ \(or client\.datasets\.delete\)/g, ''],
  [/onExisting "resume"/g, '--resume'],
  [/onExisting "rename"/g, 'another --job-name'],
];

/** `Invalid option "notificationUrl"` and `Unknown option "x"`, naming a library option. */
const OPTION_MENTION = /(Invalid|Unknown) option "([\w.]+)"/g;

/**
 * A library option name in a sentence, bare or in quotes (camelCase only: plain words such as
 * "workflow" or "format" stay as they are, since they mean the same on both sides).
 */
const CAMEL_OPTIONS = Object.keys(FLAG_FOR_OPTION).filter((name) => /[A-Z]/.test(name)).join('|');
const OPTION_IN_TEXT = new RegExp(`"(${CAMEL_OPTIONS})"|(?<![\\w.-])(${CAMEL_OPTIONS})(?![\\w-])`, 'g');

/** `message` in the words of the command line: flags and variables instead of library option names. */
export function toCommandLine(message: string): string {
  let text = message;
  for (const [phrase, replacement] of PHRASES) text = text.replace(phrase, replacement);
  text = text.replace(OPTION_MENTION, (whole, kind: string, name: string) => {
    const flag = FLAG_FOR_OPTION[name];
    return flag === undefined ? whole : `${kind} ${flag}`;
  });
  return text.replace(OPTION_IN_TEXT, (whole, quoted: string | undefined, bare: string | undefined) => FLAG_FOR_OPTION[quoted ?? bare ?? ''] ?? whole);
}
