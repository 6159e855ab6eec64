/**
 * The public surface of each entry point, name by name (values and types). Every name is a
 * semver promise: adding or removing one must change this list, which makes it a decision seen
 * in review rather than an accident of `export *`. Values are read from the built module
 * (dist/, built by `npm test`), types from the TypeScript checker over the entry's source.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import ts from 'typescript';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
// The built entry points, loaded by URL: `npm run typecheck` runs before anything is built.
const MAIN = new URL('../../dist/index.js', import.meta.url).href;
const EMULATOR = new URL('../../dist/emulator/index.js', import.meta.url).href;
const valuesOf = async (url: string): Promise<string[]> => Object.keys((await import(url)) as Record<string, unknown>);

const MAIN_VALUES = [
  'ASSUMED_VALUES', 'AbortError', 'ApiError', 'AuthenticationError', 'BatchTooLargeError', 'BlockUploader',
  'CLIENT_ENVIRONMENT', 'COLUMN_TYPE_NAMES', 'ConfigError', 'ConflictError', 'DATAGROUP_DEFAULT_URL',
  'DATAGROUP_ENVIRONMENT', 'DATAGROUP_MAX_BATCH_BYTES', 'DEFAULT_AUTH_URL', 'DEFAULT_ROW_KEY', 'Data8Client',
  'Data8Error', 'DataGroupBatchStream', 'DataGroupClient', 'DatasetReader', 'ForbiddenError', 'InputError',
  'IntegrityError', 'JobFailedError', 'JobStalledError', 'JobWaiter', 'NetworkError', 'NotFoundError',
  'PayloadTooLargeError', 'RETRYABLE_STATUSES', 'RETRYABLE_SYSTEM_CODES', 'RateLimitError', 'RecordReader',
  'RecordRejectedError', 'RecordWriter', 'TimeoutError', 'ValidationError', 'backoffDelay', 'cleanse',
  'columnNames', 'decideRetry', 'describeLocation', 'inferColumnType', 'isRetryable', 'isValidColumnName',
  'jobStatusName', 'mapHeaders', 'parseRetryAfter', 'readRecords', 'resolveAssumedValues', 'resolveColumnType',
  'resolveRetryOptions', 'restoreHeaders', 'toColumnMap', 'toColumnName', 'writeRecords',
];
const MAIN_TYPES = [
  'Agents', 'ApiErrorDetails', 'ApiKey', 'ApiKeyRequest', 'ApiKeysApi', 'AssumedValues', 'AssumedValuesOverride',
  'AuthenticationErrorDetails', 'AuthorizationTokenProvider', 'BatchTooLargeDetails', 'BlockEvent',
  'BlockUploaderOptions', 'CallOptions', 'CheckpointOptions', 'CleanseClient', 'CleanseInput',
  'CleanseInputResult', 'CleanseOptions', 'CleanseOutput', 'CleanseOutputResult', 'CleanseOutputs',
  'CleanseResult', 'ClientCounters', 'ClientCredential', 'ClientCredentialRequest', 'ClientCredentialsApi',
  'ClientSecret', 'ClientSecretRequest', 'ClientStats', 'ColumnMap', 'ColumnTypeCode', 'ColumnTypeCodes',
  'ColumnTypeInput', 'ColumnTypeName', 'CompleteDatasetRequest', 'ConcurrencyStats', 'CreateBatchOptions',
  'CreateDatasetRequest', 'Data8ClientOptions', 'Data8ErrorCode', 'Data8ErrorOptions', 'DataGroupBatch',
  'DataGroupBatchApi', 'DataGroupBatchFields', 'DataGroupBatchState', 'DataGroupBatchStreamOptions',
  'DataGroupBatchStreamStats', 'DataGroupCallOptions', 'DataGroupClientOptions', 'DataRecord', 'Dataset',
  'DatasetListFilter', 'DatasetReaderOptions', 'DatasetRef', 'DatasetsApi', 'DeclaredColumns',
  'DiscoveryDocument', 'DownloadStats', 'EncodedBatch', 'EncodedBlock', 'GeneratedClientSecret',
  'HeaderLocation', 'HeaderMap', 'HeaderMapping', 'InputDescription', 'InputEncoding', 'InputErrorDetails', 'InputFingerprint',
  'InputLocation', 'Job', 'JobListFilter', 'JobRef', 'JobSnapshot', 'JobStatusCode', 'JobStatusCodes',
  'JobStatusName', 'JobWaitStats', 'JobWaiterOptions', 'JobsApi', 'LogEntry', 'Logger', 'NestedMode', 'NotificationMethod',
  'NumberedRecord', 'OAuthErrorResponse', 'OnExisting', 'OptionFix', 'Phase', 'ProblemDocument', 'ProgressEvent',
  'ProgressFacts', 'ProgressListener', 'RateLimitOptions', 'ReadChunkByOutput', 'ReadOutput',
  'ReadNote', 'ReadRecordsOptions', 'ReaderClient', 'RecordBatch', 'RecordFormat', 'RecordRange', 'RecordSchema',
  'RecordSource', 'RecordSourceInput', 'RecordValue', 'RedisLimiterOptions', 'RejectedRecord',
  'RequestErrorDetails', 'ResolvedCleanseOptions', 'ResolvedRetryOptions', 'RetryBudgetOptions',
  'RetryBudgetStats', 'RetryDecision', 'RetryOptions', 'RetryPolicyInput', 'SchemaColumn', 'SlowDownAnswer', 'StartJobRequest',
  'TimeoutOptions', 'TokenEndpointAuthMethod', 'TokenResponse', 'UploadBlockRequest', 'UploadStats',
  'UploaderClient', 'WaiterClient', 'WindowOption', 'WindowStats', 'WriteRecordsOptions', 'resolveCleanseOptions',
];
const EMULATOR_VALUES = [
  'DATAGROUP_DEFAULT_MAX_BODY_BYTES', 'DEFAULT_CREDENTIALS', 'DEFAULT_DATAGROUP_CREDENTIALS', 'parseFaultSpec',
  'startEmulator',
];
const EMULATOR_TYPES = [
  'AccountOptions', 'AccountSeedInput', 'ApiKeySeed', 'ClientCredentials', 'CredentialSeed',
  'DataGroupBatchInfo', 'DataGroupControls', 'DataGroupEmulatorOptions', 'DataGroupEvent', 'DataGroupOptions',
  'EmulatorControls', 'EmulatorCore', 'EmulatorHandle', 'EmulatorOptions', 'EmulatorTlsOptions', 'FaultControl', 'FaultOptions',
  'FaultPlan', 'FaultPlanState', 'IssueTokenOptions', 'JobControls', 'JobOutcome', 'JobScript', 'JournalEntry',
  'PlannedFault', 'SecretSeed', 'SeedDocument', 'SeedResult', 'TimeoutOptions', 'WorkflowDefinition',
  'WorkflowInputRole', 'WorkflowParameter', 'WorkflowRunContext', 'WorkflowRunResult',
];

/** Every name an entry exports, types included. */
function exportedNames(entry: string): string[] {
  const file = path.join(REPO, entry);
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2023, types: ['node'], noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (symbol === undefined) throw new Error(`${entry} has no module symbol`);
  return checker.getExportsOfModule(symbol).map((exported) => exported.getName()).sort();
}

const sorted = (names: readonly string[]): string[] => [...names].sort();

test("'data8-batch' exports exactly the listed values", async (t) => {
  t.deepEqual(sorted(await valuesOf(MAIN)), sorted(MAIN_VALUES));
});

test("'data8-batch/emulator' exports exactly the listed values", async (t) => {
  t.deepEqual(sorted(await valuesOf(EMULATOR)), sorted(EMULATOR_VALUES));
});

test('each entry exports exactly the listed values and types', (t) => {
  t.deepEqual(exportedNames('lib/index.ts'), sorted([...MAIN_VALUES, ...MAIN_TYPES]));
  t.deepEqual(exportedNames('lib/emulator/index.ts'), sorted([...EMULATOR_VALUES, ...EMULATOR_TYPES]));
});

test('the building blocks behind the streams stay internal', async (t) => {
  const main = await valuesOf(MAIN);
  for (const name of [
    'BufferPool', 'AcknowledgementTracker', 'BatchCutter', 'BatchEnvelope', 'BlockEncoder', 'planPages', 'nextPollDelay',
    'LINE_WINDOW', 'compileRecordSerializer', 'stringifyRecord', 'ProgressMeter', 'readCheckpoint', 'fingerprintFile',
  ]) {
    t.false(main.includes(name), name);
  }
});
