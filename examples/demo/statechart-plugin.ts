import { instance } from '@viz-js/viz';
import type { Plugin } from 'vite';
import { chartOf, toDot } from '../../adapters/inspect/statechart-graph.js';
import { authMachine } from '../../machines/auth-machine.js';

/** What the chart panel imports: the diagram laid out for a page, and each arrow's states and events. */
export const DEMO_STATECHART_MODULE = 'virtual:demo-statechart';

export interface DemoChartEdge {
  /** The arrow's `<g id>` in the SVG. */
  id: string;
  /** The states it joins, region to region (a compound state's id when the arrow leaves or enters it as a whole). */
  source: string;
  target: string;
  /** The events and service results that take it, as the docs diagram labels it. */
  label: string;
}

/**
 * The chart the docs draw (`toDot`, the same ids as docs/statechart.svg), laid out for a page panel rather than a
 * document: top to bottom, with each arrow's events in its tooltip and in `edges` instead of on the arrow. The
 * labels are what makes the docs layout 3,000 units wide; without them the whole chart fits a 1,440 px page
 * at a readable size, and the panel shows the events of the arrows around the active state itself.
 */
export async function renderDemoStatechart(): Promise<{ svg: string; edges: DemoChartEdge[] }> {
  const { edges: chartEdges } = chartOf(authMachine);
  let index = 0;
  const edges: DemoChartEdge[] = [];
  const dot = toDot(authMachine)
    .replace('rankdir=LR;', 'rankdir=TB;')
    .replace('nodesep=0.25; ranksep=0.5;', 'nodesep=0.3; ranksep=0.45;')
    // toDot writes one arrow per chart edge, in chartOf's order.
    .replace(/^(\s*"[^"]+" -> "[^"]+" \[)label=/gm, (_, head: string) => {
      const edge = chartEdges[index];
      if (!edge) throw new Error('toDot drew more arrows than chartOf has edges');
      const id = `edge:${index++}`;
      edges.push({ id, ...edge });
      return `${head}id="${id}", tooltip=`;
    });
  if (index !== chartEdges.length) throw new Error(`toDot drew ${index} arrows for ${chartEdges.length} edges`);
  const viz = await instance();
  const svg = viz.renderString(dot, { format: 'svg', engine: 'dot' });
  return { svg: svg.replace(/^[\s\S]*?(<svg)/, '$1'), edges };
}

/** Serves `virtual:demo-statechart` from the machine itself, so the demo never shows a stale chart. */
export function demoStatechartPlugin(): Plugin {
  const resolved = `\0${DEMO_STATECHART_MODULE}`;
  let rendered: Promise<string> | null = null;
  return {
    name: 'demo-statechart',
    resolveId: (id) => (id === DEMO_STATECHART_MODULE ? resolved : null),
    load(id) {
      if (id !== resolved) return null;
      rendered ??= renderDemoStatechart().then(
        ({ svg, edges }) => `export const svg = ${JSON.stringify(svg)};\nexport const edges = ${JSON.stringify(edges)};\n`,
      );
      return rendered;
    },
  };
}
