import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectionEvent, StateValue } from 'xstate';
import { createAuthMachine } from '../../machines/auth-machine.js';
import { inProcessBackend } from './backends.js';
import { stateIdsOf } from './chart-coverage.js';
import { excusedBecause, NEW_REGIONS, regionOf } from './chart-mutant-regions.js';
import { chartMutants, type ChartMutant } from './chart-mutants.js';
import { transitionPaths, type ModelPath } from './model-paths.js';
import { modelCheck, runPath, setSettleTimeout } from './path-runner.js';

/*
 * Is the model suite able to catch a wrong transition? Every mutant of the chart's definition (chart-mutants.ts) is
 * run against the model paths that can see it, on the in-process local pool, with the model suite's own checks;
 * a mutant is killed when one of those paths fails. A path can see a mutant of a transition when its unmutated run
 * took that transition; a guard ignored, when it took a later branch for that event in that state (or received the
 * event there and took none); a state's tags or exit actions, when the run was in that state. Paths that took the
 * very transition run first, then the shortest. Mutants no path can see are transitions the model never takes
 * (outcomes no Cognito answer produces, see model.test.ts, and guards of last branches that every outcome
 * matches): listed apart, and counted against the score, which is over all mutants.
 */

/** Killed mutants over all mutants: one that no path can see counts as surviving. */
const MIN_SCORE = 0.9;
// In process, a step settles in milliseconds; a mutant that leaves the machine busy fails after this.
const MUTANT_SETTLE_MS = 1_000;

interface Seen {
  path: ModelPath;
  nodes: Set<string>;
  events: Set<string>;
  taken: Set<string>;
}

function recorder(seen: Seen) {
  return (event: InspectionEvent) => {
    if (event.type === '@xstate.event') seen.events.add(event.event.type);
    if (event.type === '@xstate.microstep') {
      type Taken = { source: { id: string; transitions: Map<string, readonly unknown[]> }; eventType: string };
      for (const t of event._transitions as unknown as Taken[]) {
        const index = t.source.transitions.get(t.eventType)?.indexOf(t) ?? -1;
        seen.taken.add(`${t.source.id} ${t.eventType}`);
        seen.taken.add(`${t.source.id} ${t.eventType} #${index}`);
      }
    }
    if (event.type === '@xstate.snapshot' || event.type === '@xstate.microstep') {
      const snapshot = event.snapshot as { value?: StateValue };
      if (event.actorRef.sessionId === event.rootId && snapshot.value !== undefined) {
        for (const id of stateIdsOf('auth', snapshot.value)) seen.nodes.add(id);
      }
    }
  };
}

async function passes(path: ModelPath, mutant?: ChartMutant, seen?: Seen): Promise<boolean> {
  try {
    await runPath(inProcessBackend, path, {
      check: modelCheck(inProcessBackend, path),
      ...(mutant ? { mutate: (machine) => mutant.apply(machine) } : {}),
      ...(seen ? { inspect: recorder(seen) } : {}),
    });
    return true;
  } catch {
    return false;
  }
}

describe('mutants of the chart', () => {
  beforeAll(() => inProcessBackend.setup(), 60_000);
  afterAll(async () => {
    setSettleTimeout(10_000);
    await inProcessBackend.teardown();
  });

  it(`are killed by the model paths (at least ${MIN_SCORE * 100}% of all mutants)`, async () => {
    const seen: Seen[] = [];
    for (const path of transitionPaths()) {
      const record: Seen = { path, nodes: new Set(), events: new Set(), taken: new Set() };
      expect(await passes(path, undefined, record), `unmutated ${path.name}`).toBe(true);
      seen.push(record);
    }

    setSettleTimeout(MUTANT_SETTLE_MS);
    const mutants = chartMutants(createAuthMachine());
    const survived: string[] = [];
    const unseen: string[] = [];
    let killed = 0;
    let runs = 0;
    const regions = new Map(Object.keys(NEW_REGIONS).map((name) => [name, { mutants: 0, killed: 0, survived: [] as string[], unseen: [] as string[] }]));
    for (const mutant of mutants) {
      const region = regions.get(regionOf(mutant) ?? '');
      if (region) region.mutants += 1;
      const key = `${mutant.node} ${mutant.event}`;
      const canSee = (s: Seen): boolean => {
        if (mutant.index === null) return s.nodes.has(mutant.node);
        if (!mutant.guardIgnored) return s.taken.has(`${key} #${mutant.index}`);
        const tookLater = [...s.taken].some((t) => t.startsWith(`${key} #`) && Number(t.slice(key.length + 2)) > (mutant.index ?? 0));
        const ignoredHere = !s.taken.has(key) && s.nodes.has(mutant.node) && s.events.has(mutant.event ?? '');
        return tookLater || ignoredHere;
      };
      const able = seen
        .filter(canSee)
        .sort((a, b) => Number(b.taken.has(key)) - Number(a.taken.has(key)) || a.path.steps.length - b.path.steps.length);
      if (!able.length) {
        unseen.push(mutant.name);
        region?.unseen.push(mutant.name);
        continue;
      }
      let caught = false;
      for (const { path } of able) {
        runs += 1;
        if (!(await passes(path, mutant))) {
          caught = true;
          break;
        }
      }
      if (caught) killed += 1;
      else survived.push(mutant.name);
      if (caught && region) region.killed += 1;
      else region?.survived.push(mutant.name);
    }

    const able = killed + survived.length;
    const score = killed / Math.max(1, mutants.length);
    console.log(
      [
        '',
        `chart mutants: ${mutants.length}; seen by a path ${able}, killed ${killed}, survived ${survived.length} ` +
          `(${(100 * (killed / Math.max(1, able))).toFixed(1)}% of those seen); seen by no path ${unseen.length}; ` +
          `score over all ${(100 * score).toFixed(1)}%; ${runs} path runs`,
        'survived:',
        ...survived.map((name) => `    - ${name}`),
        'seen by no path (transitions no model path takes):',
        ...unseen.map((name) => `    - ${name}`),
        '',
      ].join('\n'),
    );
    expect(score).toBeGreaterThanOrEqual(MIN_SCORE);

    // The new regions: every mutant killed, or excused with the reason no model path can tell it apart or reach it.
    const byName = new Map(mutants.map((mutant) => [mutant.name, mutant]));
    const lines = ['chart mutants in the new states (mutants: killed / survived / seen by no path):'];
    const unexcused: string[] = [];
    for (const [name, region] of regions) {
      lines.push(`    ${name}: ${region.mutants}: killed ${region.killed}, survived ${region.survived.length}, seen by no path ${region.unseen.length}`);
      for (const mutant of [...region.survived, ...region.unseen]) {
        const reason = excusedBecause(byName.get(mutant) as ChartMutant);
        lines.push(`        - ${mutant}: ${reason ?? 'NOT EXCUSED'}`);
        if (!reason) unexcused.push(mutant);
      }
    }
    console.log(`\n${lines.join('\n')}\n`);
    expect(unexcused).toEqual([]);
  }, 600_000);
});
