/**
 * The `data8-batch` program: global options, subcommands, and commander configured so that a
 * usage mistake throws (exit code 2) instead of exiting from inside the parser.
 *
 * @packageDocumentation
 */
import { Command, CommanderError } from 'commander';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { registerCleanse } from './commands/cleanse.js';
import { registerDatasets } from './commands/datasets.js';
import { registerJobs } from './commands/jobs.js';
import { registerCredentials } from './commands/credentials.js';
import { registerKeys } from './commands/keys.js';
import { registerEmulator } from './commands/emulator.js';
import { registerDataGroupCommand } from './datagroup.js';
import { addGlobalSettingOptions } from './settings/flags.js';
import { registerConfig } from './commands/config.js';

/** Commander's codes for output it printed on purpose (help, version): these exit 0. */
const INFORMATIONAL = new Set(['commander.helpDisplayed', 'commander.version']);

/** Builds the program; `parseAsync` runs it. Usage errors are thrown as {@link CommanderError} with exit code 2. */
export function buildProgram(context: CliContext, version: string): Command {
  const program = new Command('data8-batch')
    .description("Stream files through Data8's Batch Data Cleansing API, and manage its datasets, jobs, credentials and keys.")
    .version(version, '-V, --version')
    .option('--json', 'print results as JSON (lists as JSON arrays)')
    .option('-q, --quiet', 'print no progress or notes, only results and errors')
    .option('--verbose', 'print stack traces with errors')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => context.streams.stdout.write(text),
      writeErr: (text) => context.streams.stderr.write(text),
      // With --json the failure is printed once, as JSON, by main.
      outputError: (text, write) => {
        if (!context.run.jsonErrors) write(text);
      },
    })
    .exitOverride((error: CommanderError) => {
      const exitCode =
        INFORMATIONAL.has(error.code) || (error.code === 'commander.help' && error.exitCode === 0) ? ExitCode.Ok : ExitCode.Usage;
      throw new CommanderError(exitCode, error.code, error.message);
    });
  addGlobalSettingOptions(program);
  program.addHelpText(
    'after',
    '\nCredentials come from DATA8_CLIENT_ID, DATA8_CLIENT_SECRET, DATA8_API_URL and DATA8_AUTH_URL, or --credentials <file>;\n' +
      'never from arguments. "cleanse --emulator" (or DATA8_EMULATOR=1) runs against an embedded emulator instead.\n' +
      'Settings: flag > environment variable > profile (--profile, DATA8_PROFILE) > default; "config show" says which applies.\n' +
      'Exit codes: 0 done, 1 job failed (or other), 2 usage, 65 bad input data, 75 temporary (retry later),\n' +
      '77 credentials refused, 78 configuration, 130/143 signal, 141 stdout closed early. See docs/command-line.md.\n',
  );
  registerCleanse(program, context);
  registerDatasets(program, context);
  registerJobs(program, context);
  registerCredentials(program, context);
  registerKeys(program, context);
  registerEmulator(program, context);
  registerDataGroupCommand(program, context);
  registerConfig(program, context);
  return program;
}
