import { Readable } from 'node:stream';
import test from 'ava';
import type { WorkflowDefinition } from '../../lib/emulator/index.js';
import { withEmulator, withEmulatorOptions } from '../helpers/emulator.js';
import { fieldErrors, inputDataset, readAll, startJob, waitForJob } from './data-fixtures.js';

test('CleanseContacts tidies names, emails, phones and postcodes, with statuses and counts', withEmulator, async (t, emu) => {
  const columns = { customer_id: 1, first_name: 0, last_name: 0, email: 0, phone: 0, postcode: 0, notes: 0 };
  const contacts = [
    { customer_id: 1, first_name: '  mary   ANN ', last_name: "o'brien", email: ' Mary.OBrien@Example.CO.UK ', phone: '07911 123456', postcode: 'sw1a1aa', notes: 'keep me' },
    { customer_id: 2, first_name: 'JAMES', last_name: 'mcdonald-smith', email: 'not-an-email', phone: '12345', postcode: 'QQ1 1QQ', notes: null },
    { customer_id: 3, first_name: null, last_name: '', email: null, phone: '+44 (0)20 7946 0958', postcode: ' m1   1ae ' },
    { customer_id: 4, first_name: 'R2-D2', last_name: 'Droid', email: 'r2@droids' },
  ];
  await inputDataset(t, emu, 'contacts', columns, contacts);
  const job = await startJob(t, emu, { name: 'Cleanse 1', workflowName: 'CleanseContacts', inputDatasets: { Contacts: 'contacts' } });
  t.deepEqual(job.parameters, { DefaultCountry: 'GB' }, 'defaults are filled in');
  const done = await waitForJob(emu, job.name);
  t.is(done.status, 2);
  const output = done.outputDatasets['Results'] ?? '';
  t.is(output, 'cleanse_1_results');
  const dataset = (await emu.api('GET', `/Dataset/${output}`)).json as { columns: Record<string, number> };
  t.deepEqual(dataset.columns, {
    ...columns,
    first_name_status: 0,
    last_name_status: 0,
    email_status: 0,
    phone_status: 0,
    postcode_status: 0,
  });
  const results = await readAll(emu, output);
  t.deepEqual(results[0], {
    customer_id: 1,
    first_name: 'Mary Ann',
    first_name_status: 'valid',
    last_name: "O'Brien",
    last_name_status: 'valid',
    email: 'Mary.OBrien@example.co.uk',
    email_status: 'valid',
    phone: '+447911123456',
    phone_status: 'valid',
    postcode: 'SW1A 1AA',
    postcode_status: 'valid',
    notes: 'keep me',
  });
  t.like(results[1], {
    first_name: 'James',
    last_name: 'McDonald-Smith',
    email: 'not-an-email',
    email_status: 'invalid',
    phone: '12345',
    phone_status: 'invalid',
    postcode: 'QQ1 1QQ',
    postcode_status: 'invalid',
    notes: null,
  });
  t.like(results[2], {
    first_name: null,
    first_name_status: 'empty',
    last_name_status: 'empty',
    email_status: 'empty',
    phone: '+442079460958',
    postcode: 'M1 1AE',
  });
  t.like(results[3], { first_name: 'R2-D2', first_name_status: 'invalid', email_status: 'invalid', phone_status: 'empty', postcode_status: 'empty' });
  t.like(done.statistics, {
    records: 4,
    first_name: { valid: 2, invalid: 1, empty: 1 },
    email: { valid: 1, invalid: 2, empty: 1 },
    phone: { valid: 2, invalid: 1, empty: 1 },
    postcode: { valid: 2, invalid: 1, empty: 1 },
  });
});

test('CleanseContacts cleanses only the columns present; DefaultCountry changes how phones are read', withEmulator, async (t, emu) => {
  await inputDataset(t, emu, 'calls', { phone: 1, city: 0 }, [{ phone: 2125550123, city: 'New York' }, { phone: 7911123456, city: 'London' }]);
  const job = await startJob(t, emu, {
    name: 'us',
    workflowName: 'CleanseContacts',
    inputDatasets: { Contacts: 'calls' },
    parameters: { DefaultCountry: 'US' },
  });
  const done = await waitForJob(emu, job.name);
  t.deepEqual(((await emu.api('GET', '/Dataset/us_results')).json as { columns: unknown }).columns, { phone: 0, city: 0, phone_status: 0 });
  t.deepEqual(await readAll(emu, 'us_results'), [
    { phone: '+12125550123', city: 'New York', phone_status: 'valid' },
    { phone: '7911123456', city: 'London', phone_status: 'invalid' },
  ]);
  t.deepEqual(done.statistics, { phone: { valid: 1, invalid: 1, empty: 0 }, records: 2, inputRecords: 2, outputRecords: { Results: 2 } });
});

/** A user workflow: splits people by age into two outputs, with a required parameter. */
const splitByAge: WorkflowDefinition = {
  name: 'SplitByAge',
  inputRoles: { People: { requiredColumns: ['age'] } },
  parameters: [{ name: 'Threshold', required: true, validate: (value) => (/^\d+$/.test(value) ? undefined : 'must be a whole number') }, { name: 'Label', default: 'group' }],
  outputRoles: ['Adults', 'Minors'],
  outputColumns: (_role, inputs) => ({ ...inputs['People'], group: 0 }),
  run: (inputs, parameters) => {
    const threshold = Number(parameters['Threshold']);
    const adults: Array<Record<string, string | number | boolean | null>> = [];
    const minors: Array<Record<string, string | number | boolean | null>> = [];
    let read = 0;
    // Small inputs only: buffers both outputs (a real user workflow would tee).
    const all = (async () => {
      for await (const record of inputs['People'] ?? []) {
        read += 1;
        const group = `${parameters['Label'] ?? ''}:${read}`;
        (Number(record['age']) >= threshold ? adults : minors).push({ ...record, group });
      }
    })();
    const emit = async function* (list: typeof adults) {
      await all;
      yield* list;
    };
    return { outputs: { Adults: emit(adults), Minors: emit(minors) }, statistics: () => ({ read }) };
  },
};

test('a user workflow runs with its roles, parameters, output columns and statistics', withEmulatorOptions({ workflows: [splitByAge] }), async (t, emu) => {
  await inputDataset(t, emu, 'people', { name: 0, age: 1 }, [{ name: 'a', age: 30 }, { name: 'b', age: 12 }, { name: 'c', age: 18 }]);
  await inputDataset(t, emu, 'nameless', { name: 0 }, [{ name: 'x' }]);
  const base = { name: 'split', workflowName: 'SplitByAge', inputDatasets: { People: 'people' } };
  t.true('parameters.Threshold' in fieldErrors((await emu.api('POST', '/Job', base)).json));
  t.true('parameters.Threshold' in fieldErrors((await emu.api('POST', '/Job', { ...base, parameters: { Threshold: 'ten' } })).json));
  const lacking = await emu.api('POST', '/Job', { ...base, inputDatasets: { People: 'nameless' }, parameters: { Threshold: '18' } });
  t.regex(fieldErrors(lacking.json)['inputDatasets.People']?.[0] ?? '', /age/);

  const job = await startJob(t, emu, { ...base, parameters: { Threshold: '18' } });
  t.deepEqual(job.outputDatasets, { Adults: 'split_adults', Minors: 'split_minors' });
  const done = await waitForJob(emu, 'split');
  t.is(done.status, 2, JSON.stringify(done.statistics));
  t.deepEqual(done.statistics, { read: 3, inputRecords: 3, outputRecords: { Adults: 2, Minors: 1 } });
  t.deepEqual(await readAll(emu, 'split_adults'), [{ name: 'a', age: 30, group: 'group:1' }, { name: 'c', age: 18, group: 'group:3' }]);
  t.deepEqual(await readAll(emu, 'split_minors'), [{ name: 'b', age: 12, group: 'group:2' }]);
});

const broken: WorkflowDefinition[] = [
  {
    name: 'Invents',
    inputRoles: { Input: {} },
    outputRoles: ['Output'],
    run: () => ({
      outputs: {
        Output: Readable.from([{ name: 'fine' }, { name: 'fine', surprise: 1 }]),
      },
    }),
  },
  {
    name: 'Throws',
    inputRoles: { Input: {} },
    outputRoles: ['Output'],
    run: () => {
      throw new Error('workflow exploded');
    },
  },
];

test('a workflow that writes an undeclared column or throws fails its job with the reason', withEmulatorOptions({ workflows: broken }), async (t, emu) => {
  await inputDataset(t, emu, 'people', { name: 0 }, [{ name: 'a' }]);
  await startJob(t, emu, { name: 'invents', workflowName: 'Invents', inputDatasets: { Input: 'people' } });
  const invents = await waitForJob(emu, 'invents');
  t.is(invents.status, 3);
  t.regex(String(invents.statistics['error']), /records\[1\]\.surprise is not a column/);
  await startJob(t, emu, { name: 'throws', workflowName: 'Throws', inputDatasets: { Input: 'people' } });
  const throws = await waitForJob(emu, 'throws');
  t.is(throws.status, 3);
  t.deepEqual(throws.statistics, { error: 'workflow exploded' });
});

test('startEmulator refuses a malformed workflow, naming what is wrong', async (t) => {
  const { startEmulator } = await import('../../lib/emulator/index.js');
  const bad = { name: 'NoRun', inputRoles: {}, outputRoles: ['Out'] } as unknown as WorkflowDefinition;
  await t.throwsAsync(startEmulator({ workflows: [bad] }), { name: 'ConfigError', message: /workflows\[0\] \(NoRun\)\.run must be a function/ });
});
