import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rewriteImports, type Snippet } from './markdown-snippets.js';

export interface RunnableSnippet {
  snippet: Snippet;
  /** Imports the snippet as a module: it runs to the end of its top-level awaits, or rejects with its error. */
  run(): Promise<void>;
}

/**
 * Writes each snippet marked `run` as its own module (package imports pointed at the source entries, as for the
 * type check) into `outDir`, emptied first, and gives a function that runs it in this process.
 */
export function prepareRunnableSnippets(snippets: readonly Snippet[], options: { repoRoot: string; outDir: string }): RunnableSnippet[] {
  const outDir = join(options.repoRoot, options.outDir);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const snippetDir = options.outDir.split(sep).join(posix.sep);
  return snippets
    .filter((snippet) => snippet.run)
    .map((snippet) => {
      const file = join(outDir, `${snippet.doc.replace(/[^\w.-]+/g, '__')}.block-${snippet.block}.ts`);
      writeFileSync(file, `${rewriteImports(snippet.code, { snippetDir })}\nexport {};\n`);
      return {
        snippet,
        run: async () => {
          await import(pathToFileURL(file).href);
        },
      };
    });
}
