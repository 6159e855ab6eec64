import test from 'ava';
import { cleanseEmail } from '../../lib/emulator/workflows/cleanse/email.js';
import { cleanseName } from '../../lib/emulator/workflows/cleanse/names.js';
import { cleansePhone } from '../../lib/emulator/workflows/cleanse/phone.js';
import { cleansePostcode } from '../../lib/emulator/workflows/cleanse/postcode.js';

test('names are trimmed, collapsed and title-cased the British way', (t) => {
  t.deepEqual(cleanseName("  o'brien "), { value: "O'Brien", status: 'valid' });
  t.deepEqual(cleanseName('MCDONALD'), { value: 'McDonald', status: 'valid' });
  t.deepEqual(cleanseName('smith-JONES'), { value: 'Smith-Jones', status: 'valid' });
  t.deepEqual(cleanseName('mary   ann'), { value: 'Mary Ann', status: 'valid' });
  t.deepEqual(cleanseName('józef'), { value: 'Józef', status: 'valid' });
  t.deepEqual(cleanseName('   '), { value: '', status: 'empty' });
  t.deepEqual(cleanseName(' r2  d2 '), { value: 'r2 d2', status: 'invalid' });
});

test('emails are trimmed, the domain lower-cased, the syntax checked', (t) => {
  t.deepEqual(cleanseEmail('  Jane.Doe@Example.CO.UK '), { value: 'Jane.Doe@example.co.uk', status: 'valid' });
  t.deepEqual(cleanseEmail('first+tag@sub.example.com'), { value: 'first+tag@sub.example.com', status: 'valid' });
  for (const bad of ['plainaddress', '@example.com', 'a@b', 'a..b@example.com', 'a@-example.com', 'a@example.c0m', 'a b@example.com']) {
    t.is(cleanseEmail(bad).status, 'invalid', bad);
  }
  t.deepEqual(cleanseEmail(''), { value: '', status: 'empty' });
});

test('UK phone numbers become E.164; unreal ranges are invalid', (t) => {
  t.deepEqual(cleansePhone('07911 123456', 'GB'), { value: '+447911123456', status: 'valid' });
  t.deepEqual(cleansePhone('020 7946 0958', 'GB'), { value: '+442079460958', status: 'valid' });
  t.deepEqual(cleansePhone('+44 (0)20 7946 0958', 'GB'), { value: '+442079460958', status: 'valid' });
  t.deepEqual(cleansePhone('(212) 555-0123', 'US'), { value: '+12125550123', status: 'valid' });
  t.deepEqual(cleansePhone(' 12345 ', 'GB'), { value: '12345', status: 'invalid' });
  t.deepEqual(cleansePhone('not a phone', 'GB'), { value: 'not a phone', status: 'invalid' });
  t.deepEqual(cleansePhone('', 'GB'), { value: '', status: 'empty' });
});

test('UK postcodes are upper-cased and spaced before the inward code', (t) => {
  t.deepEqual(cleansePostcode('sw1a1aa'), { value: 'SW1A 1AA', status: 'valid' });
  t.deepEqual(cleansePostcode(' m1   1ae '), { value: 'M1 1AE', status: 'valid' });
  t.deepEqual(cleansePostcode('b338th'), { value: 'B33 8TH', status: 'valid' });
  t.deepEqual(cleansePostcode('cr2 6xh'), { value: 'CR2 6XH', status: 'valid' });
  t.deepEqual(cleansePostcode('GIR 0AA'), { value: 'GIR 0AA', status: 'valid' });
  // Q is never a first letter; C is never in the inward code's letters.
  t.deepEqual(cleansePostcode('QA1 1AA'), { value: 'QA1 1AA', status: 'invalid' });
  t.deepEqual(cleansePostcode('SW1A 1CA'), { value: 'SW1A 1CA', status: 'invalid' });
  t.deepEqual(cleansePostcode('12345'), { value: '12345', status: 'invalid' });
  t.deepEqual(cleansePostcode(''), { value: '', status: 'empty' });
});
