import { useSelector } from '@xstate/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { edges, svg as diagram, wholeSvg } from 'virtual:demo-statechart';
import type { DemoChartEdge } from '../statechart-plugin.js';
import { activeStateIds } from './active-state-ids.js';
import { pendingChallengeScreen, selectStateValue } from './auth-selectors.js';
import { useDemo } from './demo-context.js';

/** Smallest part of the chart shown when following, in diagram units: never zoomed in past about 1.4×. */
const MIN_VIEW = { width: 820, height: 420 };
/** Room around the neighbourhood, in diagram units, so that arrowheads and borders are not cut. */
const MARGIN = 24;

/** A state's name as the chart labels it: `auth.challenge.smsMfa` reads `challenge.smsMfa`. */
const shortName = (id: string) => id.replace(/^auth\./, '');

/** The arrows that touch an active state (a compound one included: its arrows leave from any of its children). */
export function nearEdges(ids: readonly string[]): { out: DemoChartEdge[]; in: DemoChartEdge[] } {
  const active = new Set(ids);
  return {
    out: edges.filter((e) => active.has(e.source)),
    in: edges.filter((e) => active.has(e.target) && !active.has(e.source)),
  };
}

/**
 * The chart (from `virtual:demo-statechart`, with the ids of docs/statechart.svg) with the active states lit up.
 * Follow zooms a drawing laid out for the panel to the active state and the states one arrow away, greys out the
 * rest, and lists the arrows' events underneath; Whole chart is the docs drawing itself, regions and joined arrows
 * with their events on them, at its own size (the panel scrolls), since squeezed to the page it cannot be read.
 */
export function StatechartPanel() {
  const { auth } = useDemo();
  const value = useSelector(auth, selectStateValue);
  // While an answer is on its way, the pending challenge's state is where a refused one comes back to.
  const pending = useSelector(auth, (s) => (s.matches({ challenge: 'responding' }) ? pendingChallengeScreen(s) : null));
  const ids = useMemo(() => activeStateIds(value), [value]);
  const near = useMemo(() => nearEdges(ids), [ids]);
  const [follow, setFollow] = useState(true);
  const host = useRef<HTMLDivElement>(null);
  const markup = useMemo(() => ({ __html: follow ? diagram : wholeSvg }), [follow]);

  useEffect(() => {
    const svg = host.current?.querySelector('svg');
    if (!svg) return;
    svg.dataset.fullViewBox ??= svg.getAttribute('viewBox') ?? '';
    const [, , width = 0, height = 0] = svg.dataset.fullViewBox.split(/[\s,]+/).map(Number);
    if (follow) {
      svg.removeAttribute('width');
      svg.removeAttribute('height');
    } else {
      // One diagram unit a pixel: the docs' text sizes, as the docs show them.
      svg.setAttribute('width', `${width}`);
      svg.setAttribute('height', `${height}`);
    }
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  }, [follow]);

  useEffect(() => {
    const svg = host.current?.querySelector('svg');
    if (!svg) return;
    const active = new Set(ids);
    const nearIds = new Set([...near.out, ...near.in].map((e) => e.id));
    const neighbours = new Set([...near.out.map((e) => e.target), ...near.in.map((e) => e.source)].filter((id) => !active.has(id)));
    if (pending) neighbours.add(`auth.challenge.${pending}`);
    svg.classList.toggle('is-following', follow);
    svg.querySelectorAll<SVGGElement>('g.node, g.cluster').forEach((group) => {
      group.classList.toggle('is-active', active.has(group.id));
      group.classList.toggle('is-leaf', group.id === ids.at(-1));
      group.classList.toggle('is-neighbour', neighbours.has(group.id));
    });
    svg.querySelectorAll<SVGGElement>('g.edge').forEach((group) => group.classList.toggle('is-near', nearIds.has(group.id)));
    if (!follow) {
      scrollToState(host.current, svg, ids.at(-1) ?? 'auth');
      return;
    }
    // Measured at the whole chart, so that the box does not depend on the view it replaces.
    svg.setAttribute('viewBox', svg.dataset.fullViewBox ?? '');
    svg.setAttribute('viewBox', focusBox(svg, [ids.at(-1) ?? 'auth', ...neighbours]));
  }, [ids, near, pending, follow]);

  return (
    <section className={`panel panel--chart${follow ? ' panel--following' : ''}`} aria-labelledby="chart-title">
      <header className="panel__header">
        <h3 id="chart-title">Live statechart</h3>
        <div className="segmented" role="group" aria-label="Chart view">
          <button type="button" aria-pressed={follow} onClick={() => setFollow(true)}>Follow</button>
          <button type="button" aria-pressed={!follow} onClick={() => setFollow(false)}>Whole chart</button>
        </div>
      </header>
      <div
        className={`chart${follow ? '' : ' chart--whole'}`}
        ref={host}
        data-testid="statechart"
        data-view={follow ? 'follow' : 'whole'}
        data-active={ids.at(-1)}
        dangerouslySetInnerHTML={markup}
      />
      {follow ? (
        <div className="moves" data-testid="chart-moves">
          <MoveList title={`From ${shortName(ids.at(-1) ?? 'auth')}`} edges={near.out} end="target" leaf={ids.at(-1) ?? 'auth'} />
          <MoveList title="Arrived from" edges={near.in} end="source" leaf={ids.at(-1) ?? 'auth'} />
        </div>
      ) : (
        <p className="chart__hint">The drawing of docs/statechart.svg: amber states wait on Cognito; each arrow names the events that take it. Scroll to see all of it.</p>
      )}
    </section>
  );
}

/** One side of the active state's arrows; an arrow of an enclosing state (e.g. CANCEL on `challenge`) says so. */
function MoveList({ title, edges: list, end, leaf }: { title: string; edges: DemoChartEdge[]; end: 'source' | 'target'; leaf: string }) {
  return (
    <div className="moves__column">
      <h4>{title}</h4>
      {list.length === 0 ? (
        <p className="moves__none">nothing</p>
      ) : (
        <ul>
          {list.map((edge) => (
            <li key={edge.id}>
              <span className="moves__events">
                {end === 'target' && edge.source !== leaf ? <span className="moves__via">{shortName(edge.source)}:</span> : null}
                {edge.label.replace(/; /g, ' · ')}
              </span>
              <span className="moves__arrow" aria-hidden="true">{end === 'target' ? '→' : '←'}</span>
              <code>{shortName(edge[end])}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The viewBox around the active leaf and the states one arrow away (their clusters, for compound ones): never
 * smaller than MIN_VIEW, never past the chart's edges.
 */
function focusBox(svg: SVGSVGElement, ids: string[]): string {
  const full = svg.dataset.fullViewBox ?? '';
  const [fx = 0, fy = 0, fw = 0, fh = 0] = full.split(/[\s,]+/).map(Number);
  const toSvg = svg.getScreenCTM()?.inverse();
  if (!toSvg || !fw) return full;
  let box: { x1: number; y1: number; x2: number; y2: number } | null = null;
  for (const id of ids) {
    const group = svg.querySelector<SVGGElement>(`g.node[id="${CSS.escape(id)}"], g.cluster[id="${CSS.escape(id)}"]`);
    const rect = group?.getBoundingClientRect();
    if (!rect || rect.width === 0) continue;
    const a = new DOMPoint(rect.left, rect.top).matrixTransform(toSvg);
    const b = new DOMPoint(rect.right, rect.bottom).matrixTransform(toSvg);
    box = box
      ? { x1: Math.min(box.x1, a.x), y1: Math.min(box.y1, a.y), x2: Math.max(box.x2, b.x), y2: Math.max(box.y2, b.y) }
      : { x1: a.x, y1: a.y, x2: b.x, y2: b.y };
  }
  if (!box) return full;
  const width = Math.min(fw, Math.max(MIN_VIEW.width, box.x2 - box.x1 + 2 * MARGIN));
  const height = Math.min(fh, Math.max(MIN_VIEW.height, box.y2 - box.y1 + 2 * MARGIN));
  const x = clamp((box.x1 + box.x2) / 2 - width / 2, fx, fx + fw - width);
  const y = clamp((box.y1 + box.y2) / 2 - height / 2, fy, fy + fh - height);
  return `${x} ${y} ${width} ${height}`;
}

/** Scrolls the whole chart's panel so that the active state sits in its middle. */
function scrollToState(scroller: HTMLElement | null, svg: SVGSVGElement, id: string): void {
  const node = svg.querySelector<SVGGElement>(`g.node[id="${CSS.escape(id)}"], g.cluster[id="${CSS.escape(id)}"]`);
  if (!scroller || !node) return;
  const box = node.getBoundingClientRect();
  const view = scroller.getBoundingClientRect();
  scroller.scrollLeft += box.left + box.width / 2 - (view.left + view.width / 2);
  scroller.scrollTop += box.top + box.height / 2 - (view.top + view.height / 2);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
