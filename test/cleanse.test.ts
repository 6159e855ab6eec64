import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import test, { type ExecutionContext } from 'ava';
import { AbortError, cleanse, ConflictError, InputError, readRecords, type DataRecord, type Phase, type ProgressEvent } from '../lib/index.js';
import type { WorkflowDefinition } from '../lib/emulator/index.js';
import { withClient, withClientOptions } from './client/fixture.js';

async function temporaryDirectory(t: ExecutionContext): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'd8-cleanse-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

async function readAllRecords(path: string): Promise<DataRecord[]> {
  const records: DataRecord[] = [];
  for await (const record of readRecords(path)) records.push(record);
  return records;
}

const CONTACTS = [
  'Customer ID,First Name,Last Name,Email,Phone,Postcode',
  'C1,  aarav ,BROWN,aarav.brown@example.com,07700 900 350, m20 1UJ ',
  'C2,Lily,Williams,not an email,+44 117 496 0243,CF10 8HP',
  'C3,"Ella ""Ellie""",Johnson,,,',
].join('\n');

test('cleanse runs a whole job: upload, job, download with the original headers, progress for every phase, datasets removed', withClient, async (t, { client }) => {
  const directory = await temporaryDirectory(t);
  const input = join(directory, 'contacts.csv');
  const output = join(directory, 'contacts.cleansed.csv');
  await writeFile(input, `${CONTACTS}\n`);
  const events: ProgressEvent[] = [];
  const result = await cleanse({
    client,
    workflow: 'CleanseContacts',
    jobName: 'Contacts 1',
    inputs: { Contacts: input },
    outputs: { Results: output },
    onProgress: (event) => events.push(event),
  });
  t.like(result.inputs.Contacts, { dataset: 'contacts_1_contacts', records: 3, storedRecords: 3, rejected: 0, file: input, resumed: false });
  t.like(result.outputs.Results, { dataset: 'contacts_1_results', records: 3, downloaded: true, path: output });
  t.is(result.job.name, 'Contacts 1');
  t.like(result.statistics, { records: 3 });
  t.true(result.timings.total >= result.timings.upload);
  t.deepEqual(result.deletedDatasets, ['contacts_1_contacts', 'contacts_1_results']);
  await t.throwsAsync(client.datasets.get('contacts_1_contacts'));

  const text = await readFile(output, 'utf8');
  t.true(text.startsWith('Customer ID,First Name,Last Name,Email,Phone,Postcode,'), 'the input headers are restored');
  const cleansed = await readAllRecords(output);
  t.deepEqual(cleansed.map((record) => record.customer_id), ['C1', 'C2', 'C3']);
  t.like(cleansed[0], { first_name: 'Aarav', last_name: 'Brown', email_status: 'valid' });
  t.like(cleansed[1], { email_status: 'invalid' });

  const phases = new Set<Phase>(events.map((event) => event.phase));
  t.deepEqual([...phases].sort(), ['download', 'job', 'read', 'upload']);
  for (const phase of phases) {
    const last = events.filter((event) => event.phase === phase).at(-1);
    t.like(last, { done: true, records: 3 }, `the ${phase} phase ends with a done event counting every record`);
  }
});

test('a row key carries each record\'s input line through the job', withClient, async (t, { client }) => {
  const directory = await temporaryDirectory(t);
  const input = join(directory, 'people.csv');
  await writeFile(input, 'Name,Note\nAnn,"two\nlines"\nBob,one line\n\nCy,last\n');
  const kept = join(directory, 'kept.ndjson');
  const dropped = join(directory, 'dropped.ndjson');
  await cleanse({ client, workflow: 'Identity', jobName: 'rows kept', inputs: { Input: input }, outputs: { Output: kept }, rowKey: true, keepRowKey: true });
  t.deepEqual(
    (await readAllRecords(kept)).map((record) => [record.name, record.input_line]),
    [['Ann', 2], ['Bob', 4], ['Cy', 6]],
  );
  await cleanse({ client, workflow: 'Identity', jobName: 'rows dropped', inputs: { Input: input }, outputs: { Output: dropped }, rowKey: 'line_no' });
  t.true((await readFile(dropped, 'utf8')).startsWith('{"Name":"Ann"'), 'the original keys are restored and the row key is gone');
  t.deepEqual(await readAllRecords(dropped), [
    { name: 'Ann', note: 'two\nlines' },
    { name: 'Bob', note: 'one line' },
    { name: 'Cy', note: 'last' },
  ]);
});

test('records in, a stream out; names that are taken fail, or are renamed when asked', withClient, async (t, { client }) => {
  const records = Array.from({ length: 2_500 }, (_, index) => ({ n: index, name: `person ${index}` }));
  const options = { client, workflow: 'Identity', jobName: 'Taken', inputs: { Input: { source: records } } };
  await cleanse({ ...options, keepDatasets: true });
  const error = await t.throwsAsync(cleanse(options), { instanceOf: ConflictError });
  t.regex(error.message, /dataset "taken_input" exists \(or existed\) already: give another jobName, or onExisting "rename" or "resume"/);

  const sink = new PassThrough();
  const written = (async () => {
    let text = '';
    for await (const chunk of sink) text += (chunk as Buffer).toString();
    return text;
  })();
  const result = await cleanse({ ...options, onExisting: 'rename', outputs: () => ({ destination: sink, write: { format: 'ndjson' } }) });
  t.is(result.inputs.Input?.dataset, 'taken_input_2');
  t.is(result.job.name, 'Taken (2)');
  const lines = (await written).trim().split('\n').map((line) => JSON.parse(line) as { n: number; name: string });
  t.deepEqual(lines, records);
});

test('a run aborted mid-upload resumes from its checkpoints with every record once', withClient, async (t, { client }) => {
  const directory = await temporaryDirectory(t);
  const input = join(directory, 'big.csv');
  const output = join(directory, 'big.out.csv');
  const checkpointDir = join(directory, 'checkpoints');
  const lines = ['id,name'];
  for (let id = 1; id <= 30_000; id++) lines.push(`${id},Name ${id}`);
  await writeFile(input, `${lines.join('\n')}\n`);
  const options = {
    client,
    workflow: 'Identity',
    jobName: 'Big run',
    inputs: { Input: { source: input, read: { columns: { id: 'Integer' as const } } } },
    outputs: { Output: output },
    checkpointDir,
    upload: { blockSize: 100 },
  };
  const controller = new AbortController();
  await t.throwsAsync(
    cleanse({ ...options, signal: controller.signal, onProgress: (event) => event.phase === 'upload' && event.blocks === 30 && controller.abort() }),
    { instanceOf: AbortError },
  );
  await t.throwsAsync(readFile(output), undefined, 'no output file after an abort');
  const result = await cleanse({ ...options, onExisting: 'resume' });
  t.like(result.inputs.Input, { dataset: 'big_run_input', records: 30_000, storedRecords: 30_000, resumed: true });
  t.is(result.outputs.Output?.records, 30_000);
  const ids = (await readAllRecords(output)).map((record) => Number(record.id));
  t.deepEqual(ids, Array.from({ length: 30_000 }, (_, index) => index + 1));
  t.deepEqual(await readdir(checkpointDir), [], 'checkpoints go with their datasets');
});

test('a malformed input fails the run with an error naming file and line, the dataset it leaves, and no output', withClient, async (t, { client }) => {
  const directory = await temporaryDirectory(t);
  const input = join(directory, 'ragged.csv');
  const output = join(directory, 'ragged.out.csv');
  // The bad row lies far beyond what the reader reads ahead, so it is found once the upload is under way.
  const rows = ['id,name'];
  for (let id = 1; id <= 30_000; id++) rows.push(id === 25_000 ? `${id},Name,extra` : `${id},Name ${id}`);
  await writeFile(input, `${rows.join('\n')}\n`);
  const error = await t.throwsAsync(cleanse({ client, workflow: 'Identity', jobName: 'Ragged', inputs: { Input: input }, outputs: { Output: output } }), { instanceOf: InputError });
  t.like(error, { file: input, line: 25_001, record: 25_000, reason: 'expected 2 fields (as in the header) but got 3', leftDatasets: ['ragged_input'] });
  t.true(error.message.startsWith(`${input}:25001, record 25000: expected 2 fields (as in the header) but got 3. The run leaves input dataset "ragged_input"`), error.message);
  t.regex(error.message, /incomplete: delete it with `data8-batch datasets delete ragged_input` .*never reused, so rerun with another job name .* onExisting "rename"$/);
  t.true(error.cause instanceof InputError, 'the reader\'s own error is the cause');
  t.like(await client.datasets.get('ragged_input'), { completed: false });
  await t.throwsAsync(readFile(output));
  const again = await t.throwsAsync(cleanse({ client, workflow: 'Identity', jobName: 'Ragged', inputs: { Input: input }, outputs: { Output: output } }), { instanceOf: ConflictError });
  t.regex(again.message, /dataset "ragged_input" exists/, 'what the message warned of');
});

test('when one input fails, the others stop, and the error names every dataset the run leaves', withClient, async (t, { client }) => {
  const directory = await temporaryDirectory(t);
  const good = join(directory, 'good.csv');
  const bad = join(directory, 'bad.csv');
  const rows = Array.from({ length: 30_000 }, (_, index) => `${String(index)},Name ${String(index)}`);
  await writeFile(good, `id,name\n${rows.join('\n')}\n`);
  rows[20_000] = '20000';
  await writeFile(bad, `id,name\n${rows.join('\n')}\n`);
  const error = await t.throwsAsync(
    cleanse({ client, workflow: 'Identity', jobName: 'Pair', inputs: { Input: good, Other: bad }, outputs: { Output: join(directory, 'out.csv') } }),
    { instanceOf: InputError },
  );
  t.like(error, { file: bad, line: 20_002, leftDatasets: ['pair_input', 'pair_other'] });
  t.regex(error.message, /The run leaves input datasets "pair_input", "pair_other" on the service, used by no job: delete each with `data8-batch datasets delete <name>`/);
});

test('an input with no records is refused before anything is created: a header-only file, an empty list of records', withClient, async (t, { client, emu }) => {
  const directory = await temporaryDirectory(t);
  const input = join(directory, 'header-only.csv');
  await writeFile(input, 'id,name\n');
  const run = (inputs: Parameters<typeof cleanse>[0]['inputs']) => cleanse({ client, workflow: 'Identity', inputs, outputs: { Output: join(directory, 'out.csv') } });
  const headerOnly = await t.throwsAsync(run({ Input: input }), { instanceOf: InputError });
  t.is(headerOnly.message, `${input}:1: the file has a header but no records`);
  t.like(headerOnly, { file: input, line: 1, leftDatasets: [] });
  const noRecords = await t.throwsAsync(run({ Input: { source: [], columns: { id: 0 } } }), { instanceOf: InputError });
  t.is(noRecords.message, '<Input records>: the input holds no records');
  t.deepEqual(emu.emulator.journal().filter((entry) => entry.method === 'POST' && entry.path === '/Dataset'), [], 'no dataset was created');
  t.deepEqual(await readdir(directory), ['header-only.csv'], 'no output');
});

/** A user workflow with two input roles: people and their orders, joined per person; unmatched orders to a second output. */
const joinOrders: WorkflowDefinition = {
  name: 'JoinOrders',
  inputRoles: { People: { requiredColumns: ['person_id', 'name'] }, Orders: { requiredColumns: ['person_id', 'total'] } },
  outputRoles: ['Joined', 'Unmatched'],
  outputColumns: (role) => (role === 'Joined' ? { person_id: 0, name: 0, orders: 1, spent: 2 } : { person_id: 0, total: 2 }),
  run: (inputs) => {
    const drain = async (role: string): Promise<DataRecord[]> => {
      const records: DataRecord[] = [];
      for await (const record of inputs[role]!) records.push(record);
      return records;
    };
    const both = Promise.all([drain('People'), drain('Orders')]);
    return {
      outputs: {
        Joined: (async function* (): AsyncGenerator<DataRecord> {
          const [people, orders] = await both;
          for (const person of people) {
            const theirs = orders.filter((order) => order.person_id === person.person_id);
            yield { person_id: person.person_id ?? null, name: person.name ?? null, orders: theirs.length, spent: theirs.reduce((sum, order) => sum + Number(order.total), 0) };
          }
        })(),
        Unmatched: (async function* (): AsyncGenerator<DataRecord> {
          const [people, orders] = await both;
          const known = new Set(people.map((person) => person.person_id));
          for (const order of orders) if (!known.has(order.person_id)) yield { person_id: order.person_id ?? null, total: Number(order.total) };
        })(),
      },
    };
  },
};

test('a workflow with two input roles: each input to its own dataset, each output role to its own file', withClientOptions({}, { workflows: [joinOrders] }), async (t, { client }) => {
  const directory = await temporaryDirectory(t);
  const people = join(directory, 'people.csv');
  const orders = join(directory, 'orders.ndjson');
  await writeFile(people, 'Person ID,Name\nP1,Ada\nP2,Grace\nP3,Linus\n');
  await writeFile(orders, ['{"person_id":"P2","total":"12.5"}', '{"person_id":"P9","total":"3"}', '{"person_id":"P2","total":"7.5"}', '{"person_id":"P1","total":"1"}'].join('\n') + '\n');
  const joined = join(directory, 'joined.csv');
  const unmatched = join(directory, 'unmatched.ndjson');
  const result = await cleanse({
    client,
    workflow: 'JoinOrders',
    jobName: 'Join 1',
    inputs: { People: people, Orders: orders },
    outputs: { Joined: joined, Unmatched: unmatched },
  });
  t.like(result.inputs.People, { dataset: 'join_1_people', records: 3, file: people });
  t.like(result.inputs.Orders, { dataset: 'join_1_orders', records: 4, file: orders });
  t.like(result.outputs.Joined, { records: 3, path: joined });
  t.like(result.outputs.Unmatched, { records: 1, path: unmatched });
  t.true((await readFile(joined, 'utf8')).startsWith('Person ID,Name,orders,spent\n'), 'the People headers are restored on the output that carries them');
  t.deepEqual(
    (await readAllRecords(joined)).map((record) => [record.person_id, record.name, record.orders, record.spent]),
    [['P1', 'Ada', '1', '1'], ['P2', 'Grace', '2', '20'], ['P3', 'Linus', '0', '0']],
  );
  t.deepEqual(await readAllRecords(unmatched), [{ person_id: 'P9', total: 3 }]);
  t.deepEqual([...result.deletedDatasets].sort(), ['join_1_joined', 'join_1_orders', 'join_1_people', 'join_1_unmatched']);
});

test('wrong options are ConfigErrors naming the option, before anything is sent', withClient, async (t, { client, emu }) => {
  const base = { client, workflow: 'Identity', inputs: { Input: [{ id: 1 }] } };
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ inputs: undefined }, /Invalid option "inputs": expected an object with at least one input role, got nothing/],
    [{ inputs: {} }, /Invalid option "inputs": expected an object with at least one input role/],
    [{ workflow: '' }, /Invalid option "workflow": expected a non-empty string, got ""/],
    [{ onExisting: 'skip' }, /Invalid option "onExisting": expected "fail" or "resume" or "rename", got "skip"/],
    [{ keepDatasets: 'false' }, /Invalid option "keepDatasets": expected true or false, got "false"/],
    [{ rowKey: 'Line No' }, /Invalid option "rowKey": expected true, false or a column name/],
  ];
  for (const [change, message] of cases) {
    await t.throwsAsync(cleanse({ ...base, ...change } as unknown as Parameters<typeof cleanse>[0]), { name: 'ConfigError', message }, JSON.stringify(change));
  }
  t.deepEqual(emu.emulator.journal().filter((entry) => entry.path.startsWith('/Dataset') || entry.path.startsWith('/Job')), [], 'nothing was sent');
});
