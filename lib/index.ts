/**
 * data8-batch: stream large files through Data8's Batch Data Cleansing API in constant memory.
 *
 * @packageDocumentation
 */
export * from './core/errors.js';
export type * from './core/wire.js';
export * from './core/assumed-values.js';
