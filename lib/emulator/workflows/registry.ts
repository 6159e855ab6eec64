/**
 * The workflows a `POST /Job` may name: the built-in ones and those given to `startEmulator`.
 *
 * @packageDocumentation
 */
import { ConfigError } from '../../core/errors.js';
import { cleanseContactsWorkflow } from './cleanse/cleanse-contacts.js';
import { identityWorkflow } from './identity.js';
import type { WorkflowDefinition } from './types.js';
import { isJsonObject } from '../../core/json-object.js';

/** The workflows every emulator has. */
export const BUILT_IN_WORKFLOWS: readonly WorkflowDefinition[] = Object.freeze([identityWorkflow, cleanseContactsWorkflow]);

/** Checks a user-supplied workflow's shape; throws a `ConfigError` naming what is wrong. */
function checkDefinition(value: unknown, index: number): WorkflowDefinition {
  const where = `workflows[${index}]`;
  if (!isJsonObject(value)) throw new ConfigError(`${where} must be a workflow definition object`);
  if (typeof value['name'] !== 'string' || value['name'] === '') throw new ConfigError(`${where}.name must be a non-empty string`);
  const name = value['name'];
  if (!isJsonObject(value['inputRoles'])) throw new ConfigError(`${where} (${name}).inputRoles must be an object of roles`);
  const outputRoles = value['outputRoles'];
  if (!Array.isArray(outputRoles) || outputRoles.length === 0 || !outputRoles.every((role) => typeof role === 'string' && role !== '')) {
    throw new ConfigError(`${where} (${name}).outputRoles must be a non-empty array of role names`);
  }
  if (typeof value['run'] !== 'function') throw new ConfigError(`${where} (${name}).run must be a function`);
  const parameters = value['parameters'];
  if (parameters !== undefined && (!Array.isArray(parameters) || !parameters.every((p) => isJsonObject(p) && typeof p['name'] === 'string'))) {
    throw new ConfigError(`${where} (${name}).parameters must be an array of { name, required?, default? }`);
  }
  return value as unknown as WorkflowDefinition;
}

/** Checks the `workflows` option of `startEmulator`; throws a `ConfigError` naming what is wrong. */
export function checkWorkflows(userWorkflows: readonly unknown[]): void {
  userWorkflows.forEach(checkDefinition);
}

/** Workflows by name; a user workflow may replace a built-in one of the same name. */
export class WorkflowRegistry {
  readonly #byName = new Map<string, WorkflowDefinition>();

  /** @param userWorkflows the `workflows` option of `startEmulator` */
  constructor(userWorkflows: readonly unknown[] = []) {
    for (const workflow of BUILT_IN_WORKFLOWS) this.#byName.set(workflow.name, workflow);
    userWorkflows.forEach((value, index) => {
      const workflow = checkDefinition(value, index);
      this.#byName.set(workflow.name, workflow);
    });
  }

  /** The workflow called `name`, or `undefined`. */
  get(name: string): WorkflowDefinition | undefined {
    return this.#byName.get(name);
  }

  /** Every workflow name. */
  names(): string[] {
    return [...this.#byName.keys()];
  }
}
