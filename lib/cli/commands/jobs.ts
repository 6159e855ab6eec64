/**
 * `data8-batch jobs list|show|start|wait`.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import type { AssumedValues } from '../../core/assumed-values.js';
import type { Job, JobRef } from '../../core/wire.js';
import { isoDate, keyValue, progressOption, seconds } from '../arguments.js';
import { jobStatusName } from '../../streams/job-waiter.js';
import type { CliContext } from '../context.js';
import type { ProgressMode } from '../progress/renderer.js';
import { withSession } from '../session.js';
import type { TableColumn } from '../table.js';
import { waitForJob } from './job-wait.js';

export function registerJobs(program: Command, context: CliContext): void {
  const jobs = program.command('jobs').description('list, inspect, start and wait for jobs');

  jobs
    .command('list')
    .description('list the jobs of the account, most recent first')
    .option('-w, --workflow <name>', 'only jobs of this workflow')
    .option('--since <date>', 'only jobs submitted on or after this ISO 8601 date', isoDate)
    .option('--until <date>', 'only jobs submitted on or before this ISO 8601 date', isoDate)
    .action((options: { workflow?: string; since?: string; until?: string }, command: Command) =>
      withSession(context, command, async (client, output) => {
        const filter = {
          ...(options.workflow === undefined ? {} : { workflow: options.workflow }),
          ...(options.since === undefined ? {} : { startDate: options.since }),
          ...(options.until === undefined ? {} : { endDate: options.until }),
        };
        await output.list(client.jobs.list(filter, { signal: context.signal }), jobColumns(client.assumedValues), 'No jobs.');
      }),
    );

  jobs
    .command('show')
    .description('show a job: status, progress, datasets, parameters and statistics')
    .argument('<name>', 'job name')
    .action((name: string, _options: unknown, command: Command) =>
      withSession(context, command, async (client, output) => {
        const job = await client.jobs.get(name, { signal: context.signal });
        output.item(job, describeJob(client.assumedValues, job));
      }),
    );

  jobs
    .command('start')
    .description('start a job over complete input datasets')
    .argument('<name>', 'job name (unique in the account; spaces allowed)')
    .requiredOption('-w, --workflow <name>', 'the workflow to run')
    .requiredOption('-i, --input <role=dataset>', 'an input dataset for a role of the workflow; repeat for each role', keyValue)
    .option('-p, --param <key=value>', 'a workflow parameter; repeat for each', keyValue)
    .option('--input-filename <name>', 'the original file name, recorded on the job')
    .action(
      (
        name: string,
        options: { workflow: string; input: Record<string, string>; param?: Record<string, string>; inputFilename?: string },
        command: Command,
      ) =>
        withSession(context, command, async (client, output) => {
          const job = await client.jobs.start(
            {
              name,
              workflowName: options.workflow,
              inputDatasets: options.input,
              parameters: options.param ?? {},
              ...(options.inputFilename === undefined ? {} : { inputFilename: options.inputFilename }),
            },
            { signal: context.signal },
          );
          output.done(`Started job ${job.name} (${options.workflow}).`, job);
        }),
    );

  jobs
    .command('wait')
    .description('wait for a job to finish, showing its progress; fails (exit 1) when the job fails')
    .argument('<name>', 'job name')
    .option('--timeout <seconds>', 'give up after this long (the job keeps running)', seconds)
    .addOption(progressOption())
    .action((name: string, options: { timeout?: number; progress: ProgressMode }, command: Command) =>
      withSession(context, command, async (client, output) => {
        const job = await waitForJob(context, client, output, name, options);
        output.item(job, describeJob(client.assumedValues, job));
      }),
    );
}

function jobColumns(values: AssumedValues): readonly TableColumn<JobRef>[] {
  return [
    { heading: 'Name', value: (job) => job.name },
    { heading: 'Workflow', value: (job) => job.workflowName },
    { heading: 'Submitted', value: (job) => job.submittedAt },
    { heading: 'Status', value: (job) => jobStatusName(values.jobStatus, job.status) },
  ];
}

/** A job as `key value` lines. */
export function describeJob(values: AssumedValues, job: Job): Record<string, unknown> {
  return {
    name: job.name,
    workflow: job.workflowName,
    status: jobStatusName(values.jobStatus, job.status),
    percent: job.percentComplete,
    submitted: job.submittedAt,
    completed: job.completedAt,
    'estimated finish': job.estimatedFinishTime,
    'input datasets': job.inputDatasets,
    'output datasets': job.outputDatasets,
    parameters: job.parameters,
    statistics: job.statistics,
  };
}
