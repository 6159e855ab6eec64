/**
 * A local emulator of the Data8 Batch Data Cleansing API: token server, every endpoint of the
 * contract, disk-backed state, workflows, seeded fault injection and test controls.
 *
 * ```ts
 * import { startEmulator } from 'data8-batch/emulator';
 * const emulator = await startEmulator();           // port 0: a free port
 * // emulator.url, emulator.credentials.clientId / clientSecret
 * await emulator.close();
 * ```
 *
 * @packageDocumentation
 */
export { startEmulator } from './lazy-start.js';
export type { EmulatorCore, EmulatorHandle, IssueTokenOptions } from './start.js';
export { DEFAULT_CREDENTIALS } from './options.js';
export type { AccountOptions, ClientCredentials, EmulatorOptions, EmulatorTlsOptions, TimeoutOptions } from './options.js';
export type { FaultControl, FaultOptions, FaultPlan, FaultPlanState, PlannedFault } from './faults/types.js';
export { parseFaultSpec } from './faults/check.js';
export type { JournalEntry } from './controls/journal.js';
export type { AccountSeedInput, ApiKeySeed, CredentialSeed, SecretSeed, SeedDocument, SeedResult } from './controls/seed.js';
export type { DataGroupOptions, EmulatorControls } from './context.js';
export type {
  WorkflowDefinition,
  WorkflowInputRole,
  WorkflowParameter,
  WorkflowRunContext,
  WorkflowRunResult,
} from './workflows/types.js';
export type { JobOutcome, JobScript } from './jobs/job-scripts.js';
export type { JobControls } from './jobs/services.js';
export { DEFAULT_DATAGROUP_CREDENTIALS, DEFAULT_MAX_BODY_BYTES as DATAGROUP_DEFAULT_MAX_BODY_BYTES } from './datagroup/options.js';
export type { DataGroupControls, DataGroupEmulatorOptions, DataGroupEvent, DataGroupBatchInfo } from './datagroup/index.js';
