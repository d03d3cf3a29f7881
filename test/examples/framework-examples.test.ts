import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'svelte/compiler';
import ts from 'typescript';
import { compileScript, compileTemplate, parse } from 'vue/compiler-sfc';
import { describe, expect, it } from 'vitest';

/**
 * The per-framework examples are type-checked here: the TypeScript they are made of (the React component and hook,
 * the logic modules the Vue and Svelte components use, the Angular component, the vanilla page, the React demo) against the library's types, and the components
 * themselves through their frameworks' compilers. Their sign-in is exercised in Chromium by test/browser.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const file = (path: string) => `${root}${path}`;

const EXAMPLE_ENTRIES = [
  'examples/sign-in-view.ts',
  'examples/react/use-sign-in.ts',
  'examples/react/SignIn.tsx',
  'examples/react/main.tsx',
  'examples/vue/use-sign-in.ts',
  'examples/vue/main.ts',
  'examples/vue/vue-shims.d.ts',
  'examples/svelte/sign-in-store.ts',
  'examples/svelte/main.ts',
  'examples/svelte/svelte-shims.d.ts',
  'examples/angular/select-signal.ts',
  'examples/angular/sign-in.component.ts',
  'examples/angular/main.ts',
  'examples/vanilla/main.ts',
  'examples/demo/src/main.tsx',
  'examples/demo/src/env.d.ts',
];

describe('framework examples', () => {
  it('type-check against the library with the project compiler options', () => {
    const config = ts.readConfigFile(file('tsconfig.json'), (path) => ts.sys.readFile(path));
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const program = ts.createProgram(EXAMPLE_ENTRIES.map(file), { ...options, noEmit: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName.replace(root, '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
    // The program really holds the examples and the libraries they bind to.
    const names = program.getSourceFiles().map((f) => f.fileName);
    expect(names.some((n) => n.includes('@xstate/vue'))).toBe(true);
    expect(names.some((n) => n.includes('@xstate/svelte'))).toBe(true);
    expect(names.some((n) => n.includes('@xstate/react'))).toBe(true);
    expect(names.some((n) => n.includes('@angular/core'))).toBe(true);
  }, 180_000);

  it('SignIn.svelte compiles with Svelte 5 and uses the store module', async () => {
    const source = await readFile(file('examples/svelte/SignIn.svelte'), 'utf8');
    const result = compile(source, { filename: 'SignIn.svelte', generate: 'client' });
    expect(result.warnings.map((w) => w.message)).toEqual([]);
    expect(result.js.code).toContain('./sign-in-store.js');
  });

  it('SignIn.vue compiles (script setup in TypeScript and template) and uses the composable', async () => {
    const source = await readFile(file('examples/vue/SignIn.vue'), 'utf8');
    const { descriptor, errors } = parse(source, { filename: 'SignIn.vue' });
    expect(errors).toEqual([]);
    const script = compileScript(descriptor, { id: 'sign-in' });
    expect(script.content).toContain('./use-sign-in.js');
    const template = compileTemplate({
      source: descriptor.template?.content ?? '',
      filename: 'SignIn.vue',
      id: 'sign-in',
      compilerOptions: { bindingMetadata: script.bindings ?? {} },
    });
    expect(template.errors).toEqual([]);
    expect(template.code).toContain('Sign in');
  });
});
