/**
 * `data8-batch credentials list|show|create|update|delete` and
 * `data8-batch credentials secrets list|create|show|update|delete`.
 *
 * A new secret's value is printed once, as the service returns it, on stdout and nowhere else:
 * never in a note, a log line or an error.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import type { ClientCredential, ClientSecret, GeneratedClientSecret } from '../../core/wire.js';
import { EXPIRY_HELP, expiryInstant } from '../dates.js';
import { confirmCuttingOff } from '../guard.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../report-error.js';
import { withSession } from '../session.js';
import type { TableColumn } from '../table.js';

const CREDENTIAL_COLUMNS: readonly TableColumn<ClientCredential>[] = [
  { heading: 'Client ID', value: (credential) => credential.clientId },
  { heading: 'Description', value: (credential) => credential.description },
];

const SECRET_COLUMNS: readonly TableColumn<ClientSecret>[] = [
  { heading: 'Secret ID', value: (secret) => secret.clientSecretId, alignRight: true },
  { heading: 'Expires', value: (secret) => secret.expires },
  { heading: 'Description', value: (secret) => secret.description },
];

/** A secret's id from the command line. */
function secretId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id < 0) throw new UsageError(`a secret id is a whole number, got "${text}"`);
  return id;
}

export function registerCredentials(program: Command, context: CliContext): void {
  const credentials = program.command('credentials').description("manage the account's client credentials and their secrets");
  const signal = { signal: context.signal };

  credentials
    .command('list')
    .description('list client credentials')
    .action((_options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        await output.list(await client.clientCredentials.list(signal), CREDENTIAL_COLUMNS, 'No client credentials.');
      }),
    );

  credentials
    .command('show')
    .description('show a client credential and its secrets (never their values)')
    .argument('<client-id>')
    .action((clientId: string, _options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        const credential = await client.clientCredentials.get(clientId, signal);
        output.item(credential, {
          'client id': credential.clientId,
          description: credential.description,
          secrets: Object.fromEntries((credential.secrets ?? []).map((secret) => [String(secret.clientSecretId), `expires ${secret.expires}  ${secret.description}`])),
        });
      }),
    );

  credentials
    .command('create')
    .description('create a client credential (the service chooses its id); add a secret with "credentials secrets create"')
    .requiredOption('-d, --description <text>', 'what the credential is for')
    .action((options: { description: string }, command: Command) =>
      withSession(context, command, async (client, output) => {
        const credential = await client.clientCredentials.create({ description: options.description }, signal);
        output.done(`Created client credential ${credential.clientId}.`, credential);
      }),
    );

  credentials
    .command('update')
    .description("change a client credential's description")
    .argument('<client-id>')
    .requiredOption('-d, --description <text>', 'the new description')
    .action((clientId: string, options: { description: string }, command: Command) =>
      withSession(context, command, async (client, output) => {
        await client.clientCredentials.update(clientId, { description: options.description }, signal);
        output.done(`Updated client credential ${clientId}.`, { clientId, description: options.description });
      }),
    );

  credentials
    .command('delete')
    .description('delete a client credential and its secrets: no more tokens are issued for it')
    .argument('<client-id>')
    .option('-y, --yes', 'delete it even when it is the credential this command is authenticated with')
    .action(async (clientId: string, _options: unknown, command: Command) => {
      await confirmCuttingOff(context, command, clientId, 'deleting it makes every later command with these credentials fail');
      await withSession(context, command, async (client, output) => {
        await client.clientCredentials.delete(clientId, signal);
        output.done(`Deleted client credential ${clientId}.`, { clientId, deleted: true });
      });
    });

  const secrets = credentials.command('secrets').description("manage a client credential's secrets");

  secrets
    .command('list')
    .description("list a credential's secrets (never their values)")
    .argument('<client-id>')
    .action((clientId: string, _options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        await output.list(await client.clientCredentials.listSecrets(clientId, signal), SECRET_COLUMNS, 'No secrets.');
      }),
    );

  secrets
    .command('create')
    .description('generate a secret; its value is printed once, now, and can never be read again')
    .argument('<client-id>')
    .requiredOption('-e, --expires <date>', `when the secret stops working: ${EXPIRY_HELP}`, expiryInstant)
    .requiredOption('-d, --description <text>', 'what the secret is for')
    .action((clientId: string, options: { expires: string; description: string }, command: Command) =>
      withSession(context, command, async (client, output) => {
        const created: GeneratedClientSecret = await client.clientCredentials.createSecret(
          clientId,
          { expires: options.expires, description: options.description },
          signal,
        );
        output.done(
          `Created secret ${created.clientSecretId} for ${clientId}, expiring ${created.expires}.\n` +
            `Its value is shown this once; store it now:\n${created.generatedSecret}`,
          created,
        );
      }),
    );

  secrets
    .command('show')
    .description("show a secret's details (never its value)")
    .argument('<client-id>')
    .argument('<secret-id>')
    .action((clientId: string, id: string, _options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        output.item(await client.clientCredentials.getSecret(clientId, secretId(id), signal));
      }),
    );

  secrets
    .command('update')
    .description("change a secret's expiry or description")
    .argument('<client-id>')
    .argument('<secret-id>')
    .option('-e, --expires <date>', `the new expiry: ${EXPIRY_HELP}`, expiryInstant)
    .option('-d, --description <text>', 'the new description')
    .option('-y, --yes', 'expire it now or earlier even when it may be the secret this command is authenticated with')
    .action(async (clientId: string, id: string, options: { expires?: string; description?: string }, command: Command) => {
      if (options.expires === undefined && options.description === undefined) {
        throw new UsageError('credentials secrets update: give --expires, --description or both');
      }
      if (options.expires !== undefined && Date.parse(options.expires) <= Date.now()) {
        await confirmCuttingOff(context, command, clientId, `secret ${id} may be the one in use (DATA8_CLIENT_SECRET), and expiring it now would make every later command with it fail`);
      }
      await withSession(context, command, async (client, output) => {
        const current = await client.clientCredentials.getSecret(clientId, secretId(id), signal);
        const change = { expires: options.expires ?? current.expires, description: options.description ?? current.description };
        await client.clientCredentials.updateSecret(clientId, secretId(id), change, signal);
        output.done(`Updated secret ${id} of ${clientId}.`, { ...current, ...change });
      });
    });

  secrets
    .command('delete')
    .description('delete a secret: tokens can no longer be issued with it')
    .argument('<client-id>')
    .argument('<secret-id>')
    .option('-y, --yes', 'delete it even when it may be the secret this command is authenticated with')
    .action(async (clientId: string, id: string, _options: unknown, command: Command) => {
      // Which secret is in use cannot be known (the service never shows a secret's value): any secret of the credential in use may be it.
      await confirmCuttingOff(context, command, clientId, `secret ${id} may be the one in use (DATA8_CLIENT_SECRET), and deleting it would make every later command with it fail`);
      await withSession(context, command, async (client, output) => {
        await client.clientCredentials.deleteSecret(clientId, secretId(id), signal);
        output.done(`Deleted secret ${id} of ${clientId}.`, { clientId, clientSecretId: secretId(id), deleted: true });
      });
    });
}
