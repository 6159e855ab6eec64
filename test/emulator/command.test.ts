import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const cli = fileURLToPath(new URL('../../lib/cli/main.ts', import.meta.url));

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'emulator', ...args], {
    env: { ...process.env, DATA8_CLIENT_ID: '', DATA8_CLIENT_SECRET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const end = stdout.indexOf('\n');
      if (end >= 0) resolve(stdout.slice(0, end));
    });
    child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
  });
  firstLine.catch(() => undefined); // tests that expect an early exit never await it
  return { child, firstLine, output: () => ({ stdout, stderr }) };
}

test('prints its address first, serves with the given faults and seed, and stops on SIGTERM', async (t) => {
  const canary = 'canary-secret-7f3a';
  const { child, firstLine, output } = run(['--port', '0', '--faults', '429=1', '--seed', '3', '--token-ttl', '60'], {
    DATA8_CLIENT_ID: 'ci-client',
    DATA8_CLIENT_SECRET: canary,
  });
  const line = await firstLine;
  const match = /^data8-batch emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
  t.truthy(match, line);
  const url = match![1]!;
  const token = await fetch(`${url}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'ci-client', client_secret: canary }),
  });
  t.is(token.status, 200);
  const { access_token: accessToken, expires_in: expiresIn } = (await token.json()) as { access_token: string; expires_in: number };
  t.is(expiresIn, 60);
  const limited = await fetch(`${url}/ApiKey`, { headers: { authorization: `Bearer ${accessToken}` } });
  t.is(limited.status, 429);
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  t.is(code, 0);
  const { stdout } = output();
  t.regex(stdout, /seed: 3\n/);
  t.regex(stdout, /data8-batch emulator stopped\n$/);
  t.false(stdout.includes(canary), 'the secret is never printed');
});

test('bad flags are usage errors: a message naming the flag and exit code 2', async (t) => {
  for (const [args, message] of [
    [['--port', 'eighty'], /'--port <port>' argument 'eighty' is invalid\. expected a whole number from 0 to 65535/],
    [['--port', '70000'], /expected a whole number from 0 to 65535, got "70000"/],
    [['--faults', '429=2'], /'--faults <spec>' argument '429=2' is invalid\. faults\.rate429/],
    [['--client-secret', 'x'], /unknown option '--client-secret'/],
  ] as const) {
    const { child, output } = run([...args]);
    const [code] = (await once(child, 'exit')) as [number | null];
    t.is(code, 2, args.join(' '));
    t.regex(output().stderr, message);
  }
});
