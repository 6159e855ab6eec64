#!/usr/bin/env node
/**
 * The installed `data8-batch` command. `--version` is answered here, before the program and
 * its dependencies load (scripts and version checks call it often and it should cost no more
 * than starting Node); everything else is the program in main.ts.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${version}\n`);
} else {
  await import('./main.js');
}
