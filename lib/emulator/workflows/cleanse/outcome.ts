/**
 * What cleansing one field gives: its tidied value and a status.
 *
 * @packageDocumentation
 */

/** A field's status column value. */
export type FieldStatus = 'valid' | 'invalid' | 'empty';

/** The cleansed value of one field and its status. */
export interface FieldOutcome {
  readonly value: string;
  readonly status: FieldStatus;
}
