/**
 * Turns `cleanse`'s command-line options into a plan: which file feeds which input role, where
 * the chosen output role goes and in what format, where the checkpoint lives. Pure: no I/O, so
 * every usage mistake is found before anything is read or sent.
 *
 * @packageDocumentation
 */
import { basename, dirname, join } from 'node:path';
import type { ColumnTypeName } from '../../formats/column-types.js';
import type { DeclaredColumns, ReadNote, ReadRecordsOptions } from '../../formats/read-options.js';
import { readerOptions, withDeclaredTypes, type ReaderFlags, type ReaderOptions } from '../reader-flags.js';
import { formatFromPath, type RecordFormat } from '../../formats/format.js';
import { STDIO } from '../commands/input-files.js';
import { UsageError } from '../report-error.js';

/** The built-in workflows' roles, so the common case needs no `--input-role`. */
const KNOWN_ROLES: Readonly<Record<string, { readonly input: string; readonly output: string }>> = {
  Identity: { input: 'Input', output: 'Output' },
  CleanseContacts: { input: 'Contacts', output: 'Results' },
};

/** `cleanse`'s options as commander parses them. */
export interface CleanseFlags extends ReaderFlags {
  readonly workflow: string;
  readonly inputRole?: string[];
  readonly param?: Record<string, string>;
  readonly output: string;
  readonly outputRole?: string;
  readonly outputFormat?: RecordFormat;
  readonly inputFormat?: RecordFormat;
  readonly type?: Record<string, ColumnTypeName>;
  readonly inferTypes?: boolean;
  readonly jobName?: string;
  readonly checkpoint?: string;
  readonly resume?: boolean;
  readonly restart?: boolean;
  readonly keepDatasets?: boolean;
  readonly rejects?: string;
  readonly dryRun?: boolean;
  readonly emulator?: boolean;
}

/** One input file (or stdin) and the workflow role it feeds. */
export interface PlannedInput {
  readonly role: string;
  /** A path, or `-` for stdin. */
  readonly path: string;
  readonly format: RecordFormat;
  /** The name errors use: the path, or `<stdin>`. */
  readonly fileName: string;
}

/** What a `cleanse` run will do. */
export interface CleansePlan {
  readonly workflow: string;
  readonly inputs: readonly PlannedInput[];
  /** Declared column types (`--type`), for every input. */
  readonly declaredTypes: DeclaredColumns | undefined;
  readonly inferTypes: boolean;
  /** The output role to download; `undefined`: the built-in workflow's, or the job's first. */
  readonly outputRole: string | undefined;
  /** A path, or `-` for stdout. */
  readonly output: string;
  readonly outputFormat: RecordFormat;
  readonly parameters: Readonly<Record<string, string>>;
  readonly jobName: string | undefined;
  /** Where the run keeps what a resume needs; `undefined` when reading stdin into stdout without `--checkpoint`. */
  readonly checkpointDir: string | undefined;
  readonly resume: boolean;
  /** Discard the recorded run (deleting its datasets where they exist) and start a new one. */
  readonly restart: boolean;
  readonly keepDatasets: boolean;
  readonly rejects: string | undefined;
  readonly dryRun: boolean;
  /** `--emulator`: run against an embedded emulator (DATA8_EMULATOR=1 asks for it too). */
  readonly emulator: boolean;
  /** How every input is read (the reader flags given). */
  readonly read: ReaderOptions;
}

/** Builds the plan; a {@link UsageError} says what is wrong with the command line. */
export function planCleanse(paths: readonly string[], flags: CleanseFlags): CleansePlan {
  const roles = inputRoles(paths, flags);
  if (paths.filter((path) => path === STDIO).length > 1) throw new UsageError('cleanse: stdin (-) can be read only once');
  const inputs = paths.map((path, index): PlannedInput => {
    const format = flags.inputFormat ?? (path === STDIO ? undefined : formatFromPath(path)) ?? 'csv';
    return { role: roles[index] ?? '', path, format, fileName: path === STDIO ? '<stdin>' : path };
  });
  if (new Set(roles).size !== roles.length) throw new UsageError('cleanse: each input needs its own --input-role; a role was given twice');
  const first = inputs[0];
  if (first === undefined) throw new UsageError('cleanse: name at least one input file');
  const outputFormat = flags.outputFormat ?? (flags.output === STDIO ? undefined : formatFromPath(flags.output)) ?? first.format;
  if (flags.rejects !== undefined && flags.rejects === flags.output) throw new UsageError('cleanse: --rejects and --output must be different files');
  return {
    workflow: flags.workflow,
    inputs,
    declaredTypes: flags.type,
    inferTypes: flags.inferTypes === true,
    outputRole: flags.outputRole ?? KNOWN_ROLES[flags.workflow]?.output,
    output: flags.output,
    outputFormat,
    parameters: flags.param ?? {},
    jobName: flags.jobName,
    checkpointDir: flags.checkpoint ?? defaultCheckpointDir(flags.output, first.path),
    resume: flags.resume === true,
    restart: flags.restart === true,
    keepDatasets: flags.keepDatasets === true,
    rejects: flags.rejects,
    dryRun: flags.dryRun === true,
    emulator: flags.emulator === true,
    read: readerOptions(flags),
  };
}

function inputRoles(paths: readonly string[], flags: CleanseFlags): readonly string[] {
  const given = flags.inputRole ?? [];
  if (given.length === paths.length) return given;
  if (given.length === 0 && paths.length === 1) {
    const known = KNOWN_ROLES[flags.workflow]?.input;
    if (known !== undefined) return [known];
    throw new UsageError(`cleanse: name the input role of workflow ${flags.workflow} with --input-role`);
  }
  throw new UsageError(`cleanse: ${paths.length} inputs need ${paths.length} --input-role options, one for each input in order; got ${given.length}`);
}

/**
 * Beside the output (or, writing to stdout, beside the first input), hidden:
 * `.data8-batch-<file name>/`. Reading stdin into stdout leaves nowhere sensible.
 */
function defaultCheckpointDir(output: string, firstInput: string): string | undefined {
  const anchor = output !== STDIO ? output : firstInput !== STDIO ? firstInput : undefined;
  return anchor === undefined ? undefined : join(dirname(anchor), `.data8-batch-${basename(anchor)}`);
}

/**
 * How an input is read, the same in a run and in a dry run. `--columns` names the columns of a
 * headerless file; with `--type` too, the names in order carry the types.
 */
export function readOptionsOf(plan: CleansePlan, input: PlannedInput, onNote?: (note: ReadNote) => void): ReadRecordsOptions {
  return {
    ...withDeclaredTypes(plan.read, plan.declaredTypes as Readonly<Record<string, ColumnTypeName>> | undefined),
    format: input.format,
    fileName: input.fileName,
    // CSV columns stay text unless asked; NDJSON and JSON keep their own default (inferred).
    ...(plan.inferTypes ? { inferTypes: true } : {}),
    ...(onNote === undefined ? {} : { onNote }),
  };
}
