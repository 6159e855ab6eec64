/**
 * The `Identity` workflow (contract, "Built-in workflows"): input role `Input`, output role
 * `Output`; copies every record, in order.
 *
 * @packageDocumentation
 */
import type { WorkflowDefinition } from './types.js';

/** Copies its `Input` dataset to its `Output` dataset, record for record. */
export const identityWorkflow: WorkflowDefinition = {
  name: 'Identity',
  inputRoles: { Input: {} },
  parameters: [],
  outputRoles: ['Output'],
  outputColumns: (_role, inputColumns) => ({ ...inputColumns['Input'] }),
  run: (inputs) => {
    const input = inputs['Input'];
    if (input === undefined) throw new TypeError('Identity needs its Input role');
    return { outputs: { Output: input } };
  },
};
