import { useSelector } from '@xstate/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import diagram from '../../../docs/statechart.svg?raw';
import { activeStateIds } from './active-state-ids.js';
import { selectStateValue } from './auth-selectors.js';
import { useDemo } from './demo-context.js';

/** Smallest part of the chart shown when following the active state, in diagram units, so neighbours stay in view. */
const MIN_VIEW = { width: 820, height: 460 };

/** The offline diagram (docs/statechart.svg, `npm run docs:diagram`) with the active states lit up. */
export function StatechartPanel() {
  const { auth } = useDemo();
  const value = useSelector(auth, selectStateValue);
  const ids = useMemo(() => activeStateIds(value), [value]);
  const [follow, setFollow] = useState(true);
  const host = useRef<HTMLDivElement>(null);
  const markup = useMemo(() => ({ __html: diagram.replace(/^[\s\S]*?(<svg)/, '$1') }), []);

  useEffect(() => {
    const svg = host.current?.querySelector('svg');
    if (!svg) return;
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    svg.dataset.fullViewBox ??= svg.getAttribute('viewBox') ?? '';
  }, []);

  useEffect(() => {
    const svg = host.current?.querySelector('svg');
    if (!svg) return;
    const active = new Set(ids);
    svg.querySelectorAll<SVGGElement>('g.node, g.cluster').forEach((group) => {
      group.classList.toggle('is-active', active.has(group.id));
      group.classList.toggle('is-leaf', group.id === ids.at(-1));
    });
    svg.setAttribute('viewBox', follow ? focusBox(svg, ids) : (svg.dataset.fullViewBox ?? ''));
  }, [ids, follow]);

  return (
    <section className="panel panel--chart" aria-labelledby="chart-title">
      <header className="panel__header">
        <h3 id="chart-title">Live statechart</h3>
        <div className="segmented" role="group" aria-label="Chart view">
          <button type="button" aria-pressed={follow} onClick={() => setFollow(true)}>Follow</button>
          <button type="button" aria-pressed={!follow} onClick={() => setFollow(false)}>Whole chart</button>
        </div>
      </header>
      <div className="chart" ref={host} data-testid="statechart" data-active={ids.at(-1)} dangerouslySetInnerHTML={markup} />
    </section>
  );
}

/**
 * The viewBox centred on the innermost active group that is a cluster (e.g. `auth.challenge.smsMfa`) or, for
 * a top-level atomic state, on its node; never smaller than MIN_VIEW and never past the chart's edges.
 */
function focusBox(svg: SVGSVGElement, ids: string[]): string {
  const full = svg.dataset.fullViewBox ?? '';
  const [fx = 0, fy = 0, fw = 0, fh = 0] = full.split(/[\s,]+/).map(Number);
  const toSvg = svg.getScreenCTM()?.inverse();
  const leaf = ids.at(-1);
  const parent = ids.at(-2);
  const parentGroup = parent && parent !== 'auth' ? svg.querySelector<SVGGElement>(`g.cluster[id="${CSS.escape(parent)}"]`) : null;
  const target = parentGroup ?? (leaf ? svg.querySelector<SVGGElement>(`g[id="${CSS.escape(leaf)}"]`) : null);
  if (!target || !toSvg || !fw) return full;
  const rect = target.getBoundingClientRect();
  if (rect.width === 0) return full;
  const a = new DOMPoint(rect.left, rect.top).matrixTransform(toSvg);
  const b = new DOMPoint(rect.right, rect.bottom).matrixTransform(toSvg);
  const width = Math.min(fw, Math.max(MIN_VIEW.width, (b.x - a.x) * 1.2));
  const height = Math.min(fh, Math.max(MIN_VIEW.height, (b.y - a.y) * 1.2));
  const x = clamp((a.x + b.x) / 2 - width / 2, fx, fx + fw - width);
  const y = clamp((a.y + b.y) / 2 - height / 2, fy, fy + fh - height);
  return `${x} ${y} ${width} ${height}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
