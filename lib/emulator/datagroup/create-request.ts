/**
 * Checks a `POST .../batch` body: `{ "data": [records], "output_format"?, "notification_URL"?,
 * "notification_method"? }`.
 *
 * @packageDocumentation
 */
import { notificationUrlProblem } from './notification.js';
import { isJsonObject } from '../../core/json-object.js';

/** A body that passed every check. */
export interface CreateBatchRequest {
  readonly recordCount: number;
  readonly notification?: { readonly url: string; readonly method: 'GET' | 'POST' } | undefined;
}

/** Why a body was refused: the field (or `body`) and what is wrong with it. */
export interface CreateBatchRefusal {
  readonly errors: Record<string, string[]>;
  readonly detail: string;
}

const MAX_REPORTED_RECORDS = 10;

function refuse(field: string, message: string): CreateBatchRefusal {
  return { errors: { [field]: [message] }, detail: `${field} ${message}` };
}

/** The refusal of a body that is not JSON. */
export function invalidJson(error: unknown): CreateBatchRefusal {
  return refuse('body', `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
}

/** Checks a parsed body; `allowHttp` admits http notification URLs to loopback hosts. */
export function readCreateBatchBody(parsed: unknown, allowHttp: boolean): CreateBatchRequest | CreateBatchRefusal {
  if (!isJsonObject(parsed)) return refuse('body', 'must be a JSON object with a data array');
  const fields = parsed;
  const data = fields.data;
  if (!Array.isArray(data)) return refuse('data', 'is required and must be an array of records');
  if (data.length === 0) return refuse('data', 'must hold at least one record');
  const badRecords = data.flatMap((record, index) => (isJsonObject(record) ? [] : [index])).slice(0, MAX_REPORTED_RECORDS);
  if (badRecords.length > 0) {
    const errors = Object.fromEntries(badRecords.map((index) => [`data[${index}]`, ['must be a JSON object']]));
    return { errors, detail: `data[${badRecords[0] ?? 0}] must be a JSON object` };
  }
  if (fields.output_format !== undefined && typeof fields.output_format !== 'string') {
    return refuse('output_format', 'must be a string');
  }
  const url = fields.notification_URL;
  const method = fields.notification_method;
  if (url === undefined || url === null) return { recordCount: data.length };
  const urlProblem = notificationUrlProblem(url, allowHttp);
  if (urlProblem !== undefined) return refuse('notification_URL', urlProblem);
  if (method === undefined || method === null) return refuse('notification_method', 'is required with a notification_URL (GET or POST)');
  if (method !== 'GET' && method !== 'POST') return refuse('notification_method', 'must be GET or POST');
  return { recordCount: data.length, notification: { url: url as string, method } };
}
