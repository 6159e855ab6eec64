/**
 * What `cleanse` prints when it is done: a short account for people (records, time, the
 * job's statistics) or one JSON object for scripts; and the dry run's report.
 *
 * @packageDocumentation
 */
import { describeLocation } from '../../core/errors.js';
import type { CleanseResult } from '../../cleanse.js';
import { jobStatusName } from '../../streams/job-waiter.js';
import type { AssumedValues } from '../../core/assumed-values.js';
import { countOf, formatCount, formatDuration } from '../format-values.js';
import { displayValue } from '../table.js';
import type { DryRunReport } from './dry-run.js';

/** What the run adds to the library's result. */
export interface RunFacts {
  readonly workflow: string;
  readonly rejects: { readonly path: string; readonly count: number } | undefined;
  readonly embeddedEmulator: boolean;
}

/** The JSON summary of a run. */
export function summaryJson(result: CleanseResult, facts: RunFacts, values: AssumedValues): Record<string, unknown> {
  return {
    job: { name: result.job.name, workflow: result.job.workflowName, status: jobStatusName(values.jobStatus, result.job.status) },
    inputs: result.inputs,
    outputs: result.outputs,
    rejected: facts.rejects?.count ?? 0,
    ...(facts.rejects === undefined ? {} : { rejectsFile: facts.rejects.path }),
    statistics: result.statistics,
    timings: result.timings,
    retries: result.retries,
    deletedDatasets: result.deletedDatasets,
    embeddedEmulator: facts.embeddedEmulator,
  };
}

/** The text summary of a run. */
export function summaryText(result: CleanseResult, facts: RunFacts, values: AssumedValues): string {
  const inputs = Object.entries(result.inputs);
  const records = inputs.reduce((sum, [, input]) => sum + input.records, 0);
  const lines = [
    `Cleansed ${countOf(records, 'record')} with ${facts.workflow} in ${formatDuration(result.timings.total)}` +
      ` (job "${result.job.name}", ${jobStatusName(values.jobStatus, result.job.status)})`,
  ];
  for (const [role, input] of inputs) {
    const resumed = input.resumed ? ', resumed' : '';
    lines.push(`  input     ${input.file ?? role}: ${countOf(input.records, 'record')} (${role}${resumed})`);
  }
  for (const [role, output] of Object.entries(result.outputs)) {
    lines.push(
      output.downloaded
        ? `  output    ${output.path ?? 'stdout'}: ${countOf(output.records, 'record')} (${role})`
        : `  output    ${role} not downloaded: dataset ${output.dataset} kept`,
    );
  }
  if (facts.rejects !== undefined) {
    lines.push(`  refused   ${countOf(facts.rejects.count, 'record')}, written to ${facts.rejects.path}`);
  }
  const { upload, job, download } = result.timings;
  lines.push(`  time      upload ${formatDuration(upload)} · job ${formatDuration(job)} · download ${formatDuration(download)}`);
  if (result.retries > 0) lines.push(`  retries   ${formatCount(result.retries)}`);
  const statistics = statisticsLines(result.statistics, '  ');
  if (statistics.length > 0) lines.push('Statistics', ...statistics);
  return `${lines.join('\n')}\n`;
}

/**
 * The job's statistics, one line per entry; an entry whose values are all numbers (a status
 * count per field, as CleanseContacts reports) fits on one line.
 */
function statisticsLines(statistics: Readonly<Record<string, unknown>>, indent: string): string[] {
  const entries = Object.entries(statistics);
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  const lines: string[] = [];
  for (const [key, value] of entries) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const nested = Object.entries(value as Record<string, unknown>);
      if (nested.every(([, count]) => typeof count === 'number')) {
        lines.push(`${indent}${key.padEnd(width)}  ${nested.map(([name, count]) => `${name} ${displayValue(count)}`).join(' · ')}`);
      } else {
        lines.push(`${indent}${key}`, ...statisticsLines(value as Record<string, unknown>, `${indent}  `));
      }
    } else {
      lines.push(`${indent}${key.padEnd(width)}  ${displayValue(value)}`);
    }
  }
  return lines;
}

/** The dry run's report for people: the problems listed, what each input held, then the count. */
export function dryRunText(report: DryRunReport): string {
  const lines = report.problems.map((problem) => `${describeLocation(problem)}: ${problem.reason}`);
  const unlisted = report.problemCount - report.problems.length;
  if (unlisted > 0) lines.push(`... and ${countOf(unlisted, 'more problem')}, not listed`);
  for (const input of report.inputs) {
    const columns = Object.entries(input.columns).map(([name, type]) => `${name} ${type}`).join(', ');
    lines.push(`Checked ${input.file} (${input.role}): ${countOf(input.records, 'record')}; columns: ${columns || 'none read'}`);
    for (const note of input.notes) lines.push(`Note: ${input.file}: ${note}`);
  }
  const count = report.problemCount;
  lines.push(count === 0 ? 'No problems found; nothing was sent.' : `${countOf(count, 'problem')} found; nothing was sent.`);
  return `${lines.join('\n')}\n`;
}
