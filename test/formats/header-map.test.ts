import test from 'ava';
import { InputError, isValidColumnName, mapHeaders, restoreHeaders, toColumnName } from '../../lib/index.js';

test('headers that are not column names are mapped by the documented rule', (t) => {
  const cases: [string, string][] = [
    ['first_name', 'first_name'],
    ['First Name', 'first_name'],
    ['E-mail', 'e_mail'],
    ['2nd line', 'c_2nd_line'],
    [' Email Address (work) ', 'email_address_work'],
    ['Zoë Crème', 'zoe_creme'],
    ['__id', 'id'],
    ['a__b', 'a__b'],
    ['ID', 'id'],
    ['名前', 'column_3'],
    ['x'.repeat(200), 'x'.repeat(128)],
    [`${'a'.repeat(127)} b`, 'a'.repeat(127)],
  ];
  for (const [header, column] of cases) {
    t.is(toColumnName(header, 3), column, header);
    t.true(isValidColumnName(toColumnName(header, 3)), header);
  }
});

test('mapHeaders reports every header with its column name, in file order', (t) => {
  t.deepEqual(mapHeaders(['id', 'First Name', 'E-mail']), [
    { header: 'id', column: 'id' },
    { header: 'First Name', column: 'first_name' },
    { header: 'E-mail', column: 'e_mail' },
  ]);
});

test('two headers that map to one column name are an InputError naming both', (t) => {
  const error = t.throws(() => mapHeaders(['id', 'E-mail', 'e mail'], { file: 'people.csv', line: 1 }), { instanceOf: InputError });
  t.is(error.message, 'people.csv:1, column "e mail": the headers "E-mail" (column 2) and "e mail" (column 3) both map to the column name "e_mail"');
});

test('a duplicate header and an empty header are InputErrors', (t) => {
  t.throws(() => mapHeaders(['id', 'name', 'id'], { file: 'f.csv', line: 2 }), {
    instanceOf: InputError,
    message: 'f.csv:2, column "id": the header "id" appears twice (columns 1 and 3)',
  });
  t.throws(() => mapHeaders(['id', '  ']), { instanceOf: InputError, message: '<input>, column 2: the header of column 2 is empty' });
});

test('restoreHeaders gives each column its original header and leaves unknown columns as they are', (t) => {
  const map = mapHeaders(['First Name', 'E-mail']);
  t.deepEqual(restoreHeaders(['e_mail', 'first_name', 'email_status'], map), ['E-mail', 'First Name', 'email_status']);
});
