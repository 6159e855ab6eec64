/** Library advice in the words of the command line: flags and variables, never option names. */
import test from 'ava';
import { toCommandLine } from '../../lib/cli/vocabulary.js';

test('option names become flags or variables; phrases without a flag are said as the command line would', (t) => {
  const cases: [string, string][] = [
    ['job "x" exists already: give another jobName, or onExisting "rename" or "resume"', 'job "x" exists already: give another --job-name, or --resume to continue that run'],
    ['its name cannot be used again; give another jobName', 'its name cannot be used again; give another --job-name'],
    ['Invalid option "notificationUrl": the vendor requires https', 'Invalid --notification-url: the vendor requires https'],
    ['Invalid option "notificationMethod": it needs a notificationUrl to go with it', 'Invalid --notification-method: it needs a --notification-url to go with it'],
    ['Invalid option "authUrl": x is not an OpenID issuer', 'Invalid DATA8_AUTH_URL: x is not an OpenID issuer'],
    // The reader's options are in the same map as the rest: a bad --skip-lines is named as typed.
    ['Invalid option "skipLines": expected an integer of at least 0, got -1', 'Invalid --skip-lines: expected an integer of at least 0, got -1'],
    ['Invalid option "maxRecordSize": too small', 'Invalid --max-record-size: too small'],
    [
      'delete it with `data8-batch datasets delete a_input` (or client.datasets.delete); deleted names are never reused, so rerun with another job name (--job-name, jobName) or with onExisting "rename"',
      'delete it with `data8-batch datasets delete a_input`; deleted names are never reused, so rerun with another --job-name',
    ],
    ['the URL must not carry credentials (pass them as clientId and clientSecret)', 'the URL must not carry credentials (pass them as DATA8_CLIENT_ID and DATA8_CLIENT_SECRET)'],
  ];
  for (const [library, commandLine] of cases) t.is(toCommandLine(library), commandLine);
});

test('words that are not option names, and the service\'s own field names, stay as they are', (t) => {
  for (const text of ['POST /Job failed: 400 name: "workflowName" must be set (method "POST")', 'Invalid option "redis.url": expected a redis:// URL', 'the workflow format is csv']) {
    t.is(toCommandLine(text), text);
  }
});
