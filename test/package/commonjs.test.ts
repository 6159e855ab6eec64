/**
 * The README's promise to CommonJS callers: the package is ESM only, and `require('data8-batch')`
 * loads it on Node 20.19+ and 22.12+ (require of ES modules), which needs the package to have no
 * top-level await. Runs the built dist/ through the package's own name and exports.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

test("require('data8-batch') and require('data8-batch/emulator') load the ESM package from CommonJS", (t) => {
  const script = [
    "const main = require('data8-batch');",
    "const emulator = require('data8-batch/emulator');",
    'console.log(typeof main.Data8Client, typeof main.readRecords, typeof emulator.startEmulator);',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: REPO, encoding: 'utf8' });
  t.is(result.status, 0, result.stderr);
  t.is(result.stdout.trim(), 'function function function');
});
