import test from 'ava';
import { once } from 'node:events';
import path from 'node:path';
import { csvRows, writeAwkwardCsv } from '../helpers/record-files.js';
import { assertNoSecret, CANARY_SECRET, explain, runCli, startCli, useEmulator, useTempDir } from './helpers/cli.js';

test('the steps by hand: datasets create, upload --complete, jobs start and wait, datasets download', async (t) => {
  const { env } = await useEmulator(t);
  const directory = await useTempDir(t);
  const input = path.join(directory, 'in.csv');
  const output = path.join(directory, 'out.csv');
  await writeAwkwardCsv(input, 1_500);
  const columns = ['id', 'first_name', 'last_name', 'e_mail', 'phone', 'note', 'amount'].flatMap((column) => ['-c', column]);
  const steps = [
    ['datasets', 'create', 'people', ...columns],
    ['datasets', 'upload', 'people', input, '--complete'],
    ['jobs', 'start', 'copy people', '--workflow', 'Identity', '--input', 'Input=people'],
    ['jobs', 'wait', 'copy people'],
    ['datasets', 'download', 'copy_people_output', '--output', output],
  ];
  const printed: string[] = [];
  for (const step of steps) {
    const result = await runCli(step, { env });
    t.is(result.code, 0, explain(result));
    assertNoSecret(t, result);
    printed.push(result.stdout);
  }
  t.regex(printed[1]!, /^Uploaded 1,500 records to people in 2 blocks \(.+\); the dataset is complete\.\n$/);
  t.regex(printed[3]!, /status\s+Completed/);
  t.regex(printed[4]!, /^Downloaded 1,500 records from copy_people_output \(.+\) to .+out\.csv\.\n$/);
  // The download has the dataset's column names; the input's headers were mapped to them on upload.
  const [sent, received] = await Promise.all([csvRows(input), csvRows(output)]);
  t.is(received.length, 1_501);
  t.notDeepEqual(received[0], sent[0], 'the header row has the column names');
  t.deepEqual(received.slice(1), sent.slice(1), 'every data row comes back once, in order, as it was');
});

test('emulator: prints its address first, serves the commands, stops cleanly (exit 0) on Ctrl-C', async (t) => {
  const running = startCli(['emulator', '--port', '0'], { env: { DATA8_CLIENT_ID: 'cli-test', DATA8_CLIENT_SECRET: CANARY_SECRET } });
  t.teardown(() => running.child.kill('SIGKILL'));
  while (!running.printed.stdout.includes('\n')) await once(running.child.stdout!, 'data');
  const url = /^data8-batch emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(running.printed.stdout)?.[1];
  t.truthy(url, running.printed.stdout);
  const env = { DATA8_API_URL: url!, DATA8_AUTH_URL: url!, DATA8_CLIENT_ID: 'cli-test', DATA8_CLIENT_SECRET: CANARY_SECRET };
  const list = await runCli(['datasets', 'list', '--json'], { env });
  t.is(list.code, 0, explain(list));
  t.deepEqual(JSON.parse(list.stdout), []);
  running.child.kill('SIGINT');
  const stopped = await running.result;
  t.is(stopped.code, 0, explain(stopped));
  t.regex(stopped.stdout, /data8-batch emulator stopped\n$/);
  assertNoSecret(t, stopped);
});

test('refused credentials: exit 77 with the reason and what to check, and the secret nowhere, even with --verbose', async (t) => {
  const { env } = await useEmulator(t);
  const wrong = { ...env, DATA8_CLIENT_SECRET: `${CANARY_SECRET}-wrong` };
  for (const args of [['datasets', 'list'], ['datasets', 'list', '--verbose'], ['cleanse', 'examples/sample-contacts.csv', '-w', 'CleanseContacts', '--dry-run']]) {
    const result = await runCli(args, { env: wrong });
    if (args.includes('--dry-run')) {
      t.is(result.code, 0, 'a dry run needs no credentials');
      continue;
    }
    t.is(result.code, 77, explain(result));
    t.regex(result.stderr, /invalid_client/);
    t.regex(result.stderr, /DATA8_CLIENT_ID, DATA8_CLIENT_SECRET/, 'says what to check');
    t.false(result.stderr.includes(CANARY_SECRET), 'the secret appeared in an error');
  }
});
