/**
 * `data8-batch keys list|show|create|update|delete` and the lists that restrict a key:
 * `keys domains|networks|services list|add|remove` (and `keys networks set`).
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import type { ApiKey, ApiKeyRequest } from '../../core/wire.js';
import { integerAtLeast } from '../arguments.js';
import { EXPIRY_HELP, expiryInstant } from '../dates.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../report-error.js';
import { withSession } from '../session.js';
import type { TableColumn } from '../table.js';
import type { Data8Client } from '../../client.js';

const KEY_COLUMNS: readonly TableColumn<ApiKey>[] = [
  { heading: 'Key', value: (key) => key.key },
  { heading: 'Description', value: (key) => key.description },
  { heading: 'Username', value: (key) => key.username },
  { heading: 'Expires', value: (key) => key.expiresOn },
  { heading: 'Max/IP/day', value: (key) => key.maxRequestsPerIPPerDay, alignRight: true },
];

interface KeyOptions {
  readonly description?: string;
  readonly username?: string;
  readonly expiresOn?: string;
  readonly maxRequestsPerIpPerDay?: number;
  readonly clientKey?: boolean;
}

function addKeyOptions(command: Command): Command {
  return command
    .option('-d, --description <text>', 'what the key is for')
    .option('-u, --username <name>', 'the user the key belongs to')
    .option('--expires-on <date>', `when the key stops working: ${EXPIRY_HELP}`, expiryInstant)
    .option('--max-requests-per-ip-per-day <count>', 'requests one address may make a day', integerAtLeast(0))
    .option('--client-key', 'a client-side key (used from browsers; restrict it with domains)');
}

function keyRequest(options: KeyOptions): ApiKeyRequest {
  return {
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.expiresOn === undefined ? {} : { expiresOn: options.expiresOn }),
    ...(options.maxRequestsPerIpPerDay === undefined ? {} : { maxRequestsPerIPPerDay: options.maxRequestsPerIpPerDay }),
    ...(options.clientKey === undefined ? {} : { isClientKey: options.clientKey }),
  };
}

export function registerKeys(program: Command, context: CliContext): void {
  const keys = program.command('keys').description('manage API keys and the domains, networks and services they are limited to');
  const signal = { signal: context.signal };

  keys
    .command('list')
    .description('list API keys')
    .action((_options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        await output.list(await client.apiKeys.list(signal), KEY_COLUMNS, 'No API keys.');
      }),
    );

  keys
    .command('show')
    .description('show an API key and its allowed domains, networks and services')
    .argument('<key>')
    .action((key: string, _options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        output.item(await client.apiKeys.get(key, signal));
      }),
    );

  addKeyOptions(
    keys
      .command('create')
      .description('create an API key (the service generates the key unless --key is given)')
      .option('-k, --key <key>', 'the key to create'),
  ).action((options: KeyOptions & { key?: string }, command: Command) =>
    withSession(context, command, async (client, output) => {
      const created = await client.apiKeys.create({ ...keyRequest(options), ...(options.key === undefined ? {} : { key: options.key }) }, signal);
      output.done(`Created API key ${created.key}.`, created);
    }),
  );

  addKeyOptions(keys.command('update').description("change an API key's details").argument('<key>')).action(
    (key: string, options: KeyOptions, command: Command) =>
      withSession(context, command, async (client, output) => {
        const change = keyRequest(options);
        if (Object.keys(change).length === 0) throw new UsageError('keys update: give at least one detail to change');
        const current = await client.apiKeys.get(key, signal);
        const request: ApiKeyRequest = {
          description: current.description,
          username: current.username,
          expiresOn: current.expiresOn,
          maxRequestsPerIPPerDay: current.maxRequestsPerIPPerDay,
          ...change,
        };
        await client.apiKeys.update(key, request, signal);
        output.done(`Updated API key ${key}.`, { ...current, ...request });
      }),
  );

  keys
    .command('delete')
    .description('delete an API key')
    .argument('<key>')
    .action((key: string, _options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        await client.apiKeys.delete(key, signal);
        output.done(`Deleted API key ${key}.`, { key, deleted: true });
      }),
    );

  registerKeyList(keys, context, {
    name: 'domains',
    entry: 'domain',
    description: 'domains a client-side key may be used from',
    list: (client, key) => client.apiKeys.listDomains(key, signal),
    add: (client, key, domain) => client.apiKeys.addDomain(key, domain, signal),
    remove: (client, key, domain) => client.apiKeys.removeDomain(key, domain, signal),
  });
  const networks = registerKeyList(keys, context, {
    name: 'networks',
    entry: 'network',
    description: 'client networks (CIDR such as 123.45.6.0/24, or one address) the key may be used from',
    list: (client, key) => client.apiKeys.listNetworks(key, signal),
    add: (client, key, network) => client.apiKeys.addNetwork(key, network, signal),
    remove: (client, key, network) => client.apiKeys.removeNetwork(key, network, undefined, signal),
  });
  networks
    .command('set')
    .description('add a network with PUT (idempotent); stored normalised')
    .argument('<key>')
    .argument('<network>', 'CIDR such as 123.45.6.0/24')
    .action((key: string, network: string, _options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        await client.apiKeys.putNetwork(key, network, undefined, signal);
        output.done(`Network ${network} is allowed for ${key}.`, { key, network });
      }),
    );
  registerKeyList(keys, context, {
    name: 'services',
    entry: 'service',
    description: 'services the key may call',
    list: (client, key) => client.apiKeys.listServices(key, signal),
    add: (client, key, service) => client.apiKeys.addService(key, service, signal),
    remove: (client, key, service) => client.apiKeys.removeService(key, service, signal),
  });
}

/** One of a key's allow-lists, with its calls. */
interface KeyList {
  readonly name: string;
  readonly entry: string;
  readonly description: string;
  list(client: Data8Client, key: string): Promise<readonly string[]>;
  add(client: Data8Client, key: string, entry: string): Promise<void>;
  remove(client: Data8Client, key: string, entry: string): Promise<void>;
}

function registerKeyList(keys: Command, context: CliContext, spec: KeyList): Command {
  const group = keys.command(spec.name).description(spec.description);
  const columns: readonly TableColumn<string>[] = [{ heading: spec.entry, value: (entry) => entry }];
  group
    .command('list')
    .argument('<key>')
    .description(`list the ${spec.name} of a key`)
    .action((key: string, _options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        await output.list(await spec.list(client, key), columns, `No ${spec.name}.`);
      }),
    );
  group
    .command('add')
    .argument('<key>')
    .argument(`<${spec.entry}>`)
    .description(`allow a ${spec.entry} (adding one twice keeps one)`)
    .action((key: string, entry: string, _options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        await spec.add(client, key, entry);
        output.done(`Added ${spec.entry} ${entry} to ${key}.`, { key, [spec.entry]: entry });
      }),
    );
  group
    .command('remove')
    .argument('<key>')
    .argument(`<${spec.entry}>`)
    .description(`remove a ${spec.entry}`)
    .action((key: string, entry: string, _options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        await spec.remove(client, key, entry);
        output.done(`Removed ${spec.entry} ${entry} from ${key}.`, { key, [spec.entry]: entry, removed: true });
      }),
    );
  return group;
}
