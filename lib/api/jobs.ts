/**
 * `/Job`: starting jobs, following their progress, listing them.
 */
import type { AssumedValues } from '../core/assumed-values.js';
import type { Job, JobRef, StartJobRequest } from '../core/wire.js';
import type { CallOptions, Transport } from '../transport/transport.js';
import { paginate } from './paginate.js';
import { segment, withQuery } from './paths.js';
import { includesEntries, sameJson } from './same-resource.js';

/** Which jobs `list` returns. Dates are sent as ISO 8601 UTC. */
export interface JobListFilter {
  /** Only jobs of this workflow. */
  readonly workflow?: string;
  /** Only jobs submitted at or after this date. */
  readonly startDate?: Date | string;
  /** Only jobs submitted at or before this date. */
  readonly endDate?: Date | string;
}

/** Whether `job` is what `request` would have started (the server may add parameter defaults). */
export function isJobStartedBy(job: Job, request: StartJobRequest): boolean {
  return (
    job.name === request.name &&
    job.workflowName === request.workflowName &&
    sameJson(job.inputDatasets, request.inputDatasets) &&
    includesEntries(job.parameters, request.parameters) &&
    (request.inputFilename === undefined || job.inputFilename === request.inputFilename)
  );
}

/** The jobs of the account. */
export class JobsApi {
  readonly #transport: Transport;
  readonly #values: AssumedValues;

  constructor(transport: Transport, values: AssumedValues) {
    this.#transport = transport;
    this.#values = values;
  }

  /** Every job matching `filter`, most recent first, fetched a page at a time as the iteration goes. */
  list(filter: JobListFilter = {}, options: CallOptions = {}): AsyncIterable<JobRef> {
    const { workflow, startDate, endDate } = filter;
    return paginate(
      (page) => this.#transport.request<JobRef[]>({ method: 'GET', path: withQuery('Job', { page, workflow, startDate, endDate }) }, options),
      this.#values.jobsPerPage,
      (job) => job.name,
    );
  }

  /**
   * Starts a job. A retried start that meets 409 succeeds when the job found is the one
   * requested (same workflow, inputs and parameters): an earlier attempt started it.
   */
  start(request: StartJobRequest, options: CallOptions = {}): Promise<Job> {
    return this.#transport.request<Job>(
      {
        method: 'POST',
        path: 'Job',
        json: request,
        idempotent: true,
        afterRetry: async (error, signal) => {
          if (error.status !== 409) return undefined;
          const found = await this.get(request.name, { signal });
          return isJobStartedBy(found, request) ? { value: found } : undefined;
        },
      },
      options,
    );
  }

  /** The job, with its status and progress. */
  get(name: string, options: CallOptions = {}): Promise<Job> {
    return this.#transport.request<Job>({ method: 'GET', path: `Job/${segment(name)}` }, options);
  }
}
