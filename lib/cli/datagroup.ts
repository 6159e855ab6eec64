/**
 * `data8-batch datagroup append <input> --job-id <id> --output <file>`: a file's records
 * through The Data Group's asynchronous batch API, appended records written in input order.
 *
 * Credentials come from `DATAGROUP_API_KEY`, `DATAGROUP_TOKEN` and `DATAGROUP_URL` (optional;
 * the vendor's address by default), never from arguments. With `--emulator` (or DATA8_EMULATOR=1)
 * the command runs against an embedded emulator instead, as `cleanse` does.
 *
 * @packageDocumentation
 */
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { ConfigError } from '../core/errors.js';
import { DataGroupBatchStream } from '../datagroup/batch-stream.js';
import { DataGroupClient, DATAGROUP_ENVIRONMENT } from '../datagroup/client.js';
import { readRecords } from '../formats/read-records.js';
import { addReaderFlags, noteLine, readerOptions, type ReaderFlags } from './reader-flags.js';
import { writeRecords } from '../formats/record-writer.js';
import { formatFromPath, type RecordFormat } from '../formats/format.js';
import { ProgressMeter } from '../streams/progress.js';
import { formatOption, integerAtLeast, progressOption, removedFormatOption } from './arguments.js';
import { inputSize, STDIO } from './commands/input-files.js';
import { countOf, formatCount } from './format-values.js';
import { UsageError } from './report-error.js';
import { emulatorAsked, emulatorNotice, EMULATOR_VARIABLE } from './session.js';
import { APPENDED_FIELD, ReplacedValues } from './datagroup-replaced.js';
import { outputOf, type CliContext } from './context.js';
import type { Output } from './output.js';
import { createProgressRenderer, effectiveProgressMode, type ProgressMode } from './progress/renderer.js';
import type { DataGroupClientOptions } from '../datagroup/client-options.js';
import { clientOptionsOf } from './settings/client-options.js';
import { settingsOf } from './settings/flags.js';

/** The options of `datagroup append`. */
interface AppendOptions extends ReaderFlags {
  readonly jobId: string;
  readonly output: string;
  readonly inputFormat?: RecordFormat;
  readonly outputFormat?: RecordFormat;
  readonly maxBatchBytes?: number;
  readonly concurrency?: number;
  readonly notificationUrl?: string;
  readonly notificationMethod?: 'GET' | 'POST';
  readonly progress: ProgressMode;
  readonly emulator?: boolean;
}

const VARIABLES = Object.values(DATAGROUP_ENVIRONMENT);

/** Adds `datagroup append` to the program. */
export function registerDataGroupCommand(program: Command, context: CliContext): void {
  const group = program
    .command('datagroup')
    .description("The Data Group's asynchronous batch API (credentials: DATAGROUP_API_KEY, DATAGROUP_TOKEN, DATAGROUP_URL)");
  addReaderFlags(group.command('append'))
    .description('append an email address to every record of a file, in batches of at most 10 MB')
    .argument('<input>', 'a CSV, TSV, NDJSON or JSON-array file')
    .requiredOption('--job-id <id>', "the vendor's asynchronous job the batches belong to")
    .option('-o, --output <file>', 'where the appended records go (written atomically), or - for stdout', STDIO)
    .addOption(formatOption('--input-format <format>', "the input format (default: the file's extension, else csv)"))
    .addOption(formatOption('--output-format <format>', "the output format (default: the output file's extension, else the input's format)"))
    .addOption(removedFormatOption('datagroup append', '--input-format'))
    .option('--max-batch-bytes <bytes>', 'largest request body of one batch (default and maximum 10,000,000)', integerAtLeast(16))
    .option('--concurrency <n>', 'batches in flight at once (default: an adaptive window, at most 6 batches of 10 MB)', integerAtLeast(1))
    .option('--notification-url <url>', 'https URL the vendor calls when each batch finishes')
    .addOption(new Option('--notification-method <method>', 'how the notification URL is called').choices(['GET', 'POST']))
    .addOption(progressOption())
    .option('--emulator', 'run against an embedded emulator instead of the vendor (also DATA8_EMULATOR=1); the emails are made up')
    .action(async (input: string, options: AppendOptions, command: Command) => {
      // Checked before any client or embedded emulator starts: a usage error (exit 2).
      if (options.notificationMethod !== undefined && options.notificationUrl === undefined) throw new UsageError('--notification-method needs --notification-url');
      const output = outputOf(context, command);
      // Credential failures name the variables to check (the generic hint names Data8's).
      context.run.credentialsHint = `Check ${VARIABLES.join(', ')}.`;
      const network = await networkOptionsOf(command, context.env);
      const { client, close } = await openDataGroupClient(context, output, emulatorAsked(context, options.emulator), network);
      try {
        await append(context, output, client, input, options);
      } finally {
        await close();
      }
    });
}

/** The settings that apply to this API too (timeouts, retries, rate, proxy, CA, user agent); the Redis limiter does not. */
async function networkOptionsOf(command: Command, env: NodeJS.ProcessEnv): Promise<Partial<DataGroupClientOptions>> {
  const { redis: _redis, ...options } = await clientOptionsOf(await settingsOf(command, env));
  return options;
}

/** A client from the DATAGROUP_* variables, or of an embedded emulator when asked (`--emulator`). */
async function openDataGroupClient(
  context: CliContext,
  output: Output,
  useEmulator: boolean,
  network: Partial<DataGroupClientOptions>,
): Promise<{ client: DataGroupClient; close: () => Promise<void> }> {
  const present = VARIABLES.filter((name) => (context.env[name] ?? '') !== '');
  if (present.length === 0 && !useEmulator) {
    throw new ConfigError(
      `no credentials: set ${DATAGROUP_ENVIRONMENT.apiKey} and ${DATAGROUP_ENVIRONMENT.authorizationToken} (and ${DATAGROUP_ENVIRONMENT.baseUrl} for another address); ` +
        `to try the command against an embedded emulator instead, pass --emulator (or set ${EMULATOR_VARIABLE}=1)`,
    );
  }
  if (!useEmulator) {
    const missing = [DATAGROUP_ENVIRONMENT.apiKey, DATAGROUP_ENVIRONMENT.authorizationToken].filter((name) => !present.includes(name));
    if (missing.length > 0) {
      throw new ConfigError(`${missing.join(' and ')} must be set too (${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set); credentials are never taken from arguments`);
    }
    const client = DataGroupClient.fromEnv(network, context.env);
    for (const name of [DATAGROUP_ENVIRONMENT.apiKey, DATAGROUP_ENVIRONMENT.authorizationToken]) context.secrets.add(context.env[name] ?? '');
    return { client, close: () => client.close() };
  }
  // Loaded only when needed: the emulator (fastify and its plugins) is most of every command's start-up time.
  const { DEFAULT_DATAGROUP_CREDENTIALS, startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({ port: 0, logger: false, dataGroup: { ...DEFAULT_DATAGROUP_CREDENTIALS } });
  output.notice(emulatorNotice(emulator.url).replace('Data8', 'The Data Group'));
  // The embedded emulator is in this process, on loopback: never through a proxy.
  const client = new DataGroupClient({
    ...network,
    proxy: false,
    baseUrl: emulator.url,
    apiKey: DEFAULT_DATAGROUP_CREDENTIALS.apiKey,
    authorizationToken: DEFAULT_DATAGROUP_CREDENTIALS.token,
  });
  return {
    client,
    close: async () => {
      try {
        await client.close();
      } finally {
        await emulator.close();
      }
    },
  };
}

async function append(context: CliContext, output: Output, client: DataGroupClient, input: string, options: AppendOptions): Promise<void> {
  const toStdout = options.output === STDIO;
  const renderer = createProgressRenderer({
    mode: effectiveProgressMode(options.progress, output.quiet),
    stderr: context.streams.stderr,
    inputBytes: await inputSize([input]),
  });
  try {
    // Records go out in the format they came in, unless --output-format or the output's name says otherwise.
    const inputFormat = options.inputFormat ?? formatFromPath(input) ?? 'csv';
    const reader = readRecords(input, {
      ...readerOptions(options),
      onNote: (note) => output.note(noteLine(note)),
      signal: context.signal,
      ...(options.inputFormat === undefined ? {} : { format: options.inputFormat }),
    });
    const readMeter = new ProgressMeter('read');
    let readingDone = false;
    // The reader reports no progress of its own: its counters give the `read` phase.
    const reportReading = (done: boolean): void => {
      if (readingDone) return;
      readingDone = done;
      const bytes = reader.bytesAfter(reader.recordsRead);
      renderer.update(readMeter.event({ records: reader.recordsRead, done, ...(bytes === undefined ? {} : { bytes }) }));
    };
    const schema = await reader.whenSchema();
    const stream = new DataGroupBatchStream({
      client,
      jobId: options.jobId,
      source: input,
      signal: context.signal,
      onProgress: (event) => {
        reportReading(false);
        renderer.update(event);
      },
      ...(options.maxBatchBytes === undefined ? {} : { maxBatchBytes: options.maxBatchBytes }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.notificationUrl === undefined ? {} : { notificationUrl: options.notificationUrl, notificationMethod: options.notificationMethod }),
    });
    reader.once('end', () => reportReading(true));
    // As cleanse: the output file's extension, else the input's format.
    const outputFormat = options.outputFormat ?? (toStdout ? undefined : formatFromPath(options.output)) ?? inputFormat;
    const writer = writeRecords(toStdout ? context.streams.stdout : options.output, {
      headerMap: schema.headerMap,
      signal: context.signal,
      ...(toStdout ? { fileName: '<stdout>' } : {}),
      format: outputFormat,
    });
    const replaced = new ReplacedValues();
    await pipeline(reader, replaced.before(), stream, replaced.after(), writer);
    renderer.stop();
    const { recordsOut, batches } = stream.stats();
    const overwritten = replaced.count === 0 ? '' : `; ${countOf(replaced.count, 'record')} had another ${APPENDED_FIELD}, now replaced`;
    const sentence = `Appended emails to ${countOf(recordsOut, 'record')} in ${formatCount(batches)} batch${batches === 1 ? '' : 'es'}${overwritten}${toStdout ? '' : `: ${options.output}`}`;
    const summary = { records: recordsOut, batches, replaced: replaced.count, output: options.output, jobId: options.jobId };
    // With the records on stdout the outcome goes to stderr: a JSON line there with --progress json.
    if (toStdout && output.jsonLines) output.event('summary', summary);
    else if (toStdout) output.note(sentence);
    else output.done(sentence, summary);
  } finally {
    renderer.stop();
  }
}
