import { posix } from 'node:path';

/** A fenced ```ts block of a Markdown file. */
export interface Snippet {
  /** The Markdown file, relative to the repo root, with forward slashes. */
  doc: string;
  /** 1-based position among the doc's ```ts blocks. */
  block: number;
  /** 1-based line of the doc where the block's code starts. */
  line: number;
  code: string;
  /** Marked to be run, not only type-checked: the fence reads ```ts run. */
  run: boolean;
}

const OPENING = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)([^`]*)$/;

/** Every block whose info string is `ts` or `typescript`; other languages are prose. A `run` word marks it to run. */
export function extractTsBlocks(doc: string, markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  let block = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const open = OPENING.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '```', language = '', rest = ''] = open;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !(lines[end] ?? '').trimStart().startsWith(fence)) end += 1;
    if (language === 'ts' || language === 'typescript') {
      block += 1;
      const body = lines.slice(start, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
      snippets.push({ doc, block, line: start + 1, code: body.join('\n'), run: rest.trim().split(/\s+/).includes('run') });
    }
    i = end;
  }
  return snippets;
}

/** The packages' import names and the source entry file each one is built from. */
export const PACKAGE_ENTRIES: Readonly<Record<string, string>> = {
  'cognito-auth-machine': 'index.js',
  'cognito-auth-machine/core': 'core.js',
  'cognito-auth-machine/advanced': 'advanced.js',
  'cognito-auth-machine/sdk': 'sdk.js',
  'cognito-auth-machine/inspect': 'inspect.js',
  'cognito-auth-machine/tab-sync': 'tab-sync.js',
  'cognito-auth-machine/persistence': 'persistence.js',
  'cognito-auth-machine/oauth': 'oauth.js',
  'cognito-auth-machine/fetch': 'fetch.js',
  'cognito-auth-machine/amplify': 'amplify.js',
  'cognito-auth-machine/protocol': 'protocol.js',
  '@cognito-auth-machine/local-pool': 'packages/local-pool/src/index.js',
};

export interface RewriteOptions {
  /** Folder of the written snippet, relative to the repo root. */
  snippetDir: string;
}

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\2/g;

function relativeFrom(dir: string, target: string): string {
  const path = posix.relative(dir, target);
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * Points the package's imports at the repo's source entries, so a snippet compiles as the reader would run it
 * against the published package. Other relative imports in a doc are read from the repo root (as a reader in a
 * checkout would run them) and re-based onto the snippet's folder.
 */
export function rewriteImports(code: string, options: RewriteOptions): string {
  return code.replace(SPECIFIER, (whole, lead: string, quote: string, specifier: string) => {
    const entry = PACKAGE_ENTRIES[specifier];
    if (entry) return `${lead}${quote}${relativeFrom(options.snippetDir, entry)}${quote}`;
    if (specifier.startsWith('./') || specifier.startsWith('../')) {
      const target = posix.normalize(specifier);
      return `${lead}${quote}${relativeFrom(options.snippetDir, target)}${quote}`;
    }
    return whole;
  });
}
