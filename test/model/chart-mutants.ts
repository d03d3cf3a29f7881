import type { AnyStateMachine } from 'xstate';

/*
 * Mutants of the chart's definition: each is one wrong transition (another target, no target, a guard ignored,
 * actions lost, a branch removed, a re-entry lost) or a state that lost its tags or exit actions. They are applied to
 * the built machine of one run (its state nodes are its own: createAuthMachine() builds them for every actor), so
 * the model paths can be run against each. Stryker's mutants of the same code are text edits that need the whole
 * test suite for each; these are cheaper, and the runs that can see a mutant are known from the unmutated run.
 */

interface TransitionLike {
  target?: readonly NodeLike[] | undefined;
  guard?: unknown;
  actions: readonly unknown[];
  reenter: boolean;
}

interface NodeLike {
  id: string;
  key: string;
  states: Record<string, NodeLike>;
  transitions: Map<string, TransitionLike[]>;
  tags: string[];
  exit: unknown[];
  config: { entry?: unknown; exit?: unknown; after?: unknown; invoke?: unknown };
}

export interface ChartMutant {
  /** e.g. `auth.signedOut SIGN_IN #0: no guard` */
  name: string;
  /** The state node and event whose handling changes; runs that saw neither cannot see the mutant. */
  node: string;
  event: string | null;
  /** The transition candidate: a run that takes it can see the mutant (null for a state's mutants). */
  index: number | null;
  /** Where the unmutated transition leads (null for a state's mutants and for transitions without a target). */
  target: string | null;
  /** A guard ignored: only a run that took a later candidate, or none, for this event here can see it. */
  guardIgnored: boolean;
  apply(machine: AnyStateMachine): void;
}

function nodesOf(machine: AnyStateMachine): Map<string, NodeLike> {
  const byId = new Map<string, NodeLike>();
  const walk = (node: NodeLike) => {
    byId.set(node.id, node);
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(machine.root as unknown as NodeLike);
  return byId;
}

function nodeIn(machine: AnyStateMachine, id: string): NodeLike {
  const node = nodesOf(machine).get(id);
  if (!node) throw new Error(`no state node ${id}`);
  return node;
}

function candidateIn(machine: AnyStateMachine, id: string, event: string, index: number): TransitionLike[] {
  const candidates = nodeIn(machine, id).transitions.get(event);
  if (!candidates?.[index]) throw new Error(`no transition ${id} ${event} #${index}`);
  return candidates;
}

const GUARD_IGNORED = 'guard ignored';
const SIGNED_OUT = 'auth.signedOut';
const SIGNED_IN = 'auth.signedIn';

/** Every mutant of the machine's definition, named so that a report can list the ones that survive. */
export function chartMutants(machine: AnyStateMachine): ChartMutant[] {
  const mutants: ChartMutant[] = [];
  for (const node of nodesOf(machine).values()) {
    if (node.id === machine.root.id) continue;
    for (const [event, candidates] of node.transitions) {
      candidates.forEach((candidate, index) => {
        const at = `${node.id} ${event} #${index}`;
        const add = (what: string, change: (t: TransitionLike, all: TransitionLike[], m: AnyStateMachine) => void) =>
          mutants.push({
            name: `${at}: ${what}`,
            node: node.id,
            event,
            index,
            target: candidate.target?.[0]?.id ?? null,
            guardIgnored: what === GUARD_IGNORED,
            apply(m) {
              const all = candidateIn(m, node.id, event, index);
              change(all[index] as TransitionLike, all, m);
            },
          });
        const target = candidate.target?.[0]?.id;
        // Somewhere plainly wrong: signed out, or signed in for transitions that already lead out.
        const elsewhere = (target ?? node.id).startsWith(SIGNED_OUT) ? SIGNED_IN : SIGNED_OUT;
        add(`target ${elsewhere} instead of ${target ?? 'none'}`, (t, _, m) => void (t.target = [nodeIn(m, elsewhere)]));
        if (target) add('no target', (t) => void (t.target = undefined));
        if (candidate.guard !== undefined) add(GUARD_IGNORED, (t) => void (t.guard = undefined));
        if (candidate.actions.length) add('no actions', (t) => void (t.actions = []));
        if (candidates.length > 1) add('branch removed', (_, all) => void all.splice(index, 1));
        // Re-entering only matters for a target that is the source or inside it: XState leaves and enters again a
        // target that contains the source whatever `reenter` says. For a target inside the source, XState leaves and
        // enters that target again either way: only the source's own entry, exit, timers and invocations differ.
        const { entry, exit, after, invoke } = node.config;
        const sourceActsOnEntry = [entry, exit, after, invoke].some((part) => part !== undefined);
        if (candidate.reenter && target && (target === node.id || (target.startsWith(`${node.id}.`) && sourceActsOnEntry))) {
          add('not re-entered', (t) => void (t.reenter = false));
        }
      });
    }
    if (node.tags.length) {
      mutants.push({ name: `${node.id}: no tags`, node: node.id, event: null, index: null, target: null, guardIgnored: false, apply: (m) => void (nodeIn(m, node.id).tags = []) });
    }
    if (node.config.exit !== undefined) {
      mutants.push({
        name: `${node.id}: no exit actions`,
        node: node.id,
        event: null,
        index: null,
        target: null,
        guardIgnored: false,
        // The delayed transitions' cancel actions stay: only the chart's own exit actions (named by string) go.
        apply: (m) => {
          const target = nodeIn(m, node.id);
          target.exit = target.exit.filter((action) => typeof action !== 'string' && !isNamedAction(action));
        },
      });
    }
  }
  return mutants;
}

function isNamedAction(action: unknown): boolean {
  return typeof action === 'object' && action !== null && typeof (action as { type?: unknown }).type === 'string';
}

