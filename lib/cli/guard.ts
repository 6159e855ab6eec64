/**
 * Guard rails for commands that would cut off the credential they are authenticated with:
 * they need `--yes`, and without it stop before sending anything. There is no prompt: a command
 * run from cron or CI has nobody to answer one, and `--yes` is as easy to type as "y".
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { globalOptions, type CliContext } from './context.js';
import { loadCredentials } from './credentials.js';
import { UsageError } from './report-error.js';

/** The client id this command authenticates with (from `--credentials` or DATA8_CLIENT_ID), when set. */
export async function clientIdInUse(context: CliContext, command: Command): Promise<string | undefined> {
  const credentials = await loadCredentials(context.env, globalOptions(command).credentials).catch(() => undefined);
  return credentials?.clientId;
}

/**
 * Stops with exit code 2 unless `--yes` was given, when `clientId` is the credential in use.
 * `consequence` completes "client credential X is the one this command is authenticated with, so ...".
 */
export async function confirmCuttingOff(context: CliContext, command: Command, clientId: string, consequence: string): Promise<void> {
  if (command.opts<{ yes?: boolean }>().yes === true) return;
  if ((await clientIdInUse(context, command)) !== clientId) return;
  const path = [command.parent?.parent?.name(), command.parent?.name(), command.name()].filter((name) => name !== undefined && name !== 'data8-batch').join(' ');
  throw new UsageError(
    `${path}: client credential ${clientId} is the one this command is authenticated with (DATA8_CLIENT_ID or --credentials), so ${consequence}. ` +
      'Nothing was sent: rerun with --yes to go ahead',
  );
}
