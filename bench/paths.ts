/**
 * Where the bench keeps things. The bench also runs compiled (from `bench/data/build/`, so the
 * clients it measures carry no TypeScript loader), hence paths are found from the repository root.
 */
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

function repositoryRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

export const ROOT = repositoryRoot();
/** Generated data, outputs and the compiled bench (git-ignored). */
export const DATA_DIR = join(ROOT, 'bench', 'data');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');

/** `.ts` when running through tsx, `.js` when compiled. */
const OWN_EXTENSION = extname(import.meta.filename);

/** A file of the bench (`emulator-main`, `scenarios/naive`), in the form (source or compiled) this process runs from. */
export function benchPath(name: string): string {
  return join(import.meta.dirname, `${name}${OWN_EXTENSION}`);
}

/** The file of scenario `name`. */
export function scenarioPath(name: string): string {
  return benchPath(join('scenarios', name));
}

/** Node options a child needs to run a file of the bench in the same form. */
export const CHILD_LOADER: readonly string[] = OWN_EXTENSION === '.ts' ? ['--import', 'tsx'] : [];
