import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import type { AuthEvent } from '../../machines/auth-events.js';
import type { AuthEmitted } from '../../machines/auth-types.js';
import { REAL_STATE } from './auth-model.js';
import { inProcessBackend } from './backends.js';
import { FAULT_ERROR_NAMES, FAULT_KINDS, faultyTransport, type FaultKind, type FaultyTransport } from './fault-transport.js';
import { modelHas, modelStateOf, modelStepFrom, transitionPaths, type ModelPath } from './model-paths.js';
import {
  appAuthFlowOf,
  expectedOf,
  featuresOf,
  invariantProblems,
  observe,
  performStep,
  settle,
  startRun,
  unsupportedReason,
  worldOptionsOf,
} from './path-runner.js';

/*
 * Every model path, with the n-th call of the machine failed in each way, for every n the path makes. After the
 * faulted step the machine must be ready for the user (not busy), show the fault's error, hold no half-written
 * session, and the same step must succeed when sent again. Runs on the in-process backend, within a time budget.
 */

const BUDGET_MS = 60_000;
const backend = inProcessBackend;
const paths = transitionPaths().filter((path) => unsupportedReason(backend, path) === null);

type Outcome = 'recovered' | 'absorbed' | 'elsewhere';
const tally = { injected: 0, survived: 0, outcomes: { recovered: 0, absorbed: 0, elsewhere: 0 } as Record<Outcome, number>, skipped: 0 };
const elsewhere = new Map<string, number>();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let started = 0;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  await backend.setup();
  started = Date.now();
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await backend.teardown();
});

/** The number of calls the path makes when nothing fails. */
async function callsOf(path: ModelPath): Promise<number> {
  const world = await backend.open(worldOptionsOf(path));
  let transport: FaultyTransport | undefined;
  const run = startRun(world, { authFlow: appAuthFlowOf(path), wrapTransport: (t) => (transport = faultyTransport(t, 0, 'network')) });
  try {
    await settle(run.actor);
    for (const step of path.steps) await performStep(run, step);
    return transport?.calls ?? 0;
  } finally {
    run.actor.stop();
  }
}

/** A sign-in among these events kept no device: its ConfirmDevice failed. */
const deviceLost = (events: readonly AuthEmitted[]) => events.some((e) => e.type === 'signIn' && e.deviceNotRemembered !== undefined);

async function runWithFault(path: ModelPath, failAt: number, kind: FaultKind): Promise<void> {
  const world = await backend.open(worldOptionsOf(path));
  let transport: FaultyTransport | undefined;
  const run = startRun(world, { authFlow: appAuthFlowOf(path), wrapTransport: (t) => (transport = faultyTransport(t, failAt, kind)) });
  const label = (index: number) => `${kind} at call ${failAt}, step ${index + 1} of "${path.name}"`;
  try {
    await settle(run.actor);
    for (const [index, step] of path.steps.entries()) {
      const before = transport?.calls ?? 0;
      const since = run.emitted.length;
      await performStep(run, step);
      const expected = expectedOf(backend, step);
      const hit = before < failAt && (transport?.calls ?? 0) >= failAt;
      if (!hit) {
        expect(observe(run, since), label(index)).toEqual(expected);
        continue;
      }
      tally.injected += 1;
      expect(invariantProblems(run), label(index)).toEqual([]);
      const observed = observe(run, since);
      if (isDeepStrictEqual(observed, expected) && deviceLost(run.emitted.slice(since)) && featuresOf(path).includes('deviceTracking')) {
        // ConfirmDevice failed: the sign-in stands, and says the device was not kept (`deviceNotRemembered`); the
        // device steps after it have no device to act on, so the rest of the path does not apply.
        const key = `${step.event} → device not kept (${transport?.faulted ?? '?'})`;
        elsewhere.set(key, (elsewhere.get(key) ?? 0) + 1);
        tally.outcomes.elsewhere += 1;
        tally.survived += 1;
        return;
      }
      if (isDeepStrictEqual(observed, expected)) {
        // The step does not depend on the failed call (e.g. revoking the refresh token at sign-out).
        tally.outcomes.absorbed += 1;
        tally.survived += 1;
        continue;
      }
      expect(observed.error, `${label(index)}: the error is exposed`).toBe(FAULT_ERROR_NAMES[kind]);
      expect(run.actor.getSnapshot().context.error?.retryable, label(index)).toBe(true);
      const firstCallOfStep = before + 1 === failAt;
      const eventType = step.event.split('/')[0] ?? step.event;
      const canResend = eventType === 'RELOAD' || run.actor.getSnapshot().can({ type: eventType } as AuthEvent);
      if (isDeepStrictEqual(observed.value, REAL_STATE[step.from]) || (firstCallOfStep && canResend)) {
        // Nothing of the step was done (or only what can be done again): the same step, sent again with the fault
        // gone, must do what the model says.
        // The faulted attempt may have changed what the model tells apart (a resend naming another user ends a
        // pending auto sign-in before its call): the step sent again is the model's step from where it now is.
        const snapshot = run.actor.getSnapshot();
        const where = modelStateOf(snapshot.value, snapshot.context.signUp?.autoSignIn === true);
        const now = where && modelHas(where, step.event) ? where : step.from;
        const retry = now === step.from ? expected : expectedOf(backend, modelStepFrom(now, step.event));
        const again = run.emitted.length;
        await performStep(run, step);
        expect(observe(run, again), `${label(index)}, sent again`).toEqual(retry);
        expect(invariantProblems(run), `${label(index)}, sent again`).toEqual([]);
        tally.outcomes.recovered += 1;
        tally.survived += 1;
        continue;
      }
      // The step had already done part of its work (e.g. confirmed the sign-up before auto sign-in failed):
      // the machine moved on to a state the user can act in; the rest of the path does not apply.
      const key = `${step.event} → ${JSON.stringify(observed.value)} (${transport?.faulted ?? '?'})`;
      elsewhere.set(key, (elsewhere.get(key) ?? 0) + 1);
      tally.outcomes.elsewhere += 1;
      tally.survived += 1;
      return;
    }
  } finally {
    run.actor.stop();
  }
}

describe('faults at every call of every model path (local pool, in process)', () => {
  it.each(paths.map((path) => [path.name, path] as const))('%s', async (_name, path) => {
    const calls = await callsOf(path);
    for (let failAt = 1; failAt <= calls; failAt += 1) {
      for (const kind of FAULT_KINDS) {
        if (Date.now() - started > BUDGET_MS) {
          tally.skipped += 1;
          continue;
        }
        await runWithFault(path, failAt, kind);
      }
    }
  });

  it('survives every injected fault, with no unhandled rejection', () => {
    const lines = [
      `faults injected: ${tally.injected} (${FAULT_KINDS.join(', ')} at every call of ${paths.length} paths)`,
      `faults survived: ${tally.survived} — recovered by sending the step again: ${tally.outcomes.recovered}, ` +
        `absorbed by the step: ${tally.outcomes.absorbed}, moved on to another state: ${tally.outcomes.elsewhere}`,
      ...(tally.skipped ? [`not run (time budget of ${BUDGET_MS / 1000} s spent): ${tally.skipped}`] : []),
      ...[...elsewhere].map(([key, count]) => `    - ${key}: ${count}`),
    ];
    console.log(`\n${lines.join('\n')}\n`);
    expect(unhandled).toEqual([]);
    expect(tally.injected).toBeGreaterThan(0);
    expect(tally.survived).toBe(tally.injected);
  });
});
