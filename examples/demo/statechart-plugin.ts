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
 * Gives each arrow of `toDot`'s text its edge id (`edge:<n>`, in chartOf's order, which toDot follows), and either
 * keeps its label on the arrow or moves it to the tooltip.
 */
function withEdgeIds(dot: string, chartEdges: readonly { source: string; target: string; label: string }[], labels: 'onArrow' | 'inTooltip') {
  let index = 0;
  const edges: DemoChartEdge[] = [];
  const out = dot.replace(/^(\s*"[^"]+" -> "[^"]+" \[)label=/gm, (_, head: string) => {
    const edge = chartEdges[index];
    if (!edge) throw new Error('toDot drew more arrows than chartOf has edges');
    const id = `edge:${index++}`;
    edges.push({ id, ...edge });
    return labels === 'onArrow' ? `${head}id="${id}", label=` : `${head}id="${id}", tooltip=`;
  });
  if (index !== chartEdges.length) throw new Error(`toDot drew ${index} arrows for ${chartEdges.length} edges`);
  return { dot: out, edges };
}

const svgOnly = (svg: string) => svg.replace(/^[\s\S]*?(<svg)/, '$1');

/**
 * Two drawings of the chart the docs draw (`toDot`: the same states, regions, joined arrows and ids as
 * docs/statechart.svg). `svg` is laid out for following the active state in a panel: top to bottom, each arrow's
 * events in its tooltip and in `edges`, listed under the panel. `wholeSvg` is docs/statechart.svg itself, with
 * every arrow's events on it, for reading the whole chart at its own size.
 */
export async function renderDemoStatechart(): Promise<{ svg: string; wholeSvg: string; edges: DemoChartEdge[] }> {
  const { edges: chartEdges } = chartOf(authMachine);
  const docs = toDot(authMachine);
  const follow = withEdgeIds(
    docs.replace('rankdir=LR;', 'rankdir=TB;').replace('nodesep=0.25; ranksep=0.5;', 'nodesep=0.3; ranksep=0.45;'),
    chartEdges,
    'inTooltip',
  );
  const whole = withEdgeIds(docs, chartEdges, 'onArrow');
  const viz = await instance();
  const render = (dot: string) => svgOnly(viz.renderString(dot, { format: 'svg', engine: 'dot' }));
  return { svg: render(follow.dot), wholeSvg: render(whole.dot), edges: follow.edges };
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
        ({ svg, wholeSvg, edges }) =>
          `export const svg = ${JSON.stringify(svg)};\nexport const wholeSvg = ${JSON.stringify(wholeSvg)};\nexport const edges = ${JSON.stringify(edges)};\n`,
      );
      return rendered;
    },
  };
}
