/**
 * `cleanse --dry-run`: reads every input as a run would, checks each value against the column
 * type it would be uploaded as, and reports every problem with its line. Sends nothing and
 * needs no credentials.
 *
 * Two passes over a file: the first settles the columns and types exactly as the upload would
 * (header mapping, declared and inferred types); the second reads the values as text and tries
 * each against its type, so one bad value does not hide the next. A problem in the file's
 * structure (an unclosed quote, a ragged row, bytes that are not UTF-8) ends the check of that
 * file at its line: what follows cannot be read reliably. Stdin can be read only once, so it
 * gets one pass that stops at the first problem.
 *
 * @packageDocumentation
 */
import { noRecordsError } from '../../cleanse/empty-input.js';
import { InputError } from '../../core/errors.js';
import type { DataRecord } from '../../core/wire.js';
import { INVALID, converterFor, describeMismatch, type ColumnTypeName } from '../../formats/column-types.js';
import { readRecords } from '../../formats/read-records.js';
import type { RecordSchema } from '../../formats/schema.js';
import { STDIO } from '../commands/input-files.js';
import { readOptionsOf, type CleansePlan, type PlannedInput } from './plan.js';

/** One problem, where it is and why. */
export interface DryRunProblem {
  readonly file: string;
  readonly line?: number | undefined;
  readonly record?: number | undefined;
  readonly column?: string | number | undefined;
  readonly reason: string;
}

/** What a dry run found in one input. */
export interface DryRunInput {
  readonly role: string;
  readonly file: string;
  /** Records read (up to a structural problem). */
  readonly records: number;
  /** Column name → type, as they would be uploaded (empty when the header could not be read). */
  readonly columns: Readonly<Record<string, ColumnTypeName>>;
  /** What the reader decided while settling the columns (the schema's notes), once per input. */
  readonly notes: readonly string[];
}

/** The dry run's findings. */
export interface DryRunReport {
  readonly inputs: readonly DryRunInput[];
  /** The first {@link MAX_LISTED_PROBLEMS} problems, in the order found. */
  readonly problems: readonly DryRunProblem[];
  /** Every problem found, listed or not. */
  readonly problemCount: number;
}

/**
 * Problems kept for the report. A file with one mistyped column over millions of rows would
 * otherwise hold a problem per row: the rest are counted, so memory stays bounded.
 */
export const MAX_LISTED_PROBLEMS = 1000;

/** Checks every input of the plan. */
export async function dryRun(plan: CleansePlan, signal: AbortSignal): Promise<DryRunReport> {
  const inputs: DryRunInput[] = [];
  const problems: DryRunProblem[] = [];
  let problemCount = 0;
  const report = (problem: DryRunProblem): void => {
    problemCount++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(problem);
  };
  for (const input of plan.inputs) inputs.push(await checkInput(plan, input, signal, report));
  return { inputs, problems, problemCount };
}

async function checkInput(plan: CleansePlan, input: PlannedInput, signal: AbortSignal, report: (problem: DryRunProblem) => void): Promise<DryRunInput> {
  const base = { role: input.role, file: input.fileName };
  const options = { ...readOptionsOf(plan, input), signal };
  if (input.path === STDIO) {
    const reader = readRecords(process.stdin, options);
    let records = 0;
    try {
      for await (const _record of reader) records++;
      if (records === 0) report(problemOf(noRecordsError(reader.file, reader.format, options), input));
    } catch (error) {
      report(problemOf(error, input));
    }
    return { ...base, records, columns: columnsOf(reader.schema), notes: reader.schema?.notes ?? [] };
  }
  const schemaReader = readRecords(input.path, options);
  // Only the schema is wanted: a problem further on is the second pass's to report.
  schemaReader.on('error', () => undefined);
  let schema: RecordSchema;
  try {
    schema = await schemaReader.whenSchema();
  } catch (error) {
    report(problemOf(error, input));
    return { ...base, records: 0, columns: {}, notes: [] };
  } finally {
    schemaReader.destroy();
  }
  const typed = schema.columns.filter((column) => column.type !== 'String');
  const raw = readRecords(input.path, { ...options, columns: undefined, inferTypes: false, output: 'numbered' });
  let records = 0;
  try {
    for await (const { record, line, recordNumber } of raw) {
      records++;
      for (const column of typed) {
        const reason = mismatch(record, column.name, column.type);
        if (reason !== undefined) report({ file: input.fileName, line, record: recordNumber, column: column.header, reason });
      }
    }
    // The run refuses an input with no records, so the dry run says so too.
    if (records === 0) report(problemOf(noRecordsError(raw.file, raw.format, options), input));
  } catch (error) {
    report(problemOf(error, input));
  }
  return { ...base, records, columns: columnsOf(schema), notes: schema.notes ?? [] };
}

/** Why a text value cannot become its column's type, or `undefined` when it can. */
function mismatch(record: DataRecord, column: string, type: ColumnTypeName): string | undefined {
  const value = record[column];
  if (value === null || value === undefined || value === '') return undefined;
  const convert = converterFor(type);
  if (convert === undefined || typeof value !== 'string') return undefined;
  return convert(value) === INVALID ? describeMismatch(value, type) : undefined;
}

function columnsOf(schema: RecordSchema | undefined): Record<string, ColumnTypeName> {
  return Object.fromEntries((schema?.columns ?? []).map((column) => [column.name, column.type]));
}

function problemOf(error: unknown, input: PlannedInput): DryRunProblem {
  if (error instanceof InputError) {
    return { file: error.file ?? input.fileName, line: error.line, record: error.record, column: error.column, reason: error.reason };
  }
  throw error;
}
