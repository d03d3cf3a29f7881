import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { extractTsBlocks, rewriteImports, type Snippet } from '../support/markdown-snippets.js';
import { prepareRunnableSnippets, type RunnableSnippet } from '../support/snippet-runner.js';
import { formatProblem, repoRelative, typecheckSnippets, type SnippetProblem } from '../support/snippet-typecheck.js';

/*
 * Every ```ts block of README.md and docs/**\/*.md is a module that must type-check against the source, with
 * the package's import names pointed at the repo's entry files. The modules are written to test-output/
 * (git-ignored) and checked in one TypeScript program, together with a probe document whose second block is
 * wrong on purpose, so that the same run shows the harness does report a failure. Blocks fenced ```ts run are
 * also run, in this process, against the local user pool they set up; a probe that throws shows a failing run
 * is reported.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** One program over the source costs about what `tsc --noEmit` on the repo does; leave room on a busy machine. */
const TYPECHECK_TIMEOUT_MS = 120_000;

const PROBE_DOC = 'test/docs/(probe).md';
const PROBE_MARKDOWN = [
  '```ts',
  "import { createAuth } from 'cognito-auth-machine/core';",
  'const fine: typeof createAuth | undefined = undefined;',
  '```',
  'Prose.',
  '```js',
  'not checked(',
  '```',
  '```ts',
  '',
  "const n: number = 'text';",
  '```',
].join('\n');

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
  let documented: Snippet[] = [];
  let problems: SnippetProblem[] = [];

  beforeAll(() => {
    documented = documentedSnippets();
    const probe = extractTsBlocks(PROBE_DOC, PROBE_MARKDOWN);
    problems = typecheckSnippets([...documented, ...probe], { repoRoot: REPO_ROOT, outDir: join('test-output', 'snippets') });
  }, TYPECHECK_TIMEOUT_MS);

  it('every guide has at least one ts block', () => {
    const guides = readdirSync(join(REPO_ROOT, 'docs', 'guides')).filter((name) => name.endsWith('.md'));
    // A guide without a checked example would be the one that drifts from the code.
    const withoutCode = guides.filter((name) => !documented.some((s) => s.doc === `docs/guides/${name}`));
    expect(guides.length).toBeGreaterThan(0);
    expect(withoutCode).toEqual([]);
  });

  it('every ts block in README.md and docs/ type-checks against the source', () => {
    expect(problems.filter((p) => p.doc !== PROBE_DOC).map(formatProblem)).toEqual([]);
  });

  it('reports the doc, block number, line and diagnostic of a block that does not type-check', () => {
    expect(extractTsBlocks(PROBE_DOC, PROBE_MARKDOWN).map((s) => [s.block, s.line])).toEqual([[1, 2], [2, 10]]);
    const reported = problems.filter((p) => p.doc === PROBE_DOC).map(formatProblem);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatch(/^test\/docs\/\(probe\)\.md block 2, line 11: TS2322 Type 'string' is not assignable to type 'number'/);
  });

  it('points package imports at the source entries and reads other relative imports from the repo root', () => {
    const code = [
      "import { createAuth } from 'cognito-auth-machine';",
      "import type { Transport } from 'cognito-auth-machine/core';",
      "import { sdkTransport } from 'cognito-auth-machine/sdk';",
      "const local = await import('@cognito-auth-machine/local-pool');",
      "import { startCognitoLocal } from './test/support/cognito-local.js';",
      "import { waitFor } from 'xstate';",
    ].join('\n');
    expect(rewriteImports(code, { snippetDir: 'test-output/snippets' }).split('\n')).toEqual([
      "import { createAuth } from '../../index.js';",
      "import type { Transport } from '../../core.js';",
      "import { sdkTransport } from '../../sdk.js';",
      "const local = await import('../../packages/local-pool/src/index.js');",
      "import { startCognitoLocal } from '../../test/support/cognito-local.js';",
      "import { waitFor } from 'xstate';",
    ]);
  });
});

/** A run can take a few SRP sign-ins on a busy machine. */
const RUN_TIMEOUT_MS = 30_000;
const RUN_PROBE_DOC = 'test/docs/(run probe).md';
const RUN_PROBE_MARKDOWN = ['```ts run', "throw new Error('the probe failed as it should');", '```'].join('\n');

describe('documentation snippets that run', () => {
  const marked = documentedSnippets().filter((snippet) => snippet.run);
  let runners: RunnableSnippet[] = [];

  beforeAll(() => {
    // Blocks that talk to the local pool over HTTP use the AWS SDK, which warns about Node versions of 2027.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const probe = extractTsBlocks(RUN_PROBE_DOC, RUN_PROBE_MARKDOWN);
    runners = prepareRunnableSnippets([...marked, ...probe], { repoRoot: REPO_ROOT, outDir: join('test-output', 'run-snippets') });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('every guide runs at least its main flow', () => {
    const guides = readdirSync(join(REPO_ROOT, 'docs', 'guides')).filter((name) => name.endsWith('.md'));
    expect(guides.filter((name) => !marked.some((s) => s.doc === `docs/guides/${name}`))).toEqual([]);
  });

  it.each(marked.map((s) => [`${s.doc} block ${s.block}`, s] as const))('%s runs to its end', async (_name, snippet) => {
    const runner = runners.find((r) => r.snippet.doc === snippet.doc && r.snippet.block === snippet.block);
    // The examples print what a reader would see; the test output stays readable without it.
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await runner?.run();
    expect(runner).toBeDefined();
  }, RUN_TIMEOUT_MS);

  it('reports a block that throws', async () => {
    const probe = runners.find((r) => r.snippet.doc === RUN_PROBE_DOC);
    await expect(probe?.run()).rejects.toThrow('the probe failed as it should');
  });
});
