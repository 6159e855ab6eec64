import test from 'ava';
import { ApiError, Data8Error, InputError, ValidationError } from '../lib/index.js';

test('a validation error is an ApiError and a Data8Error carrying its field errors', (t) => {
  const error = new ValidationError('PATCH /Dataset/x/data answered 400', {
    status: 400,
    method: 'PATCH',
    url: 'http://127.0.0.1/Dataset/x/data',
    problem: { status: 400, errors: { 'records[12].age': ['not an integer'] } },
  });
  t.true(error instanceof ApiError);
  t.true(error instanceof Data8Error);
  t.is(error.code, 'DATA8_VALIDATION_ERROR');
  t.is(error.name, 'ValidationError');
  t.deepEqual(error.fieldErrors, { 'records[12].age': ['not an integer'] });
});

test('an input error names the file, line, record and column in its message', (t) => {
  const error = new InputError({ file: 'people.csv', line: 14, record: 13, column: 'age', reason: 'not an integer: "x"' });
  t.is(error.message, 'people.csv:14, record 13, column "age": not an integer: "x"');
  t.is(error.code, 'DATA8_INPUT_ERROR');
});
