import type { AnyStateMachine } from 'xstate';
import { toDirectedGraph, type DirectedGraphEdge, type DirectedGraphNode } from 'xstate/graph';

/**
 * The chart as text, from the machine's own definition: Mermaid for Markdown viewers, DOT for Graphviz.
 * Node ids are the state ids (`auth.challenge.smsMfa`), so a page can find and highlight the active states.
 */

export interface ChartEdge {
  source: string;
  target: string;
  label: string;
}

export interface ChartNode {
  id: string;
  key: string;
  children: ChartNode[];
  initial?: string;
  tags: string[];
}

/** How a transition reads on the chart: the event, `done`/`error` of an invoked service, or `after <delay>`. */
function edgeLabel(edge: DirectedGraphEdge): string {
  const type = edge.label.text;
  const done = /^xstate\.done\.actor\.(.+)$/.exec(type);
  if (done) return `${done[1]} done`;
  const error = /^xstate\.error\.actor\.(.+)$/.exec(type);
  if (error) return `${error[1]} failed`;
  const after = /^xstate\.after\.([^.]+)\./.exec(type);
  if (after) return `after ${after[1]}`;
  return type;
}

function nodeOf(graph: DirectedGraphNode): ChartNode {
  const initial = graph.stateNode.initial?.target[0]?.id;
  return {
    id: graph.id,
    key: graph.stateNode.key,
    children: graph.children.map(nodeOf),
    ...(initial ? { initial } : {}),
    tags: [...graph.stateNode.tags],
  };
}

/**
 * Edges that change state, once per (source, target, label). Transitions without a target (a refused event
 * that only records the error) are left out: they would be a loop on every state that takes input.
 */
export function chartOf(machine: AnyStateMachine): { root: ChartNode; edges: ChartEdge[] } {
  const graph = toDirectedGraph(machine);
  const edges = new Map<string, ChartEdge>();
  const visit = (node: DirectedGraphNode) => {
    for (const edge of node.edges) {
      if (!edge.transition.target?.length) continue;
      const chartEdge = { source: edge.source.id, target: edge.target.id, label: edgeLabel(edge) };
      edges.set(`${chartEdge.source}|${chartEdge.target}|${chartEdge.label}`, chartEdge);
    }
    node.children.forEach(visit);
  };
  visit(graph);
  return { root: nodeOf(graph), edges: joinLabels(joinRegions(mergeSiblingEdges([...edges.values()], graph.id))) };
}

const topLevel = (id: string) => id.split('.').slice(0, 2).join('.');
const inside = (id: string, region: string) => id === region || id.startsWith(`${region}.`);

/**
 * Arrows between regions are drawn between the regions: a state that enters a region at several of its states
 * (signedOut: a code to confirm, or one to resend) gets one arrow into the region, and a region that leaves for a
 * state (CANCEL) carries on that arrow its inner states' reasons for going there too. Inside a region, and in
 * the inspector, every transition keeps its own states.
 */
function joinRegions(edges: ChartEdge[]): ChartEdge[] {
  const entries = new Map<string, Set<string>>();
  for (const edge of edges) {
    const region = topLevel(edge.target);
    if (edge.target !== region && !inside(edge.source, region)) {
      const key = `${edge.source}|${region}`;
      entries.set(key, (entries.get(key) ?? new Set()).add(edge.target));
    }
  }
  const exits = new Set(edges.filter((e) => e.source === topLevel(e.source) && !inside(e.target, e.source)).map((e) => `${e.source}|${e.target}`));
  return edges.map((edge) => {
    const region = topLevel(edge.target);
    const into = (entries.get(`${edge.source}|${region}`)?.size ?? 0) > 1 ? { target: region } : {};
    const from = topLevel(edge.source);
    const out = !inside(edge.target, from) && exits.has(`${from}|${edge.target}`) ? { source: from } : {};
    return { ...edge, ...into, ...out };
  });
}

/**
 * One arrow per pair of states, listing every way from one to the other: `signUp done, failed`, or
 * `CANCEL; after challengeSessionExpiry`. The region's own transitions come first.
 */
function joinLabels(edges: ChartEdge[]): ChartEdge[] {
  const pairs = new Map<string, { edge: ChartEdge; reasons: Map<string, string[]> }>();
  for (const edge of edges) {
    const key = `${edge.source}|${edge.target}`;
    const pair = pairs.get(key) ?? { edge, reasons: new Map<string, string[]>() };
    pairs.set(key, pair);
    const outcome = /^(\S+) (done|failed)$/.exec(edge.label);
    const reason = outcome ? outcome[1]! : edge.label;
    const outcomes = pair.reasons.get(reason) ?? [];
    pair.reasons.set(reason, outcome ? [...outcomes, outcome[2]!] : outcomes);
  }
  return [...pairs.values()].map(({ edge, reasons }) => ({
    ...edge,
    label: [...reasons].map(([reason, outcomes]) => (outcomes.length ? `${reason} ${[...new Set(outcomes)].join(', ')}` : reason)).join('; '),
  }));
}

/** The deepest state containing every id given (dotted state ids). */
function commonAncestor(ids: string[]): string {
  const parts = ids.map((id) => id.split('.'));
  const shared: string[] = [];
  for (let i = 0; parts.every((p) => i < p.length - 1 && p[i] === parts[0]![i]); i++) shared.push(parts[0]![i]!);
  return shared.join('.');
}

/**
 * Keeps the drawing readable: two or more edges with one label from one state into states under one
 * parent (any challenge Cognito may ask for) become one edge into that parent; likewise two or more
 * states under one parent sharing a label and a target (each challenge's session expiry) become one edge
 * from the parent. The machine's root is never such a parent.
 */
function mergeSiblingEdges(edges: ChartEdge[], rootId: string): ChartEdge[] {
  const fold = (list: ChartEdge[], keyOf: (e: ChartEdge) => string, side: 'source' | 'target'): ChartEdge[] => {
    const groups = new Map<string, ChartEdge[]>();
    for (const edge of list) groups.set(keyOf(edge), [...(groups.get(keyOf(edge)) ?? []), edge]);
    const out = new Map<string, ChartEdge>();
    for (const group of groups.values()) {
      const ids = group.map((e) => e[side]);
      const ancestor = new Set(ids).size > 1 ? commonAncestor(ids) : '';
      const merged = group.length >= 2 && ancestor !== rootId && ancestor !== '' ? group.map((e) => ({ ...e, [side]: ancestor })) : group;
      for (const edge of merged) out.set(`${edge.source}|${edge.target}|${edge.label}`, edge);
    }
    return [...out.values()];
  };
  // Group within one top-level state, so that `signedIn` and the challenges are never folded together.
  const intoParent = fold(edges, (e) => `${e.source}|${e.label}|${topLevel(e.target)}`, 'target');
  return fold(intoParent, (e) => `${e.label}|${e.target}|${topLevel(e.source)}`, 'source');
}

const mermaidId = (id: string) => id.replace(/[^A-Za-z0-9]/g, '_');

export function toMermaid(machine: AnyStateMachine): string {
  const { root, edges } = chartOf(machine);
  const lines = ['stateDiagram-v2'];
  const declare = (node: ChartNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const label = node.tags.includes('busy') ? `${node.key} (busy)` : node.key;
    if (node.children.length === 0) {
      lines.push(`${pad}state "${label}" as ${mermaidId(node.id)}`);
      return;
    }
    lines.push(`${pad}state "${label}" as ${mermaidId(node.id)} {`);
    if (node.initial) lines.push(`${pad}  [*] --> ${mermaidId(node.initial)}`);
    node.children.forEach((child) => declare(child, depth + 1));
    lines.push(`${pad}}`);
  };
  root.children.forEach((child) => declare(child, 1));
  if (root.initial) lines.push(`  [*] --> ${mermaidId(root.initial)}`);
  for (const edge of edges) lines.push(`  ${mermaidId(edge.source)} --> ${mermaidId(edge.target)}: ${edge.label}`);
  return `${lines.join('\n')}\n`;
}

const quote = (text: string) => `"${text.replace(/"/g, '\\"')}"`;

export function toDot(machine: AnyStateMachine): string {
  const { root, edges } = chartOf(machine);
  const compound = new Map<string, ChartNode>();
  const lines = [
    'digraph auth {',
    '  compound=true; rankdir=LR; newrank=true; nodesep=0.25; ranksep=0.5;',
    '  graph [fontname="Helvetica", fontsize=11, style="rounded", color="#94a3b8"];',
    '  node [shape=box, style="rounded,filled", fillcolor="#f8fafc", color="#64748b", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9, color="#64748b", fontcolor="#334155", arrowsize=0.6];',
  ];
  const declare = (node: ChartNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const busy = node.tags.includes('busy');
    if (node.children.length === 0) {
      const fill = busy ? ', fillcolor="#fef3c7"' : '';
      lines.push(`${pad}${quote(node.id)} [id=${quote(node.id)}, label=${quote(node.key)}${fill}];`);
      return;
    }
    compound.set(node.id, node);
    lines.push(`${pad}subgraph ${quote(`cluster_${node.id}`)} {`);
    lines.push(`${pad}  id=${quote(node.id)}; label=${quote(busy ? `${node.key} (busy)` : node.key)};`);
    node.children.forEach((child) => declare(child, depth + 1));
    lines.push(`${pad}}`);
  };
  root.children.forEach((child) => declare(child, 1));
  // An edge into or out of a compound state is drawn to its initial leaf and clipped at the cluster border.
  const leafOf = (id: string): string => {
    const node = compound.get(id);
    return node ? leafOf(node.initial ?? node.children[0]!.id) : id;
  };
  for (const edge of edges) {
    // One reason a line, so that an arrow with several stays narrow.
    const attrs = [`label=${quote(edge.label).replace(/; /g, "\\n")}`];
    if (compound.has(edge.source) && !edge.target.startsWith(`${edge.source}.`)) {
      attrs.push(`ltail=${quote(`cluster_${edge.source}`)}`);
    }
    if (compound.has(edge.target) && !edge.source.startsWith(`${edge.target}.`)) {
      attrs.push(`lhead=${quote(`cluster_${edge.target}`)}`);
    }
    lines.push(`  ${quote(leafOf(edge.source))} -> ${quote(leafOf(edge.target))} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
