/**
 * `data8-batch emulator`: runs the local emulator until Ctrl-C (see the emulator's own
 * `runEmulatorCommand`). Its credentials come from DATA8_CLIENT_ID / DATA8_CLIENT_SECRET, or the
 * documented development pair; never from arguments.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { integerAtLeast } from '../arguments.js';
import type { CliContext } from '../context.js';

interface EmulatorFlags {
  readonly host?: string;
  readonly port?: number;
  readonly data?: string;
  readonly faults?: string;
  readonly tokenTtl?: number;
  readonly seed?: number;
}

export function registerEmulator(program: Command, context: CliContext): void {
  program
    .command('emulator')
    .description('run a local Data8-compatible server (token server, every endpoint, workflows, fault injection) until Ctrl-C')
    .option('--host <host>', 'interface to listen on (default: 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default: a free port, printed on the first line)', integerAtLeast(0))
    .option('--data <dir>', 'keep datasets, jobs and accounts in this directory across restarts (default: a temporary directory)')
    .option('--faults <spec>', 'inject faults, e.g. 429=0.1,503=0.05,drop=0.02,latency=0-30')
    .option('--token-ttl <seconds>', 'lifetime of access tokens', integerAtLeast(1))
    .option('--seed <n>', 'seed of the injected faults, to repeat a run', integerAtLeast(0))
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
        ...(options.tokenTtl === undefined ? {} : { tokenTtl: options.tokenTtl }),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      });
    });
}
