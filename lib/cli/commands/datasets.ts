/**
 * `data8-batch datasets list|show|create|upload|complete|download|delete`.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import type { Dataset, DatasetRef } from '../../core/wire.js';
import { collect, integerAtLeast } from '../arguments.js';
import { columnTypeNames, parseColumn } from '../codes.js';
import type { CliContext } from '../context.js';
import { countOf } from '../format-values.js';
import { withSession } from '../session.js';
import type { TableColumn } from '../table.js';
import { registerDatasetTransfer } from './dataset-transfer.js';

const DATASET_COLUMNS: readonly TableColumn<DatasetRef>[] = [
  { heading: 'Name', value: (dataset) => dataset.name },
  { heading: 'Kind', value: (dataset) => (dataset.input ? 'input' : 'output') },
  { heading: 'Complete', value: (dataset) => dataset.completed },
  { heading: 'Records', value: (dataset) => dataset.recordCount, alignRight: true },
];

export function registerDatasets(program: Command, context: CliContext): void {
  const datasets = program.command('datasets').description('list, inspect, create, fill, read and delete datasets');

  datasets
    .command('list')
    .description('list the datasets of the account')
    .option('--input', 'only input datasets')
    .option('--output', 'only output datasets')
    .action((options: { input?: boolean; output?: boolean }, command: Command) =>
      withSession(context, command, async (client, output) => {
        const both = options.input !== true && options.output !== true;
        const filter = { input: both || options.input === true, output: both || options.output === true };
        await output.list(client.datasets.list(filter, { signal: context.signal }), DATASET_COLUMNS, 'No datasets.');
      }),
    );

  datasets
    .command('show')
    .description('show a dataset: kind, completeness, record count and columns')
    .argument('<name>', 'dataset name')
    .action((name: string, _options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        const dataset = await client.datasets.get(name, { signal: context.signal });
        output.item(dataset, describeDataset(dataset, columnTypeNames(client.assumedValues, dataset.columns)));
      }),
    );

  datasets
    .command('create')
    .description('create an empty input dataset')
    .argument('<name>', 'dataset name (a-z, 0-9 and _, starting with a letter)')
    .requiredOption('-c, --column <name:type>', 'a column and its type (String, Integer, Decimal, Boolean, DateTime); repeat for each', collect)
    .action((name: string, options: { column: string[] }, command: Command) =>
      withSession(context, command, async (client, output) => {
        const columns = Object.fromEntries(options.column.map((text) => parseColumn(client.assumedValues, text)));
        const dataset = await client.datasets.create({ name, columns }, { signal: context.signal });
        output.done(`Created input dataset ${dataset.name} with ${countOf(Object.keys(dataset.columns).length, 'column')}.`, dataset);
      }),
    );

  datasets
    .command('complete')
    .description('mark an input dataset complete, so jobs can read it; the service checks the record count')
    .argument('<name>', 'dataset name')
    .requiredOption('-r, --records <count>', 'the number of records uploaded', integerAtLeast(0))
    .action((name: string, options: { records: number }, command: Command) =>
      withSession(context, command, async (client, output) => {
        const dataset = await client.datasets.complete(name, options.records, { signal: context.signal });
        output.done(`Dataset ${dataset.name} is complete with ${countOf(dataset.recordCount, 'record')}.`, dataset);
      }),
    );

  datasets
    .command('delete')
    .description('delete a dataset and its records (the name cannot be used again)')
    .argument('<name>', 'dataset name')
    .action((name: string, _options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        await client.datasets.delete(name, { signal: context.signal });
        output.done(`Deleted dataset ${name}.`, { name, deleted: true });
      }),
    );

  registerDatasetTransfer(datasets, context);

}

function describeDataset(dataset: Dataset, columns: Record<string, string>): Record<string, unknown> {
  return {
    name: dataset.name,
    kind: dataset.input ? 'input' : 'output',
    complete: dataset.completed,
    records: dataset.recordCount,
    columns,
  };
}
