import type { AnyStateMachine, InspectionEvent, StateValue } from 'xstate';

/*
 * Coverage of the real chart, read from its definition at runtime: every state node under the root, and every
 * transition candidate (each guarded branch counts on its own) of every state node. Event-driven transitions are
 * those the app's events take; service outcomes (`xstate.done.actor.*`, `xstate.error.actor.*`) and timers
 * (`xstate.after.*`) are counted apart. Taken transitions are observed through the actor's `inspect` option.
 */

export type TransitionKind = 'event' | 'service' | 'timer';

interface StateNodeLike {
  id: string;
  states: Record<string, StateNodeLike>;
  transitions: Map<string, readonly unknown[]>;
}

interface TransitionLike {
  source: { id: string; transitions: Map<string, readonly unknown[]> };
  eventType: string;
}

export function kindOf(eventType: string): TransitionKind {
  if (eventType.startsWith('xstate.after.')) return 'timer';
  if (eventType.startsWith('xstate.done.actor.') || eventType.startsWith('xstate.error.actor.')) return 'service';
  return 'event';
}

function transitionKey(sourceId: string, eventType: string, index: number): string {
  return `${sourceId} ${eventType} #${index}`;
}

export interface ChartDefinition {
  states: string[];
  transitions: Record<TransitionKind, string[]>;
}

/** Every state node id (root excluded) and every transition candidate of the machine, by kind. */
export function chartDefinition(machine: AnyStateMachine): ChartDefinition {
  const states: string[] = [];
  const transitions: Record<TransitionKind, string[]> = { event: [], service: [], timer: [] };
  const walk = (node: StateNodeLike, isRoot: boolean) => {
    if (!isRoot) states.push(node.id);
    for (const [eventType, candidates] of node.transitions) {
      candidates.forEach((_, index) => transitions[kindOf(eventType)].push(transitionKey(node.id, eventType, index)));
    }
    for (const child of Object.values(node.states)) walk(child, false);
  };
  walk(machine.root as unknown as StateNodeLike, true);
  return { states, transitions };
}

/** The ids of the state nodes a state value is in, e.g. `{ challenge: 'smsMfa' }` → three ids. */
export function stateIdsOf(rootId: string, value: StateValue): string[] {
  const ids: string[] = [];
  const walk = (prefix: string, v: StateValue) => {
    if (typeof v === 'string') {
      ids.push(`${prefix}.${v}`);
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      if (child === undefined) continue;
      ids.push(`${prefix}.${key}`);
      walk(`${prefix}.${key}`, child);
    }
  };
  walk(rootId, value);
  return ids;
}

/** Collects what actors actually did; share one across runs, hand `inspect` to each actor. */
export class CoverageRecorder {
  readonly states = new Set<string>();
  readonly transitions = new Set<string>();

  constructor(private readonly rootId: string) {}

  readonly inspect = (event: InspectionEvent): void => {
    if (event.type === '@xstate.microstep') {
      for (const t of event._transitions as unknown as TransitionLike[]) {
        // A provided machine has its own node objects: identify a transition by source, event and position.
        const index = t.source.transitions.get(t.eventType)?.indexOf(t) ?? -1;
        this.transitions.add(transitionKey(t.source.id, t.eventType, index));
      }
    }
    if (event.type === '@xstate.snapshot' || event.type === '@xstate.microstep') {
      // The root actor's snapshots: the chart's (inspection events reach the recorder redacted, without `machine`).
      const snapshot = event.snapshot as { value?: StateValue };
      if (event.actorRef.sessionId === event.rootId && snapshot.value !== undefined) {
        for (const id of stateIdsOf(this.rootId, snapshot.value)) this.states.add(id);
      }
    }
  };

  report(definition: ChartDefinition) {
    const part = (all: string[], seen: Set<string>) => {
      const missing = all.filter((key) => !seen.has(key));
      return { covered: all.length - missing.length, total: all.length, missing };
    };
    return {
      states: part(definition.states, this.states),
      event: part(definition.transitions.event, this.transitions),
      service: part(definition.transitions.service, this.transitions),
      timer: part(definition.transitions.timer, this.transitions),
    };
  }
}

export type CoverageReport = ReturnType<CoverageRecorder['report']>;

export function formatCoverage(report: CoverageReport): string {
  const line = (label: string, p: { covered: number; total: number }) =>
    `${label.padEnd(34)} ${String(p.covered).padStart(3)}/${String(p.total).padEnd(3)} ${((100 * p.covered) / Math.max(1, p.total)).toFixed(1)}%`;
  const lines = [
    line('states visited', report.states),
    line('event-driven transitions taken', report.event),
    line('service outcome transitions taken', report.service),
    line('timer transitions taken', report.timer),
  ];
  const missing = [...report.states.missing, ...report.event.missing];
  if (missing.length) lines.push(`not covered: ${missing.join(', ')}`);
  if (report.service.missing.length) lines.push(`service outcomes not taken:${report.service.missing.map((key) => `\n    - ${key}`).join('')}`);
  if (report.timer.missing.length) lines.push(`timers not taken: ${report.timer.missing.join(', ')}`);
  return lines.join('\n');
}
