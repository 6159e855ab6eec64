/**
 * Dates as people write them (--expires, --expires-on) and the guard rails on cutting off the
 * credential a command is authenticated with, through the CLI process.
 */
import test from 'ava';
import { CANARY_CLIENT, assertNoSecret, explain, runCli, useEmulator, type CliResult } from './helpers/cli.js';

async function ok(t: import('ava').ExecutionContext, env: Record<string, string>, args: readonly string[]): Promise<CliResult> {
  const result = await runCli(args, { env });
  t.is(result.code, 0, explain(result));
  assertNoSecret(t, result);
  return result;
}

test('--expires and --expires-on take a date (the end of that day, UTC) or a date-time with its offset', async (t) => {
  const { env } = await useEmulator(t);
  const { clientId } = JSON.parse((await ok(t, env, ['credentials', 'create', '-d', 'nightly', '--json'])).stdout) as { clientId: string };
  const secret = JSON.parse((await ok(t, env, ['credentials', 'secrets', 'create', clientId, '--expires', '2027-12-31', '-d', 'cron', '--json'])).stdout) as {
    clientSecretId: number;
    expires: string;
  };
  t.is(Date.parse(secret.expires), Date.parse('2027-12-31T23:59:59Z'));
  await ok(t, env, ['credentials', 'secrets', 'update', clientId, String(secret.clientSecretId), '--expires', '2028-06-30T12:00:00+02:00']);
  const shown = JSON.parse((await ok(t, env, ['credentials', 'secrets', 'show', clientId, String(secret.clientSecretId), '--json'])).stdout) as { expires: string };
  t.is(Date.parse(shown.expires), Date.parse('2028-06-30T10:00:00Z'));

  const { key } = JSON.parse((await ok(t, env, ['keys', 'create', '-d', 'form', '--expires-on', '2027-01-01', '--json'])).stdout) as { key: string };
  await ok(t, env, ['keys', 'update', key, '--expires-on', '2027-01-02']);
  const keys = JSON.parse((await ok(t, env, ['keys', 'list', '--json'])).stdout) as { key: string; expiresOn: string }[];
  t.is(Date.parse(keys.find((entry) => entry.key === key)?.expiresOn ?? ''), Date.parse('2027-01-02T23:59:59Z'));

  const help = await ok(t, env, ['credentials', 'secrets', 'create', '--help']);
  t.regex(help.stdout.replace(/\s+/g, ' '), /a date \(2027-12-31: the end of that day, 23:59:59 UTC\)/);
});

test('dates that are not dates are usage errors naming the flag, before anything is sent', async (t) => {
  const { env, emulator } = await useEmulator(t);
  const cases: [string, RegExp][] = [
    ['2027-02-30', /"2027-02-30" is not a date in the calendar/],
    ['2027-12-31T12:00', /a date-time needs its offset: add Z for UTC/],
    ['next tuesday', /expected a date \(2027-12-31: the end of that day, 23:59:59 UTC\) or a date-time with its offset/],
  ];
  for (const [value, message] of cases) {
    const result = await runCli(['credentials', 'secrets', 'create', CANARY_CLIENT, '--expires', value, '-d', 'x'], { env });
    t.is(result.code, 2, explain(result));
    t.regex(result.stderr, /--expires/);
    t.regex(result.stderr, message);
  }
  t.is(emulator.journal().length, 0, 'nothing was sent');
});

test('deleting the credential (or a secret of the credential) in use needs --yes; other credentials do not', async (t) => {
  const { env, emulator } = await useEmulator(t);
  const secrets = JSON.parse((await ok(t, env, ['credentials', 'secrets', 'list', CANARY_CLIENT, '--json'])).stdout) as { clientSecretId: number }[];
  const secretId = String(secrets[0]?.clientSecretId);
  const sentBefore = emulator.journal().length;
  const refusals = [
    ['credentials', 'delete', CANARY_CLIENT],
    ['credentials', 'secrets', 'delete', CANARY_CLIENT, secretId],
    ['credentials', 'secrets', 'update', CANARY_CLIENT, secretId, '--expires', '2020-01-01'],
  ];
  for (const args of refusals) {
    const refused = await runCli(args, { env });
    t.is(refused.code, 2, explain(refused));
    t.regex(refused.stderr, new RegExp(`client credential ${CANARY_CLIENT} is the one this command is authenticated with .+Nothing was sent: rerun with --yes`, 's'));
  }
  t.is(emulator.journal().length, sentBefore, 'nothing was sent');
  await ok(t, env, ['credentials', 'list']);

  const { clientId } = JSON.parse((await ok(t, env, ['credentials', 'create', '-d', 'spare', '--json'])).stdout) as { clientId: string };
  await ok(t, env, ['credentials', 'delete', clientId]);

  const deleted = await ok(t, env, ['credentials', 'delete', CANARY_CLIENT, '--yes']);
  t.regex(deleted.stdout, new RegExp(`Deleted client credential ${CANARY_CLIENT}`));
  const after = await runCli(['credentials', 'list'], { env });
  t.not(after.code, 0, 'the credential in use is gone, as the refusal warned');
});
