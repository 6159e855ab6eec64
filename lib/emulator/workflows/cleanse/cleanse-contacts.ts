/**
 * The `CleanseContacts` workflow (contract, "Built-in workflows"): input role `Contacts`,
 * output role `Results`, parameter `DefaultCountry` (default `GB`).
 *
 * Of the columns `first_name`, `last_name`, `email`, `phone` and `postcode`, each one the input
 * has is cleansed and gains a `<column>_status` column (`valid`, `invalid` or `empty`); every
 * other column is carried through unchanged. Statistics count the statuses per column:
 * `{ "email": { "valid": 9, "invalid": 1, "empty": 0 }, ..., "records": 10 }`.
 *
 * @packageDocumentation
 */
import type { ColumnMap, DataRecord, RecordValue } from '../../../core/wire.js';
import { ColumnType } from '../../datasets/record-validator.js';
import type { WorkflowDefinition } from '../types.js';
import { cleanseEmail } from './email.js';
import { cleanseName } from './names.js';
import type { FieldOutcome, FieldStatus } from './outcome.js';
import { cleansePhone, isPhoneCountry } from './phone.js';
import { cleansePostcode } from './postcode.js';

type FieldCleanser = (raw: string, defaultCountry: string) => FieldOutcome;

/** The columns this workflow understands, and how each is cleansed. */
const CLEANSERS: Readonly<Record<string, FieldCleanser>> = {
  first_name: cleanseName,
  last_name: cleanseName,
  email: cleanseEmail,
  phone: (raw, country) => (isPhoneCountry(country) ? cleansePhone(raw, country) : { value: raw, status: 'invalid' }),
  postcode: cleansePostcode,
};

const STATUS_SUFFIX = '_status';

function asText(value: RecordValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** The columns of `input` this workflow cleanses. */
function cleansedColumns(input: ColumnMap): string[] {
  return Object.keys(CLEANSERS).filter((column) => Object.hasOwn(input, column));
}

/** Tidies names, emails, UK phone numbers and postcodes, with a status column per field. */
export const cleanseContactsWorkflow: WorkflowDefinition = {
  name: 'CleanseContacts',
  inputRoles: { Contacts: { requiredColumns: [] } },
  parameters: [
    {
      name: 'DefaultCountry',
      default: 'GB',
      validate: (value: string) =>
        isPhoneCountry(value) ? undefined : 'must be an ISO 3166-1 alpha-2 country code, e.g. GB',
    },
  ],
  outputRoles: ['Results'],
  outputColumns: (_role, inputColumns) => {
    const input = inputColumns['Contacts'] ?? {};
    const columns: ColumnMap = { ...input };
    for (const column of cleansedColumns(input)) {
      // A cleansed value is text whatever the input column held (a phone number as a number).
      columns[column] = ColumnType.String;
      columns[`${column}${STATUS_SUFFIX}`] = ColumnType.String;
    }
    return columns;
  },
  run: (inputs, parameters, context) => {
    const contacts = inputs['Contacts'];
    if (contacts === undefined) throw new TypeError('CleanseContacts needs its Contacts role');
    const defaultCountry = parameters['DefaultCountry'] ?? 'GB';
    const fields = cleansedColumns(context.inputColumns['Contacts'] ?? {});
    const counts: Record<string, Record<FieldStatus, number>> = {};
    for (const field of fields) counts[field] = { valid: 0, invalid: 0, empty: 0 };
    let records = 0;

    async function* cleanse(): AsyncGenerator<DataRecord> {
      for await (const record of contacts ?? []) {
        const out: DataRecord = { ...record };
        for (const field of fields) {
          const cleanser = CLEANSERS[field];
          const tally = counts[field];
          if (cleanser === undefined || tally === undefined) continue;
          const outcome = cleanser(asText(record[field]), defaultCountry);
          out[field] = outcome.value === '' ? null : outcome.value;
          out[`${field}${STATUS_SUFFIX}`] = outcome.status;
          tally[outcome.status] += 1;
        }
        records += 1;
        yield out;
      }
    }

    return { outputs: { Results: cleanse() }, statistics: () => ({ ...counts, records }) };
  },
};
