/**
 * The emulated Data Group asynchronous batch API: a route plugin the emulator server registers
 * with its context (`await dataGroupRoutes(app, ctx)`); settings come from `options.dataGroup`.
 *
 * @packageDocumentation
 */
export { dataGroupRoutes } from './routes.js';
export { appendedEmail } from './append-email.js';
export type { DataGroupControls } from './event-log.js';
export {
  DEFAULT_DATAGROUP_CREDENTIALS,
  DEFAULT_MAX_BODY_BYTES,
  type DataGroupBatchInfo,
  type DataGroupEmulatorOptions,
  type DataGroupEvent,
} from './options.js';
