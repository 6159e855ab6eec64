/**
 * A local emulator of the Data8 Batch Data Cleansing API.
 *
 * @packageDocumentation
 */
export {};
