import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ENTRIES } from '../support/markdown-snippets.js';

/*
 * docs/api.md documents every export of every entry point once, under the entry it comes from: each entry's
 * section (`## \`cognito-auth-machine/…\``) has a table `| export | kind | what it is |` with one row per name.
 * The names are read from the entry files with the TypeScript parser (types included, `export *` followed), and
 * the values among them are checked against what importing the entry really gives. The root re-exports /core
 * and adds only what /sdk has, so it has no table of its own. The local user pool, a package of its own, is
 * documented on its own page.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const API_DOC = readFileSync(join(REPO_ROOT, 'docs', 'api.md'), 'utf8');
const ROOT = 'cognito-auth-machine';
/** The local user pool is a package of its own, documented on its own page. */
const DOCUMENTED_ELSEWHERE = new Set(['@cognito-auth-machine/local-pool']);

interface EntryExports {
  values: Set<string>;
  types: Set<string>;
}

const hasExportModifier = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The names a module exports, from its source: `export { … } from`, `export type { … }`, `export *` and declarations. */
function exportsOf(file: string): EntryExports {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: EntryExports = { values: new Set(), types: new Set() };
  const add = (name: string, typeOnly: boolean) => (typeOnly ? found.types : found.values).add(name);
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (!clause) {
        const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
        const inner = exportsOf(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
        inner.values.forEach((name) => add(name, statement.isTypeOnly));
        inner.types.forEach((name) => add(name, true));
      } else if (ts.isNamedExports(clause)) {
        for (const element of clause.elements) add(element.name.text, statement.isTypeOnly || element.isTypeOnly);
      } else {
        add(clause.name.text, statement.isTypeOnly);
      }
    } else if (hasExportModifier(statement)) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) add(declaration.name.getText(source), false);
      } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
        add(statement.name.text, true);
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
        add(statement.name.text, false);
      }
    }
  }
  // A name declared here and also reached through `export *` is this module's own, and a value.
  found.values.forEach((name) => found.types.delete(name));
  return found;
}

const allNames = (entry: EntryExports): string[] => [...entry.values, ...entry.types].sort();

/** Per entry section of api.md, the first cells of its `| export | kind | … |` table rows. */
function documentedByEntry(markdown: string): Map<string, string[]> {
  const byEntry = new Map<string, string[]>();
  let entry: string | undefined;
  let inTable = false;
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^## `(cognito-auth-machine(?:\/[\w-]+)?)`\s*$/.exec(line);
    if (heading) {
      entry = heading[1]!;
      byEntry.set(entry, []);
      inTable = false;
      continue;
    }
    if (line.startsWith('## ')) entry = undefined;
    if (!entry) continue;
    if (/^\|\s*export\s*\|\s*kind\s*\|/.test(line)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    if (/^\|[\s|:-]+$/.test(line)) continue;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
    const name = /^`([A-Za-z_$][\w$]*)`$/.exec(cells[0] ?? '')?.[1];
    if (!name || !cells[1] || !cells[2]) throw new Error(`docs/api.md, ${entry}: malformed export row: ${line}`);
    byEntry.get(entry)!.push(name);
  }
  return byEntry;
}

const entries = Object.entries(PACKAGE_ENTRIES).filter(([name]) => !DOCUMENTED_ELSEWHERE.has(name));
const exportsByEntry = new Map(entries.map(([name, file]) => [name, exportsOf(join(REPO_ROOT, file.replace(/\.js$/, '.ts')))]));
const documented = documentedByEntry(API_DOC);

describe('docs/api.md and the entry points', () => {
  it('reads, for each entry, the same values that importing it gives', async () => {
    for (const [name, file] of entries) {
      const module = (await import(pathToFileURL(join(REPO_ROOT, file.replace(/\.js$/, '.ts'))).href)) as Record<string, unknown>;
      expect([...exportsByEntry.get(name)!.values].sort(), name).toEqual(Object.keys(module).sort());
    }
  }, 60_000);

  it('package.json exports every entry, and the table of entries names each', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const table = API_DOC.slice(API_DOC.indexOf('## Entry points'), API_DOC.indexOf('\n## `'));
    for (const name of Object.keys(PACKAGE_ENTRIES)) {
      expect(table, name).toContain(`\`${name}\``);
      // Another package of the repository (the local pool) has its own package.json.
      if (name !== ROOT && !name.startsWith(`${ROOT}/`)) continue;
      const subpath = name === ROOT ? '.' : `./${name.slice(ROOT.length + 1)}`;
      expect(pkg.exports, name).toHaveProperty([subpath]);
    }
  });

  it.each(entries.filter(([name]) => name !== ROOT))('documents every export of %s under it, and nothing it does not export', (name) => {
    expect(documented.get(name)?.slice().sort(), `docs/api.md has no export table under ${name}`).toEqual(allNames(exportsByEntry.get(name)!));
  });

  it('the root gives /core with /sdk added, and is documented under those two', () => {
    const core = allNames(exportsByEntry.get(`${ROOT}/core`)!);
    const sdk = allNames(exportsByEntry.get(`${ROOT}/sdk`)!);
    expect(allNames(exportsByEntry.get(ROOT)!)).toEqual([...new Set([...core, ...sdk])].sort());
    expect(documented.get(ROOT) ?? []).toEqual([]);
  });

  it('documents no name under two entries', () => {
    const entriesOf = new Map<string, string[]>();
    for (const [entry, names] of documented) for (const name of names) entriesOf.set(name, [...(entriesOf.get(name) ?? []), entry]);
    expect([...entriesOf].filter(([, where]) => where.length > 1)).toEqual([]);
  });
});
