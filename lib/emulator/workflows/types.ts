/**
 * What a workflow is (contract, "What the emulator adds": a name, input roles with required
 * columns, parameters, output roles, and a function over async iterables of records).
 *
 * @packageDocumentation
 */
import type { ColumnMap, DataRecord } from '../../core/wire.js';

/** One input role of a workflow. */
export interface WorkflowInputRole {
  /** Columns the role's dataset must have; it may have others, which are carried through. @default [] */
  readonly requiredColumns?: readonly string[];
}

/** One parameter of a workflow. Parameter values travel as strings. */
export interface WorkflowParameter {
  readonly name: string;
  /** A job without it is refused (`400`). @default false */
  readonly required?: boolean;
  /** The value when the job does not give one. */
  readonly default?: string;
  /** Answers why `value` is not acceptable, or `undefined` when it is. */
  readonly validate?: (value: string) => string | undefined;
}

/** What a workflow's {@link WorkflowDefinition.run} is given besides its inputs. */
export interface WorkflowRunContext {
  /** The job's name. */
  readonly jobName: string;
  /** Columns of each input role's dataset. */
  readonly inputColumns: Readonly<Record<string, ColumnMap>>;
  /** Aborted when the job is cancelled or the emulator closes. */
  readonly signal: AbortSignal;
}

/** What {@link WorkflowDefinition.run} answers. */
export interface WorkflowRunResult {
  /** One async iterable of records per output role; the emulator drains them concurrently. */
  readonly outputs: Readonly<Record<string, AsyncIterable<DataRecord>>>;
  /** Read once every output is drained; becomes the job's `statistics`. */
  readonly statistics?: () => Record<string, unknown>;
}

/** A workflow the emulator can run. */
export interface WorkflowDefinition {
  /** The `workflowName` of `POST /Job`. */
  readonly name: string;
  /** Input roles by name. */
  readonly inputRoles: Readonly<Record<string, WorkflowInputRole>>;
  /** Parameters. @default [] */
  readonly parameters?: readonly WorkflowParameter[];
  /** Output role names; one output dataset is created per role when a job starts. */
  readonly outputRoles: readonly string[];
  /**
   * The columns of an output role's dataset.
   * @default the columns of every input dataset, merged in role order
   */
  readonly outputColumns?: (
    role: string,
    inputColumns: Readonly<Record<string, ColumnMap>>,
    parameters: Readonly<Record<string, string>>,
  ) => ColumnMap;
  /**
   * Processes the job: reads the inputs (records of each role in ascending block number, then
   * upload order) and answers the outputs. Every output record must fit its role's columns.
   */
  readonly run: (
    inputs: Readonly<Record<string, AsyncIterable<DataRecord>>>,
    parameters: Readonly<Record<string, string>>,
    context: WorkflowRunContext,
  ) => WorkflowRunResult | Promise<WorkflowRunResult>;
}
