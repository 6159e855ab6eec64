/**
 * `data8-batch datagroup append <input> --job-id <id> --output <file>`: a file's records
 * through The Data Group's asynchronous batch API, appended records written in input order.
 *
 * Credentials come from `DATAGROUP_API_KEY`, `DATAGROUP_TOKEN` and `DATAGROUP_URL` (optional;
 * the vendor's address by default), never from arguments. With none of them set, the command
 * runs against an embedded emulator, as `cleanse` does.
 *
 * @packageDocumentation
 */
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { AuthenticationError, ConfigError, Data8Error, ForbiddenError } from '../core/errors.js';
import { DataGroupBatchStream } from '../datagroup/batch-stream.js';
import { DataGroupClient, DATAGROUP_ENVIRONMENT } from '../datagroup/client.js';
import { readRecords } from '../formats/read-records.js';
import { writeRecords } from '../formats/record-writer.js';
import type { RecordFormat } from '../formats/format.js';
import { ProgressMeter } from '../streams/progress.js';
import { formatOption, integerAtLeast, progressOption } from './arguments.js';
import { inputSize, STDIO } from './commands/input-files.js';
import { countOf, formatCount } from './format-values.js';
import { UsageError } from './report-error.js';
import { outputOf, type CliContext } from './context.js';
import type { Output } from './output.js';
import { createProgressRenderer, effectiveProgressMode, type ProgressMode } from './progress/renderer.js';

/** The options of `datagroup append`. */
interface AppendOptions {
  readonly jobId: string;
  readonly output: string;
  readonly format?: RecordFormat;
  readonly outputFormat?: RecordFormat;
  readonly maxBatchBytes?: number;
  readonly concurrency?: number;
  readonly notificationUrl?: string;
  readonly notificationMethod?: 'GET' | 'POST';
  readonly progress: ProgressMode;
}

const VARIABLES = Object.values(DATAGROUP_ENVIRONMENT);

/** Adds `datagroup append` to the program. */
export function registerDataGroupCommand(program: Command, context: CliContext): void {
  const group = program
    .command('datagroup')
    .description("The Data Group's asynchronous batch API (credentials: DATAGROUP_API_KEY, DATAGROUP_TOKEN, DATAGROUP_URL)");
  group
    .command('append')
    .description('append an email address to every record of a file, in batches of at most 10 MB')
    .argument('<input>', 'a CSV, TSV, NDJSON or JSON-array file')
    .requiredOption('--job-id <id>', "the vendor's asynchronous job the batches belong to")
    .requiredOption('-o, --output <file>', 'where the appended records go (format from the extension; - for stdout)')
    .addOption(formatOption('--format <format>', 'input format (default: from the extension)'))
    .addOption(formatOption('--output-format <format>', 'output format (default: from the extension, NDJSON for stdout)'))
    .option('--max-batch-bytes <bytes>', 'largest request body of one batch (default and maximum 10,000,000)', integerAtLeast(16))
    .option('--concurrency <n>', 'batches in flight at once (default: an adaptive window, at most 6 batches of 10 MB)', integerAtLeast(1))
    .option('--notification-url <url>', 'https URL the vendor calls when each batch finishes')
    .addOption(new Option('--notification-method <method>', 'how the notification URL is called').choices(['GET', 'POST']))
    .addOption(progressOption())
    .action(async (input: string, options: AppendOptions, command: Command) => {
      // Checked before any client or embedded emulator starts: a usage error (exit 2).
      if (options.notificationMethod !== undefined && options.notificationUrl === undefined) throw new UsageError('--notification-method needs --notification-url');
      const output = outputOf(context, command);
      const { client, close } = await openDataGroupClient(context, output);
      try {
        await append(context, output, client, input, options);
      } catch (error) {
        throw withCredentialHint(error);
      } finally {
        await close();
      }
    });
}

/** A client from the DATAGROUP_* variables, or of an embedded emulator when none is set. */
async function openDataGroupClient(context: CliContext, output: Output): Promise<{ client: DataGroupClient; close: () => Promise<void> }> {
  const present = VARIABLES.filter((name) => (context.env[name] ?? '') !== '');
  if (present.length > 0) {
    const missing = [DATAGROUP_ENVIRONMENT.apiKey, DATAGROUP_ENVIRONMENT.authorizationToken].filter((name) => !present.includes(name));
    if (missing.length > 0) {
      throw new ConfigError(`${missing.join(' and ')} must be set too (${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set); credentials are never taken from arguments`);
    }
    const client = DataGroupClient.fromEnv({}, context.env);
    for (const name of [DATAGROUP_ENVIRONMENT.apiKey, DATAGROUP_ENVIRONMENT.authorizationToken]) context.secrets.add(context.env[name] ?? '');
    return { client, close: () => client.close() };
  }
  // Loaded only when needed: the emulator (fastify and its plugins) is most of every command's start-up time.
  const { DEFAULT_DATAGROUP_CREDENTIALS, startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({ port: 0, logger: false, dataGroup: { ...DEFAULT_DATAGROUP_CREDENTIALS } });
  output.note(`No credentials set (${VARIABLES.join(', ')}): using an embedded emulator at ${emulator.url}`);
  const client = new DataGroupClient({
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
    const reader = readRecords(input, { signal: context.signal, ...(options.format === undefined ? {} : { format: options.format }) });
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
    const outputFormat = options.outputFormat ?? (toStdout ? 'ndjson' : undefined);
    const writer = writeRecords(toStdout ? context.streams.stdout : options.output, {
      headerMap: schema.headerMap,
      signal: context.signal,
      ...(toStdout ? { fileName: '<stdout>' } : {}),
      ...(outputFormat === undefined ? {} : { format: outputFormat }),
    });
    await pipeline(reader, stream, writer);
    renderer.stop();
    const { recordsOut, batches } = stream.stats();
    const sentence = `Appended emails to ${countOf(recordsOut, 'record')} in ${formatCount(batches)} batch${batches === 1 ? '' : 'es'}${toStdout ? '' : `: ${options.output}`}`;
    if (toStdout) output.note(sentence);
    else output.done(sentence, { records: recordsOut, batches, output: options.output, jobId: options.jobId });
  } finally {
    renderer.stop();
  }
}

/** Credential failures name the variables to check (the generic hint names Data8's). */
function withCredentialHint(error: unknown): unknown {
  if (!(error instanceof AuthenticationError) && !(error instanceof ForbiddenError)) return error;
  return new Data8Error(`${error.message}\nCheck ${VARIABLES.join(', ')}.`, { cause: error });
}
