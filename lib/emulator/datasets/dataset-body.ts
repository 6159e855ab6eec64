/**
 * Checks the bodies of `POST /Dataset`, `PUT /Dataset/{name}` and `PATCH /Dataset/{name}/data`
 * (contract, "Datasets"), answering `400` problems whose `errors` name the field.
 *
 * @packageDocumentation
 */
import type { ColumnMap } from '../../core/wire.js';
import type { FieldErrors } from '../problems.js';
import { invalidField, validationFailed } from '../problems.js';
import { nameProblem } from './names.js';
import { isColumnTypeCode } from './record-validator.js';
import { isJsonObject } from '../../core/json-object.js';

/** The most records one block may carry. */
export const MAX_BLOCK_RECORDS = 1000;

const TYPE_CODES = '0 String, 1 Integer, 2 Decimal, 3 Boolean, 4 DateTime';

function requireObject(body: unknown): Record<string, unknown> {
  if (!isJsonObject(body)) throw invalidField('body', 'must be a JSON object');
  return body;
}

/** A checked `POST /Dataset` body. */
export function checkCreateBody(body: unknown): { name: string; columns: ColumnMap } {
  const { name, columns } = requireObject(body);
  const errors: FieldErrors = {};
  const problem = nameProblem(name);
  if (problem !== undefined) errors['name'] = [problem];
  if (!isJsonObject(columns)) errors['columns'] = ['must be an object of column name → column type code'];
  else if (Object.keys(columns).length === 0) errors['columns'] = ['must hold at least one column'];
  else {
    for (const [column, code] of Object.entries(columns)) {
      const messages: string[] = [];
      const columnProblem = nameProblem(column);
      if (columnProblem !== undefined) messages.push(`is not a valid column name: it ${columnProblem}`);
      if (!isColumnTypeCode(code)) messages.push(`has type ${JSON.stringify(code)}; a column type is one of ${TYPE_CODES}`);
      if (messages.length > 0) errors[`columns.${column}`] = messages;
    }
  }
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
  return { name: name as string, columns: columns as ColumnMap };
}

/** A checked `PUT /Dataset/{name}` body: the record count the client counted. */
export function checkCompleteBody(body: unknown): number {
  const { recordCount, completed } = requireObject(body);
  const errors: FieldErrors = {};
  if (typeof recordCount !== 'number' || !Number.isSafeInteger(recordCount) || recordCount < 0) {
    errors['recordCount'] = ['must be a whole number ≥ 0'];
  }
  if (completed !== true) errors['completed'] = ['must be true: a dataset can only be marked complete'];
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
  return recordCount as number;
}

/** A checked `PATCH /Dataset/{name}/data` body (the records are checked by the dataset's validator). */
export function checkBlockBody(body: unknown): { blockNumber: number; records: unknown[] } {
  const { blockNumber, records } = requireObject(body);
  const errors: FieldErrors = {};
  if (typeof blockNumber !== 'number' || !Number.isSafeInteger(blockNumber) || blockNumber < 0) {
    errors['blockNumber'] = ['must be a whole number ≥ 0'];
  }
  if (!Array.isArray(records)) errors['records'] = ['must be an array of records'];
  else if (records.length === 0 || records.length > MAX_BLOCK_RECORDS) {
    errors['records'] = [`must hold 1 to ${MAX_BLOCK_RECORDS} records (got ${records.length})`];
  }
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
  return { blockNumber: blockNumber as number, records: records as unknown[] };
}
