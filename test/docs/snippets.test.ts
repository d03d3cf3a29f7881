import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractTsBlocks, rewriteImports, type Snippet } from '../support/markdown-snippets.js';
import { formatProblem, repoRelative, typecheckSnippets } from '../support/snippet-typecheck.js';

/*
 * Every ```ts block of README.md and docs/**\/*.md is a module that must type-check against the source, with
 * the package's import names pointed at the repo's entry files. The modules are written to test-output/
 * (git-ignored) and checked in one TypeScript program.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** One program over the source takes about as long as `tsc --noEmit` on the repo; leave room on a busy machine. */
const TYPECHECK_TIMEOUT_MS = 120_000;

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

function documentedSnippets(): Snippet[] {
  const files = [join(REPO_ROOT, 'README.md'), ...markdownFiles(join(REPO_ROOT, 'docs'))].filter((file) => existsSync(file));
  return files.flatMap((file) => extractTsBlocks(repoRelative(REPO_ROOT, file), readFileSync(file, 'utf8')));
}

describe('documentation snippets', () => {
  it('every ```ts block in README.md and docs/ type-checks against the source', () => {
    const snippets = documentedSnippets();
    const guides = readdirSync(join(REPO_ROOT, 'docs', 'guides')).filter((name) => name.endsWith('.md'));
    // A guide without a checked example would be the one that drifts from the code.
    const withoutCode = guides.filter((name) => !snippets.some((s) => s.doc === `docs/guides/${name}`));
    expect(withoutCode).toEqual([]);

    const problems = typecheckSnippets(snippets, { repoRoot: REPO_ROOT, outDir: join('test-output', 'snippets') });
    expect(problems.map(formatProblem)).toEqual([]);
  }, TYPECHECK_TIMEOUT_MS);

  it('reports the doc, block number and diagnostic of a block that does not type-check', () => {
    const markdown = ['```ts', 'const fine = 1;', '```', 'Prose.', '```js', 'not checked(', '```', '```ts', '', "const n: number = 'text';", '```'].join('\n');
    const snippets = extractTsBlocks('docs/example.md', markdown);
    expect(snippets.map((s) => [s.block, s.line])).toEqual([[1, 2], [2, 9]]);

    const problems = typecheckSnippets(snippets, { repoRoot: REPO_ROOT, outDir: join('test-output', 'snippets-selftest') });
    expect(problems).toHaveLength(1);
    expect(formatProblem(problems[0]!)).toMatch(/^docs\/example\.md block 2, line 10: TS2322 Type 'string' is not assignable to type 'number'/);
  }, TYPECHECK_TIMEOUT_MS);

  it('points package imports at the source entries and reads other relative imports from the repo root', () => {
    const code = [
      "import { createAuth } from 'cognito-auth-machine';",
      "import type { Transport } from 'cognito-auth-machine/core';",
      "import { sdkTransport } from 'cognito-auth-machine/sdk';",
      "const local = await import('cognito-auth-machine/local');",
      "import { startCognitoLocal } from './test/support/cognito-local.js';",
      "import { waitFor } from 'xstate';",
    ].join('\n');
    expect(rewriteImports(code, { snippetDir: 'test-output/snippets' }).split('\n')).toEqual([
      "import { createAuth } from '../../index.js';",
      "import type { Transport } from '../../core.js';",
      "import { sdkTransport } from '../../sdk.js';",
      "const local = await import('../../local.js');",
      "import { startCognitoLocal } from '../../test/support/cognito-local.js';",
      "import { waitFor } from 'xstate';",
    ]);
  });
});
