import { expect, it } from 'vitest';
import { readCommittedDiagram, renderDiagram } from '../../scripts/render-diagram.js';
import { chartOf } from '../../adapters/inspect/statechart-graph.js';
import { authMachine } from '../../machines/auth-machine.js';

it('docs/statechart.md and docs/statechart.svg match authMachine (run `npm run docs:diagram` after changing the chart)', async () => {
  const [fresh, committed] = await Promise.all([renderDiagram(), readCommittedDiagram()]);
  expect(committed.markdown).toBe(fresh.markdown);
  expect(committed.svg).toBe(fresh.svg);
}, 60_000);

it('draws every state of the machine, with its id, so a page can highlight the active one', async () => {
  const { svg } = await renderDiagram();
  const ids: string[] = [];
  const collect = (node: ReturnType<typeof chartOf>['root']) => {
    ids.push(node.id);
    node.children.forEach(collect);
  };
  collect(chartOf(authMachine).root);
  for (const id of ids.slice(1)) expect(svg).toContain(`id="${id}"`);
  expect(ids).toContain('auth.challenge.totpSetup.associating');
  expect(ids).toContain('auth.challenge.responding');
}, 60_000);

it('stays readable: at most 54 arrows, one per pair of states', () => {
  const { edges } = chartOf(authMachine);
  expect(edges.length).toBeLessThanOrEqual(54);
  const pairs = new Set(edges.map((e) => `${e.source}|${e.target}`));
  expect(pairs.size).toBe(edges.length);
});
