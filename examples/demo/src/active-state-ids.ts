import type { StateValue } from 'xstate';

/**
 * The ids of every active state node, root first: `{ challenge: { totpSetup: 'idle' } }` gives `auth`,
 * `auth.challenge`, `auth.challenge.totpSetup`, `auth.challenge.totpSetup.idle` — the ids the generated diagram
 * gives its nodes and clusters.
 */
export function activeStateIds(value: StateValue, rootId = 'auth'): string[] {
  const ids = [rootId];
  const walk = (prefix: string, node: StateValue): void => {
    if (typeof node === 'string') {
      ids.push(`${prefix}.${node}`);
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      ids.push(`${prefix}.${key}`);
      if (child !== undefined) walk(`${prefix}.${key}`, child);
    }
  };
  walk(rootId, value);
  return ids;
}

/** The deepest active state, dotted without the root: what the page shows as "the state". */
export function leafStatePath(value: StateValue): string {
  const ids = activeStateIds(value);
  return (ids.at(-1) ?? 'auth').replace(/^auth\.?/, '');
}
