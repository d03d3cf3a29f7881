import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLocalCognito } from '../src/local-cognito.js';

const DOC = new URL('../../../docs/local-user-pool.md', import.meta.url);

/** The operations listed in the Operations section of docs/local-user-pool.md, one `- \`Name\`` item each. */
function documentedOperations(): string[] {
  const text = readFileSync(DOC, 'utf8');
  const start = text.indexOf('\n## Operations\n');
  const end = text.indexOf('Rules worth knowing:', start);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return [...text.slice(start, end).matchAll(/^- `([A-Za-z]+)`/gm)].map((m) => m[1]!);
}

describe('docs/local-user-pool.md', () => {
  it('lists exactly the operations the pool implements, each once', () => {
    const documented = documentedOperations();
    const implemented = [...createLocalCognito().operations];
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...implemented].sort());
  });

  it('answers every listed operation other than with UnknownOperationException', async () => {
    const cognito = createLocalCognito();
    for (const operation of documentedOperations()) {
      const error = await cognito.send(operation, {}).then(() => undefined, (e: Error) => e);
      expect(error?.name, operation).not.toBe('UnknownOperationException');
    }
  });
});
