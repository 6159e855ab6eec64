/**
 * What every command runs with: the streams it writes to, the environment it reads
 * credentials from, the signal that Ctrl-C fires, and the global options.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { Output, type CliStreams } from './output.js';

/** The world a command runs in. */
export interface CliContext {
  readonly streams: CliStreams;
  readonly env: NodeJS.ProcessEnv;
  /** Fires on SIGINT/SIGTERM: in-flight requests are aborted, checkpoints kept. */
  readonly signal: AbortSignal;
  /** Values never to print, added as they become known (the client secret); errors are scrubbed of them. */
  readonly secrets: Set<string>;
  /** Facts about the run that commands set and `main` reads. */
  readonly run: {
    /** The command ends on SIGINT/SIGTERM by design (the emulator): a signal then means success. */
    signalIsStop: boolean;
    /** What to do next, printed after a failure's message (where a checkpoint was kept, say). */
    hint?: string | undefined;
    /** What to check when credentials are refused, for a command whose service is not Data8's. */
    credentialsHint?: string | undefined;
    /** The reader of stdout went away (`| head`): the signal fired, and the command must leave nothing behind. */
    stdoutClosed: boolean;
    /** Failures are printed as one JSON object (`--json`, `--progress json`). */
    readonly jsonErrors: boolean;
  };
}

/** Options every command accepts (declared on the program). */
export interface GlobalOptions {
  /** A JSON file with clientId, clientSecret, apiUrl and optionally authUrl. */
  readonly credentials?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

/** The global options as seen from a (sub)command. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** The {@link Output} for a command, honouring `--json` and `--quiet`. */
export function outputOf(context: CliContext, command: Command): Output {
  const { json, quiet } = globalOptions(command);
  // With `--progress json`, stderr carries JSON lines only: notes become events too.
  const jsonLines = command.opts<{ progress?: string }>().progress === 'json';
  return new Output(context.streams, { json: json ?? false, quiet: quiet ?? false, jsonLines });
}
