/**
 * Every `data8-batch ...` command line in the shell blocks of README.md and docs/**\/*.md is run,
 * as written, by bash against a standing emulator: a command the docs show either works or is in
 * the skip-list below with its reason. Found by glob, so a page added later is covered too.
 */
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import test, { type ExecutionContext } from 'ava';
import { parse } from 'csv-parse/sync';
import { DEFAULT_DATAGROUP_CREDENTIALS, startEmulator } from '../lib/emulator/index.js';
import { CANARY_CLIENT, CANARY_SECRET, MAIN, REPO, childEnv } from './cli/helpers/cli.js';

/** Command lines that are not run, each with why. Matched against the line as written. */
const SKIPPED: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  { pattern: /data8-batch emulator\b/, reason: 'a server that runs until Ctrl-C; test/helpers/emulator-process.ts starts and stops it for the restart tests' },
  { pattern: /-w MatchPeople\b/, reason: "a workflow built for one account: the emulator has only Identity and CleanseContacts (its own workflows are a test's business, test/emulator)" },
  { pattern: /DATAGROUP_API_KEY=…/, reason: 'placeholder credentials (…); the line after it in the docs runs the same command' },
  { pattern: /127\.0\.0\.1:PORT/, reason: 'an HTTPS emulator on a port of its own, with a CA file: test/emulator/tls.test.ts runs this' },
  { pattern: /^0 2 \* \* \* /, reason: 'a crontab line, with paths of a server; test/cli/fleet.test.ts runs cleanse processes side by side' },
];

/** Commands that need something on the service first, and the command line that makes it. */
const PREPARED: readonly { readonly pattern: RegExp; readonly before: string }[] = [
  {
    pattern: /datasets upload contacts\b/,
    before: 'data8-batch datasets create contacts -c customer_id:String -c first_name:String -c last_name:String -c email:String -c phone:String -c address:String -c town:String -c postcode:String -c company:String >/dev/null',
  },
];

/** Placeholders in the docs' commands and what a test gives in their place. */
const PLACEHOLDERS: Readonly<Record<string, string>> = { '<client-id>': CANARY_CLIENT };

const SHELL_BLOCK = /^```(?:sh|bash|shell|console)\s*\n([\s\S]*?)^```/gm;

interface DocCommand {
  readonly page: string;
  readonly line: string;
}

async function documentationPages(): Promise<string[]> {
  const docs = path.join(REPO, 'docs');
  const entries = await readdir(docs, { withFileTypes: true, recursive: true }).catch(() => []);
  const pages = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.md')).map((entry) => path.join(entry.parentPath, entry.name));
  return [path.join(REPO, 'README.md'), ...pages.sort()];
}

/** The command lines of a page's shell blocks: continuations joined, comments and non-data8-batch lines left out. */
function commandsOf(page: string, text: string): DocCommand[] {
  const commands: DocCommand[] = [];
  for (const block of text.matchAll(SHELL_BLOCK)) {
    const joined = (block[1] ?? '').replace(/\\\n\s*/g, ' ');
    for (const raw of joined.split('\n')) {
      const line = raw.replace(/\s+#\s.*$/, '').trim();
      if (line === '' || line.startsWith('#')) continue;
      if (!/(^|[\s|;&])(npx )?data8-batch\s|dist\/cli\/main\.js\s/.test(line)) continue;
      commands.push({ page: path.relative(REPO, page), line });
    }
  }
  return commands;
}

const pages = await documentationPages();
const commands = (await Promise.all(pages.map(async (page) => commandsOf(page, await readFile(page, 'utf8'))))).flat();

test('the docs show data8-batch commands, and every skip-list entry still matches one', (t) => {
  t.true(commands.length >= 5, `found ${commands.length} commands`);
  for (const { pattern } of SKIPPED) t.true(commands.some(({ line }) => pattern.test(line)), `the skip-list entry ${String(pattern)} matches no command any more: remove it`);
});

/** The files the docs' commands name, in a fresh directory. */
async function workspace(t: ExecutionContext): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'data8-docs-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const sample = path.join(REPO, 'examples/sample-contacts.csv');
  await mkdir(path.join(directory, 'examples/output'), { recursive: true });
  await mkdir(path.join(directory, 'bin'));
  const text = await readFile(sample, 'utf8');
  const [header = '', ...rows] = text.trimEnd().split('\n').slice(0, 201);
  const small = `${header}\n${rows.join('\n')}\n`;
  const records = parse<Record<string, string>>(small, { columns: true });
  const ndjson = records.map((record) => JSON.stringify(record)).join('\n');
  await Promise.all([
    copyFile(sample, path.join(directory, 'examples/sample-contacts.csv')),
    writeFile(path.join(directory, 'contacts.csv'), small),
    writeFile(path.join(directory, 'big.csv'), small),
    writeFile(path.join(directory, 'in.csv'), small),
    // docs/file-formats.md: an Excel export from a German office.
    writeFile(path.join(directory, 'export.csv'), 'Name;E-Mail;Telefon;Ort\r\nAnna Müller;anna@example.de;+49 30 1234567;Berlin\r\nJörg Weiß;joerg@example.de;+49 89 7654321;München\r\n'),
    writeFile(path.join(directory, 'contacts.ndjson.gz'), gzipSync(`${ndjson}\n`)),
    writeFile(path.join(directory, 'contacts.csv.gz'), gzipSync(small)),
    writeFile(path.join(directory, 'bin/data8-batch'), `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`),
  ]);
  await chmod(path.join(directory, 'bin/data8-batch'), 0o755);
  return directory;
}

for (const { page, line } of commands) {
  const skipped = SKIPPED.find(({ pattern }) => pattern.test(line));
  if (skipped !== undefined) {
    test(`${page}: ${line} (not run: ${skipped.reason})`, (t) => t.pass());
    continue;
  }
  // One at a time: each starts the command (and some an embedded emulator), on a shared machine.
  test.serial(`${page}: ${line}`, async (t) => {
    const emulator = await startEmulator({ credentials: { clientId: CANARY_CLIENT, clientSecret: CANARY_SECRET }, dataGroup: { ...DEFAULT_DATAGROUP_CREDENTIALS } });
    t.teardown(() => emulator.close());
    const directory = await workspace(t);
    let command = line.replace(/\bnpx data8-batch\b/g, 'data8-batch').replace(/\bnode dist\/cli\/main\.js\b/g, 'data8-batch');
    for (const [placeholder, value] of Object.entries(PLACEHOLDERS)) command = command.replaceAll(placeholder, value);
    const env = childEnv({
      PATH: `${path.join(directory, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      DATA8_API_URL: emulator.url,
      DATA8_AUTH_URL: emulator.url,
      DATA8_CLIENT_ID: CANARY_CLIENT,
      DATA8_CLIENT_SECRET: CANARY_SECRET,
      DATAGROUP_URL: emulator.url,
      DATAGROUP_API_KEY: DEFAULT_DATAGROUP_CREDENTIALS.apiKey,
      DATAGROUP_TOKEN: DEFAULT_DATAGROUP_CREDENTIALS.token,
    });
    const before = PREPARED.filter(({ pattern }) => pattern.test(command)).map((prepared) => `${prepared.before} && `).join('');
    const run = promisify(execFile)('bash', ['-o', 'pipefail', '-c', before + command], { cwd: directory, env, maxBuffer: 64 * 1024 * 1024 });
    const result = await run.then(
      (done) => ({ code: 0, stderr: done.stderr }),
      (error: unknown) => {
        const failed = error as { code?: number; stderr?: string };
        return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
      },
    );
    t.is(result.code, 0, `${command}\n${result.stderr.slice(-3000)}`);
  });
}
