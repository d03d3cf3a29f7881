import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';
import { rewriteImports, type Snippet } from './markdown-snippets.js';

export interface SnippetProblem {
  doc: string;
  block: number;
  /** Line in the Markdown file, when the diagnostic has a position. */
  line?: number;
  code: number;
  message: string;
}

export interface TypecheckOptions {
  repoRoot: string;
  /** Folder, relative to the repo root, that is emptied and then holds one module per snippet. */
  outDir: string;
}

function moduleName(snippet: Snippet): string {
  return `${snippet.doc.replace(/[^\w.-]+/g, '__')}.block-${snippet.block}.ts`;
}

/** The repo's own compiler options (strict, NodeNext, ES2022), so snippets meet the same bar as the source. */
function repoCompilerOptions(repoRoot: string): ts.CompilerOptions {
  const configPath = join(repoRoot, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot, undefined, configPath);
  return { ...parsed.options, noEmit: true };
}

/**
 * Writes every snippet as its own module and type-checks them all in one program. Each module ends with
 * `export {}` so that a block without imports is still a module (its own scope, top-level await allowed).
 */
export function typecheckSnippets(snippets: readonly Snippet[], options: TypecheckOptions): SnippetProblem[] {
  const outDir = join(options.repoRoot, options.outDir);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const snippetDir = options.outDir.split(sep).join(posix.sep);

  const byFile = new Map<string, Snippet>();
  for (const snippet of snippets) {
    const file = join(outDir, moduleName(snippet));
    const code = rewriteImports(snippet.code, { snippetDir });
    writeFileSync(file, `${code}\nexport {};\n`);
    byFile.set(ts.sys.resolvePath(file), snippet);
  }

  const program = ts.createProgram([...byFile.keys()], repoCompilerOptions(options.repoRoot));
  const problems: SnippetProblem[] = [];
  for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    problems.push({ doc: '(compiler options)', block: 0, code: diagnostic.code, message: flatten(diagnostic) });
  }
  for (const sourceFile of program.getSourceFiles()) {
    const snippet = byFile.get(ts.sys.resolvePath(sourceFile.fileName));
    if (!snippet) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    for (const diagnostic of diagnostics) {
      const position =
        diagnostic.start === undefined ? undefined : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line;
      problems.push({
        doc: snippet.doc,
        block: snippet.block,
        ...(position === undefined ? {} : { line: snippet.line + position }),
        code: diagnostic.code,
        message: flatten(diagnostic),
      });
    }
  }
  return problems;
}

function flatten(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
}

export function formatProblem(problem: SnippetProblem): string {
  const where = problem.line === undefined ? '' : `, line ${problem.line}`;
  return `${problem.doc} block ${problem.block}${where}: TS${problem.code} ${problem.message}`;
}

export function repoRelative(repoRoot: string, file: string): string {
  return relative(repoRoot, file).split(sep).join(posix.sep);
}
