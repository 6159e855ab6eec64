/**
 * `data8-batch cleanse <input>... --workflow <name> [...]`: the whole job in one command.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { collect, columnType, formatOption, keyValue, progressOption, removedFormatOption } from '../arguments.js';
import { planCleanse, type CleanseFlags } from '../cleanse/plan.js';
import { runCleanse } from '../cleanse/run.js';
import type { CliContext } from '../context.js';
import type { ProgressMode } from '../progress/renderer.js';
import { STDIO } from './input-files.js';
import { addReaderFlags } from '../reader-flags.js';
import { addRecordPathOptions } from '../settings/flags.js';

export function registerCleanse(program: Command, context: CliContext): void {
  const command = program
    .command('cleanse')
    .description('upload files, run a workflow over them, download the result; resumable, in constant memory')
    .argument('<input...>', 'CSV, TSV, NDJSON or JSON-array files (- for stdin), one per input role')
    .requiredOption('-w, --workflow <name>', 'the workflow to run (Identity, CleanseContacts, or one of your account)')
    .option('-r, --input-role <role>', "the workflow's input role of each input, in order (default for Identity and CleanseContacts)", collect)
    .option('-p, --param <key=value>', 'a workflow parameter; repeat for each', keyValue)
    .option('-o, --output <file>', 'where the result goes (written atomically), or - for stdout', STDIO)
    .option('--output-role <role>', "the workflow's output role to download (default: its only one)")
    .addOption(formatOption('--input-format <format>', "the input format (default: the file's extension, else csv)"))
    .addOption(formatOption('--output-format <format>', "the output format (default: the output file's extension, else the input's format)"))
    .addOption(removedFormatOption('cleanse', '--output-format'))
    .option('-t, --type <column=type>', 'upload a column as a type (String, Integer, Decimal, Boolean, DateTime); repeat for each', columnType)
    .option('--infer-types', 'detect numbers, booleans and dates in CSV columns (from the first 1,000 records)')
    .option('--job-name <name>', 'the job name (default: workflow, file name, time and four random hex digits)')
    .option('--checkpoint <dir>', 'where to keep what --resume needs (default: .data8-batch-<output name>/ beside the output)')
    .option('--resume', 'continue an interrupted run from its checkpoint, uploading only what is missing')
    .option('--restart', "discard the checkpoint and start over, deleting the earlier run's datasets where the service still has them")
    .option('--keep-datasets', 'keep the input and output datasets on the service afterwards')
    .option('--rejects <file>', 'write records the service refuses here (with line, column and reason) and carry on without them')
    .option('--dry-run', 'read and check every input against the columns and types it would upload; send nothing')
    .option('--emulator', 'run against an embedded emulator instead of Data8 (also DATA8_EMULATOR=1); nothing is sent, the results are made up')
    .addOption(progressOption());
  addReaderFlags(command)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  data8-batch cleanse contacts.csv --workflow CleanseContacts --output contacts.cleansed.csv\n' +
        '  data8-batch cleanse contacts.csv --workflow CleanseContacts --output contacts.cleansed.csv --resume\n' +
        '  data8-batch cleanse - --workflow Identity --input-format ndjson < in.ndjson > out.ndjson\n' +
        "  data8-batch cleanse export.csv --workflow CleanseContacts --output out.csv --delimiter ';' --rename 'E-mail=email' --dry-run\n",
    )
    .action(async (inputs: string[], flags: CleanseFlags & { progress: ProgressMode }, command: Command) => {
      await runCleanse(context, command, planCleanse(inputs, flags), flags.progress);
    });
  addRecordPathOptions(command);
}
