// A CommonJS TypeScript project (module nodenext, package "type": "commonjs"): the package is
// ESM, reached with import() (any Node version) or require() (Node 20.19+ / 22.12+, TS 5.8+).
import type { DataRecord } from 'data8-batch' with { 'resolution-mode': 'import' };

export async function firstRecord(file: string): Promise<DataRecord | undefined> {
  const { readRecords } = await import('data8-batch');
  for await (const record of readRecords(file)) return record;
  return undefined;
}
