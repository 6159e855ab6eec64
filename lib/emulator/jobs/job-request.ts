/**
 * Checks a `POST /Job` body against the workflows and the account's datasets (contract,
 * "Jobs": `400` bad name, unknown workflow, missing or unknown input role, input dataset
 * missing, incomplete or not an input dataset, missing or invalid parameter; `409` name taken).
 *
 * @packageDocumentation
 */
import type { FieldErrors } from '../problems.js';
import { conflict, validationFailed } from '../problems.js';
import type { AccountDatasets, StoredDataset } from '../storage/dataset-store.js';
import type { WorkflowRegistry } from '../workflows/registry.js';
import type { WorkflowDefinition } from '../workflows/types.js';
import { jobNameProblem } from './job-names.js';
import { isJsonObject } from '../../core/json-object.js';

/** A `POST /Job` that passed every check. */
export interface AcceptedJobRequest {
  readonly name: string;
  readonly workflow: WorkflowDefinition;
  readonly inputs: Readonly<Record<string, StoredDataset>>;
  /** Every parameter of the workflow that has a value (given or default). */
  readonly parameters: Readonly<Record<string, string>>;
  readonly inputFilename: string | null;
}

function add(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

function checkInputs(workflow: WorkflowDefinition, given: unknown, datasets: AccountDatasets, errors: FieldErrors): Record<string, StoredDataset> {
  const inputs: Record<string, StoredDataset> = {};
  if (!isJsonObject(given)) {
    add(errors, 'inputDatasets', 'must be an object of input role → dataset name');
    return inputs;
  }
  for (const role of Object.keys(given)) {
    if (!Object.hasOwn(workflow.inputRoles, role)) {
      add(errors, `inputDatasets.${role}`, `is not an input role of ${workflow.name} (roles: ${Object.keys(workflow.inputRoles).join(', ')})`);
    }
  }
  for (const [role, spec] of Object.entries(workflow.inputRoles)) {
    const field = `inputDatasets.${role}`;
    const name = given[role];
    if (name === undefined || name === null) {
      add(errors, field, `is required by ${workflow.name}`);
      continue;
    }
    if (typeof name !== 'string') {
      add(errors, field, 'must be a dataset name');
      continue;
    }
    const dataset = datasets.get(name);
    if (dataset === undefined) add(errors, field, `dataset "${name}" does not exist`);
    else if (!dataset.input) add(errors, field, `dataset "${name}" is an output dataset; a job reads input datasets`);
    else if (!dataset.completed) add(errors, field, `dataset "${name}" is not complete (PUT /Dataset/${name} first)`);
    else {
      const missing = (spec.requiredColumns ?? []).filter((column) => !Object.hasOwn(dataset.columns, column));
      if (missing.length > 0) add(errors, field, `dataset "${name}" lacks the column(s) ${workflow.name} needs: ${missing.join(', ')}`);
      else inputs[role] = dataset;
    }
  }
  return inputs;
}

function checkParameters(workflow: WorkflowDefinition, given: unknown, errors: FieldErrors): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (given !== undefined && given !== null && !isJsonObject(given)) {
    add(errors, 'parameters', 'must be an object of parameter name → string value');
    return parameters;
  }
  const values = isJsonObject(given) ? given : {};
  const declared = workflow.parameters ?? [];
  for (const name of Object.keys(values)) {
    if (!declared.some((parameter) => parameter.name === name)) {
      const known = declared.map((parameter) => parameter.name).join(', ') || 'none';
      add(errors, `parameters.${name}`, `is not a parameter of ${workflow.name} (parameters: ${known})`);
    }
  }
  for (const parameter of declared) {
    const field = `parameters.${parameter.name}`;
    const value = values[parameter.name] ?? parameter.default;
    if (value === undefined) {
      if (parameter.required === true) add(errors, field, `is required by ${workflow.name}`);
      continue;
    }
    if (typeof value !== 'string') {
      add(errors, field, 'must be a string');
      continue;
    }
    const problem = parameter.validate?.(value);
    if (problem === undefined) parameters[parameter.name] = value;
    else add(errors, field, problem);
  }
  return parameters;
}

/** Checks `body`; throws a `400` or `409` {@link ProblemError} or answers the accepted request. */
export function checkJobRequest(
  body: unknown,
  workflows: WorkflowRegistry,
  datasets: AccountDatasets,
  isJobNameTaken: (name: string) => boolean,
): AcceptedJobRequest {
  if (!isJsonObject(body)) throw validationFailed({ '': ['the body must be a JSON object'] });
  const errors: FieldErrors = {};
  const nameProblem = jobNameProblem(body['name']);
  if (nameProblem !== undefined) add(errors, 'name', nameProblem);
  else if (isJobNameTaken(body['name'] as string)) throw conflict(`Job "${body['name'] as string}" already exists.`);
  const inputFilename = body['inputFilename'] ?? null;
  if (inputFilename !== null && typeof inputFilename !== 'string') add(errors, 'inputFilename', 'must be a string');
  const workflowName = body['workflowName'];
  const workflow = typeof workflowName === 'string' ? workflows.get(workflowName) : undefined;
  if (workflow === undefined) {
    const message =
      typeof workflowName === 'string' ? `unknown workflow "${workflowName}"` : 'must be the name of a workflow';
    add(errors, 'workflowName', `${message} (workflows: ${workflows.names().join(', ')})`);
    throw validationFailed(errors);
  }
  const inputs = checkInputs(workflow, body['inputDatasets'], datasets, errors);
  const parameters = checkParameters(workflow, body['parameters'], errors);
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
  return { name: body['name'] as string, workflow, inputs, parameters, inputFilename: inputFilename as string | null };
}
