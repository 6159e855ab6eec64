/**
 * The TypeScript blocks of Markdown pages, type-checked as the modules a user would write:
 * each ```ts / ```typescript block becomes its own ES module (top-level await allowed) in which
 * 'data8-batch' and 'data8-batch/emulator' resolve to lib/, under the project's own compiler
 * options. All blocks go into one program, so lib/ is checked once however many blocks there are.
 */
import path from 'node:path';
import ts from 'typescript';

/** A fenced TypeScript block of a page. */
export interface DocBlock {
  /** The page, relative to the repository. */
  readonly file: string;
  /** The line of the block's first line of code (1-based). */
  readonly line: number;
  readonly code: string;
}

/** A compiler error in a block, placed at its line in the page. */
export interface BlockProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;

/** The ```ts and ```typescript blocks of one page. */
export function extractBlocks(file: string, markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? '');
    if (open === null) continue;
    const fence = open[2] ?? '```';
    const language = (open[3] ?? '').toLowerCase();
    const start = index + 1;
    let end = start;
    while (end < lines.length && !(lines[end] ?? '').trimStart().startsWith(fence)) end++;
    if (language === 'ts' || language === 'typescript') blocks.push({ file, line: start + 1, code: lines.slice(start, end).join('\n') });
    index = end;
  }
  return blocks;
}

/** The repository's compiler options, with the package's own names mapped to its sources. */
function compilerOptions(repo: string): ts.CompilerOptions {
  const configPath = path.join(repo, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  if (config.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repo, undefined, configPath);
  return {
    ...parsed.options,
    noEmit: true,
    paths: {
      'data8-batch': [path.join(repo, 'lib/index.ts')],
      'data8-batch/emulator': [path.join(repo, 'lib/emulator/index.ts')],
    },
  };
}

/**
 * Type-checks every block and answers each error with the page and line it comes from. The
 * blocks are served from memory under `<repo>/.doc-blocks/`, so packages resolve from the
 * repository's node_modules as they would for a file of the repository.
 */
export function checkBlocks(repo: string, blocks: readonly DocBlock[]): BlockProblem[] {
  const directory = path.join(repo, '.doc-blocks');
  const sources = new Map<string, DocBlock>();
  // .mts: an ES module whatever the nearest package.json says; `export {}` makes a block
  // without imports a module too, so its names never collide with another block's.
  blocks.forEach((block, index) => sources.set(path.join(directory, `block-${index}.mts`), block));
  const options = compilerOptions(repo);
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (sources.has(file) ? `${sources.get(file)?.code ?? ''}\nexport {};\n` : readFile(file));
  host.fileExists = (file) => sources.has(file) || fileExists(file);
  host.getSourceFile = (file, language, onError, create) => {
    const text = sources.has(file) ? host.readFile(file) : undefined;
    return text === undefined ? getSourceFile(file, language, onError, create) : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram({ rootNames: [...sources.keys()], options, host });
  const problems: BlockProblem[] = [];
  for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    problems.push({ file: 'tsconfig.json', line: 0, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n') });
  }
  for (const [file, block] of sources) {
    const sourceFile = program.getSourceFile(file);
    if (sourceFile === undefined) continue;
    for (const diagnostic of [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]) {
      const line = diagnostic.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line;
      problems.push({ file: block.file, line: block.line + line, message: `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}` });
    }
  }
  return problems;
}

/**
 * Why a block shows a stream composition whose errors nobody handles, or `undefined`. A
 * stream-chain `chain([...])` or a `.pipe()` re-emits or leaves a failing stream's 'error';
 * with no listener it ends the process instead of rejecting the caller's `await`. Such a block
 * must run the streams through `pipeline()` or listen for 'error' itself.
 */
export function unhandledStreamErrors(block: DocBlock): string | undefined {
  const composes = /\bchain\s*\(|\.pipe\s*\(/.test(block.code);
  const handles = /\bpipeline\s*\(|\.(?:on|once)\s*\(\s*['"]error['"]/.test(block.code);
  return composes && !handles ? 'composes streams with chain() or .pipe() but neither uses pipeline() nor listens for \'error\'' : undefined;
}
