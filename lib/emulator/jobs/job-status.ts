/**
 * Job status codes (contract, "Jobs", JobStatus).
 *
 * @packageDocumentation
 */

/** Job status codes. */
export const JobStatus = Object.freeze({ Queued: 0, Running: 1, Completed: 2, Failed: 3, Cancelled: 4 });

/** True for a status after which nothing changes. */
export function isFinished(status: number): boolean {
  return status === JobStatus.Completed || status === JobStatus.Failed || status === JobStatus.Cancelled;
}
