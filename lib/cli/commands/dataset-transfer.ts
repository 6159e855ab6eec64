/**
 * `datasets upload` (a file into an input dataset, with BlockUploader) and `datasets download`
 * (an output dataset into a file, with DatasetReader). The building blocks of `cleanse`, for
 * users who run the steps themselves.
 *
 * @packageDocumentation
 */
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { Data8Client } from '../../client.js';
import type { ColumnMap } from '../../core/wire.js';
import { readRecords } from '../../formats/read-records.js';
import { addReaderFlags, noteLine, readerOptions, withDeclaredTypes, type ReaderFlags } from '../reader-flags.js';
import { writeRecords } from '../../formats/record-writer.js';
import type { RecordFormat } from '../../formats/format.js';
import { BlockUploader } from '../../streams/block-uploader.js';
import { DatasetReader } from '../../streams/dataset-reader.js';
import { formatOption, integerAtLeast, progressOption, removedFormatOption } from '../arguments.js';
import type { CliContext } from '../context.js';
import { countOf, formatCount, formatDuration } from '../format-values.js';
import { createProgressRenderer, effectiveProgressMode, type ProgressMode } from '../progress/renderer.js';
import { withSession } from '../session.js';
import { inputSize, STDIO } from './input-files.js';

interface UploadOptions extends ReaderFlags {
  readonly inputFormat?: RecordFormat;
  readonly firstBlock?: number;
  readonly concurrency?: number;
  readonly complete?: boolean;
  readonly checkpoint?: string;
  readonly progress: ProgressMode;
}

interface DownloadOptions {
  readonly output: string;
  readonly outputFormat?: RecordFormat;
  readonly progress: ProgressMode;
}

/** Declared types for the dataset's non-String columns, so CSV text is sent as the type the dataset expects. */
function declaredTypes(client: Data8Client, columns: ColumnMap): Record<string, number> | undefined {
  const typed = Object.entries(columns).filter(([, code]) => code !== client.assumedValues.columnTypes.String);
  return typed.length === 0 ? undefined : Object.fromEntries(typed);
}

export function registerDatasetTransfer(datasets: Command, context: CliContext): void {
  addReaderFlags(datasets.command('upload'))
    .description('upload a file (or - for stdin) into an existing input dataset, in blocks, as fast as the service allows')
    .argument('<name>', 'dataset name')
    .argument('<file>', 'CSV, TSV, NDJSON or JSON-array file, or - for stdin')
    .addOption(formatOption('--input-format <format>', "the file's format (default: the file's extension, else csv)"))
    .addOption(removedFormatOption('datasets upload', '--input-format'))
    .option('--first-block <number>', 'number of the first block (to fill one dataset from several files)', integerAtLeast(0))
    .option('--concurrency <blocks>', 'blocks in flight at once', integerAtLeast(1))
    .option('--complete', 'mark the dataset complete afterwards, with the number of records uploaded')
    .option('--checkpoint <file>', 'keep a checkpoint there; rerunning the same upload resumes from it')
    .addOption(progressOption())
    .action((name: string, file: string, options: UploadOptions, command: Command) =>
      withSession(context, command, async (client, output) => {
        const dataset = await client.datasets.get(name, { signal: context.signal });
        const fromStdin = file === STDIO;
        const reader = readRecords(fromStdin ? process.stdin : file, {
          ...withDeclaredTypes(readerOptions(options), declaredTypes(client, dataset.columns)),
          fileName: fromStdin ? '<stdin>' : file,
          onNote: (note) => output.note(noteLine(note)),
          signal: context.signal,
          assumedValues: client.assumedValues,
          ...(options.inputFormat === undefined ? {} : { format: options.inputFormat }),
        });
        const renderer = createProgressRenderer({
          mode: effectiveProgressMode(options.progress, output.quiet),
          stderr: context.streams.stderr,
          inputBytes: fromStdin ? undefined : await inputSize([file]),
        });
        const uploader = new BlockUploader({
          client,
          dataset: name,
          complete: options.complete === true,
          expectedColumns: Object.keys(dataset.columns),
          signal: context.signal,
          onProgress: (event) => renderer.update(event),
          source: { file: reader.file, lineOf: reader.lineOf, headerOf: reader.headerOf, bytesAfter: reader.bytesAfter },
          ...(options.firstBlock === undefined ? {} : { firstBlock: options.firstBlock }),
          ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
          ...(options.checkpoint === undefined
            ? {}
            : { checkpoint: { path: options.checkpoint, ...(fromStdin ? {} : { inputFile: file }) } }),
        });
        try {
          await pipeline(reader, uploader, { signal: context.signal });
        } finally {
          renderer.stop();
        }
        const stats = uploader.stats;
        output.done(
          `Uploaded ${countOf(stats.records, 'record')} to ${name} in ${countOf(stats.blocks, 'block')} (${formatDuration(stats.elapsedMs)})` +
            (stats.recordsSkipped > 0 ? `, ${formatCount(stats.recordsSkipped)} already there from an earlier run` : '') +
            (stats.completed ? '; the dataset is complete.' : '.'),
          stats,
        );
      }),
    );

  datasets
    .command('download')
    .description('download a completed output dataset, in order, to a file (written atomically) or stdout')
    .argument('<name>', 'dataset name')
    .option('-o, --output <file>', 'the file to write, or - for stdout', STDIO)
    .addOption(formatOption('--output-format <format>', "the output format (default: the file's extension, else csv)"))
    .addOption(removedFormatOption('datasets download', '--output-format'))
    .addOption(progressOption())
    .action((name: string, options: DownloadOptions, command: Command) =>
      withSession(context, command, async (client, output) => {
        const toStdout = options.output === STDIO;
        const renderer = createProgressRenderer({ mode: effectiveProgressMode(options.progress, output.quiet), stderr: context.streams.stderr });
        const reader = new DatasetReader({ client, dataset: name, signal: context.signal, onProgress: (event) => renderer.update(event) });
        const writer = writeRecords(toStdout ? context.streams.stdout : options.output, {
          signal: context.signal,
          ...(options.outputFormat === undefined ? {} : { format: options.outputFormat }),
        });
        try {
          await pipeline(reader, writer, { signal: context.signal });
        } finally {
          renderer.stop();
        }
        const stats = reader.stats;
        const message = `Downloaded ${countOf(stats.records, 'record')} from ${name} (${formatDuration(stats.elapsedMs)}).`;
        // With the records on stdout, the outcome goes to stderr.
        if (toStdout) output.note(message);
        else output.done(`${message.slice(0, -1)} to ${options.output}.`, stats);
      }),
    );
}
