/**
 * `data8-batch emulator`: runs the local emulator until Ctrl-C (see the emulator's own
 * `runEmulatorCommand`). Its credentials come from DATA8_CLIENT_ID / DATA8_CLIENT_SECRET, or the
 * documented development pair; never from arguments.
 *
 * @packageDocumentation
 */
import { InvalidArgumentError, type Command } from 'commander';
import { Data8Error } from '../../core/errors.js';
import { parseFaultSpec } from '../../emulator/faults/check.js';
import { integerFrom } from '../arguments.js';
import type { CliContext } from '../context.js';

interface EmulatorFlags {
  readonly host?: string;
  readonly port?: number;
  readonly data?: string;
  readonly faults?: string;
  readonly maxInFlight?: number;
  readonly tokenTtl?: number;
  readonly seed?: number;
  readonly cert?: string;
  readonly key?: string;
}

/** A fault spec, checked as the command line is read so that a wrong one is a usage error (exit 2). */
function faultSpec(value: string): string {
  try {
    parseFaultSpec(value);
  } catch (error) {
    if (error instanceof Data8Error) throw new InvalidArgumentError(error.message);
    throw error;
  }
  return value;
}

export function registerEmulator(program: Command, context: CliContext): void {
  program
    .command('emulator')
    .description('run a local Data8-compatible server (token server, every endpoint, workflows, fault injection) until Ctrl-C')
    .option('--host <host>', 'interface to listen on (default: 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default: a free port, printed on the first line)', integerFrom(0, 65_535))
    .option('--data <dir>', 'keep datasets, jobs and accounts in this directory across restarts (default: a temporary directory)')
    .option('--faults <spec>', 'inject faults, e.g. 429=0.1,503=0.05,drop=0.02,latency=0-30', faultSpec)
    .option('--max-in-flight <n>', 'answer 429 (Retry-After as --faults retry-after=S, 1 by default) above N API requests in flight, as a service limiting concurrent requests does', integerFrom(1, 1_000_000))
    .option('--token-ttl <seconds>', 'lifetime of access tokens', integerFrom(1, 31_536_000))
    .option('--seed <n>', 'seed of the injected faults, to repeat a run', integerFrom(0, 2 ** 31 - 1))
    .option('--cert <file>', 'serve HTTPS with this PEM certificate (with --key); clients trust its CA with --ca-file')
    .option('--key <file>', "the PEM private key of --cert's certificate")
    .action(async (options: EmulatorFlags) => {
      // Ctrl-C is how this command ends: not an interruption.
      context.run.signalIsStop = true;
      // Loaded here: no other command needs the server and its plugins.
      const { runEmulatorCommand } = await import('../../emulator/command.js');
      await runEmulatorCommand({
        stdout: context.streams.stdout,
        signal: context.signal,
        ...(options.host === undefined ? {} : { host: options.host }),
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.data === undefined ? {} : { dataDir: options.data }),
        ...(options.faults === undefined ? {} : { faults: options.faults }),
        ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
        ...(options.tokenTtl === undefined ? {} : { tokenTtl: options.tokenTtl }),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.cert === undefined ? {} : { certFile: options.cert }),
        ...(options.key === undefined ? {} : { keyFile: options.key }),
      });
    });
}
