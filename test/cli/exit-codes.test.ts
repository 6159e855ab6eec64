/**
 * The one function that turns a failure into an exit code: every typed error of the library
 * lands on the code its cause calls for (the CLI tests run the common ones through the process).
 */
import test from 'ava';
import {
  AbortError,
  ApiError,
  AuthenticationError,
  ConfigError,
  ConflictError,
  Data8Error,
  ForbiddenError,
  InputError,
  IntegrityError,
  JobFailedError,
  JobStalledError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  RecordRejectedError,
  TimeoutError,
  ValidationError,
} from '../../lib/core/errors.js';
import { ExitCode, exitCodeFor, type ExitCodeValue } from '../../lib/cli/exit-codes.js';
import { StdoutClosedError, UsageError } from '../../lib/cli/report-error.js';
import { DryRunProblems } from '../../lib/cli/cleanse/run.js';

const http = (status: number) => ({ status, method: 'GET', url: 'http://service/Dataset' });

test('each cause has its code', (t) => {
  const cases: [string, unknown, ExitCodeValue][] = [
    ['usage', new UsageError('x'), 2],
    ['malformed input', new InputError({ file: 'a.csv', line: 3, reason: 'ragged' }), 65],
    ['a refused record', new RecordRejectedError({ file: 'a.csv', line: 3, reason: 'refused' }), 65],
    ['a dry run that found problems', new DryRunProblems('3 problems'), 65],
    ['unreachable', new NetworkError('ECONNREFUSED', { systemCode: 'ECONNREFUSED' }), 75],
    ['a timeout', new TimeoutError('no answer'), 75],
    ['429 after the retries', new RateLimitError('429', http(429)), 75],
    ['a 5xx after the retries', new ApiError('502', http(502)), 75],
    ['a stalled job', new JobStalledError('stalled', {}), 75],
    ['credentials refused', new AuthenticationError('invalid_client', { error: 'invalid_client', status: 401 }), 77],
    ['a 403', new ForbiddenError('403', http(403)), 77],
    ['a bare 401', new ApiError('401', http(401)), 77],
    ['configuration', new ConfigError('no credentials'), 78],
    ['stdout closed', new StdoutClosedError(), 141],
    ['a failed job', new JobFailedError('failed', {}), 1],
    ['not found', new NotFoundError('404', http(404)), 1],
    ['a taken name', new ConflictError('409', http(409)), 1],
    ['a refused request', new ValidationError('400', http(400)), 1],
    ['counts that differ', new IntegrityError('count'), 1],
    ['any library error', new Data8Error('x'), 1],
    ['anything else', new Error('x'), 1],
    ['an abort', new AbortError('aborted'), 130],
  ];
  for (const [what, error, code] of cases) t.is(exitCodeFor(error), code, what);
});

test('a signal wins over the error it caused', (t) => {
  t.is(exitCodeFor(new NetworkError('aborted'), 'SIGINT'), ExitCode.Interrupted);
  t.is(exitCodeFor(undefined, 'SIGTERM'), ExitCode.Terminated);
});
