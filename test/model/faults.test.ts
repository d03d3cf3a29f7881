import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import type { AuthEvent } from '../../machines/auth-events.js';
import type { AuthEmitted } from '../../machines/auth-types.js';
import type { InspectionEvent, StateValue } from 'xstate';
import { REAL_STATE, type ModelState } from './auth-model.js';
import { inProcessBackend, type World } from './backends.js';
import { stateIdsOf } from './chart-coverage.js';
import { CEREMONY_ERROR_NAMES, CEREMONY_FAULT_KINDS, faultyPasskeys, type CeremonyFaultKind, type FaultyPasskeys } from './fault-passkeys.js';
import { FAULT_ERROR_NAMES, FAULT_KINDS, faultyTransport, type FaultKind, type FaultyTransport } from './fault-transport.js';
import { modelHas, modelStateOf, modelStepFrom, transitionPaths, type ModelPath, type ModelStep } from './model-paths.js';
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
 * Every model path, with the n-th call of the machine failed in each way, for every n the path makes, and the n-th
 * passkey ceremony failed in each way a browser fails one. After the faulted step the machine must be ready for
 * the user (not busy), show the fault's error, hold no half-written session, and the same step must succeed when
 * sent again (or, for a passkey sign-in, RETRY must). Runs on the in-process backend, within a time budget.
 */

const BUDGET_MS = 60_000;
const backend = inProcessBackend;

/** The states of choice-based and passkey sign-in, email MFA and sign-up without a password. */
const NEW_MODEL_STATES: ReadonlySet<ModelState> = new Set([
  'selectChallenge',
  'selectChallengeWithPasskey',
  'emailOtp',
  'smsOtp',
  'webAuthnFailed',
  'emailMfa',
  'selectMfaTypeWithEmail',
  'confirmingPasswordless',
]);
const PASSKEY_STEP = /^(SIGN_IN\/webAuthn|ACCOUNT\/(REGISTER|FETCH|DELETE)_PASSKEY\/)/;
const isNewStep = (step: ModelStep) => NEW_MODEL_STATES.has(step.from) || NEW_MODEL_STATES.has(step.to) || PASSKEY_STEP.test(step.event);
// The paths through those states run first: a spent time budget leaves older paths unfaulted, never these.
const paths = transitionPaths()
  .filter((path) => unsupportedReason(backend, path) === null)
  .sort((a, b) => Number(b.steps.some(isNewStep)) - Number(a.steps.some(isNewStep)));

const isEmailMfaStep = (step: ModelStep) => [step.from, step.to].some((state) => state === 'emailMfa' || state === 'selectMfaTypeWithEmail');

/**
 * The chart's new states, each with how to tell that a faulted step went through it (`visited`: the chart's state
 * ids during the step, the one it started in included), and whether passkey ceremonies are run there.
 */
const AREAS: Record<string, { through(step: ModelStep, visited: ReadonlySet<string>): boolean; ceremonies?: true }> = {
  'challenge.selectChallenge': { through: (_, visited) => visited.has('auth.challenge.selectChallenge') },
  'challenge.emailOtp (first factor)': { through: (step, visited) => visited.has('auth.challenge.emailOtp') && !isEmailMfaStep(step) },
  'challenge.emailOtp / selectMfaType (email MFA)': {
    through: (step, visited) => (visited.has('auth.challenge.emailOtp') || visited.has('auth.challenge.selectMfaType')) && isEmailMfaStep(step),
  },
  'challenge.smsOtp': { through: (_, visited) => visited.has('auth.challenge.smsOtp') },
  'challenge.webAuthn.ceremony': { through: (_, visited) => visited.has('auth.challenge.webAuthn.ceremony'), ceremonies: true },
  'challenge.webAuthn.failed': { through: (_, visited) => visited.has('auth.challenge.webAuthn.failed'), ceremonies: true },
  'sign-up without a password (auto sign-in by session)': {
    through: (step, visited) =>
      [step.from, step.to].includes('confirmingPasswordless') && ['auth.signingUp', 'auth.confirmingSignUp', 'auth.autoSigningIn'].some((id) => visited.has(id)),
  },
  'signedIn.registeringPasskey': { through: (_, visited) => visited.has('auth.signedIn.registeringPasskey'), ceremonies: true },
  'signedIn.fetchingPasskeys': { through: (_, visited) => visited.has('auth.signedIn.fetchingPasskeys') },
  'signedIn.deletingPasskey': { through: (_, visited) => visited.has('auth.signedIn.deletingPasskey') },
};

/** A call of the machine to Cognito, or a passkey ceremony, that fails. */
type Fault = { source: 'call'; failAt: number; kind: FaultKind } | { source: 'ceremony'; failAt: number; kind: CeremonyFaultKind };
const errorNameOf = (fault: Fault) => (fault.source === 'call' ? FAULT_ERROR_NAMES[fault.kind] : CEREMONY_ERROR_NAMES[fault.kind]);

type Outcome = 'recovered' | 'absorbed' | 'elsewhere';
const tally = { injected: 0, survived: 0, outcomes: { recovered: 0, absorbed: 0, elsewhere: 0 } as Record<Outcome, number>, skipped: 0 };
const elsewhere = new Map<string, number>();
/** Faults injected in a step through each new state, by kind. */
const byArea = new Map<string, Map<string, number>>(Object.keys(AREAS).map((area) => [area, new Map()]));
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

interface Faulting {
  transport?: FaultyTransport;
  passkeys?: FaultyPasskeys;
}

/** Starts a run of the path whose calls and ceremonies are counted, and fail as `fault` says (none: no fault). */
function faultedRun(world: World, path: ModelPath, fault: Fault | undefined, inspect?: (event: InspectionEvent) => void) {
  const faulting: Faulting = {};
  const run = startRun(world, {
    authFlow: appAuthFlowOf(path),
    wrapTransport: (t) => (faulting.transport = faultyTransport(t, fault?.source === 'call' ? fault.failAt : 0, fault?.source === 'call' ? fault.kind : 'network')),
    wrapPasskeys: (a) =>
      (faulting.passkeys = faultyPasskeys(a, fault?.source === 'ceremony' ? fault.failAt : 0, fault?.source === 'ceremony' ? fault.kind : 'cancelled')),
    ...(inspect ? { inspect } : {}),
  });
  return { run, faulting };
}

/** The number of calls and of passkey ceremonies the path makes when nothing fails. */
async function countsOf(path: ModelPath): Promise<{ calls: number; ceremonies: number }> {
  const world = await backend.open(worldOptionsOf(path));
  const { run, faulting } = faultedRun(world, path, undefined);
  try {
    await settle(run.actor);
    for (const step of path.steps) await performStep(run, step);
    return { calls: faulting.transport?.calls ?? 0, ceremonies: faulting.passkeys?.ceremonies ?? 0 };
  } finally {
    run.actor.stop();
  }
}

/** A sign-in among these events kept no device: its ConfirmDevice failed. */
const deviceLost = (events: readonly AuthEmitted[]) => events.some((e) => e.type === 'signIn' && e.deviceNotRemembered !== undefined);

function noteAreas(step: ModelStep, visited: ReadonlySet<string>, kind: string): void {
  for (const [area, { through }] of Object.entries(AREAS)) {
    if (!through(step, visited)) continue;
    const kinds = byArea.get(area);
    kinds?.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
}

async function runWithFault(path: ModelPath, fault: Fault): Promise<void> {
  const world = await backend.open(worldOptionsOf(path));
  const visited = new Set<string>();
  const { run, faulting } = faultedRun(world, path, fault, (event) => {
    if (event.type !== '@xstate.snapshot' && event.type !== '@xstate.microstep') return;
    const snapshot = event.snapshot as { value?: StateValue };
    if (event.actorRef.sessionId === event.rootId && snapshot.value !== undefined) for (const id of stateIdsOf('auth', snapshot.value)) visited.add(id);
  });
  const count = () => (fault.source === 'call' ? (faulting.transport?.calls ?? 0) : (faulting.passkeys?.ceremonies ?? 0));
  const faulted = () => (fault.source === 'call' ? (faulting.transport?.faulted ?? '?') : 'ceremony');
  const label = (index: number) => `${fault.kind} at ${fault.source} ${fault.failAt}, step ${index + 1} of "${path.name}"`;
  try {
    await settle(run.actor);
    for (const [index, step] of path.steps.entries()) {
      const before = count();
      const since = run.emitted.length;
      visited.clear();
      for (const id of stateIdsOf('auth', run.actor.getSnapshot().value)) visited.add(id);
      await performStep(run, step);
      const expected = expectedOf(backend, step);
      const hit = before < fault.failAt && count() >= fault.failAt;
      if (!hit) {
        expect(observe(run, since), label(index)).toEqual(expected);
        continue;
      }
      tally.injected += 1;
      noteAreas(step, visited, fault.kind);
      expect(invariantProblems(run), label(index)).toEqual([]);
      const observed = observe(run, since);
      if (isDeepStrictEqual(observed, expected) && deviceLost(run.emitted.slice(since)) && featuresOf(path).includes('deviceTracking')) {
        // ConfirmDevice failed: the sign-in stands, and says the device was not kept (`deviceNotRemembered`); the
        // device steps after it have no device to act on, so the rest of the path does not apply.
        const key = `${step.event} → device not kept (${faulted()})`;
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
      expect(observed.error, `${label(index)}: the error is exposed`).toBe(errorNameOf(fault));
      // A failed call may be sent again as it was; a failed ceremony needs the user again (RETRY, or the step).
      if (fault.source === 'call') expect(run.actor.getSnapshot().context.error?.retryable, label(index)).toBe(true);
      const snapshot = run.actor.getSnapshot();
      // The faulted attempt may have changed what the model tells apart (a resend naming another user ends a
      // pending auto sign-in before its call): the step sent again is the model's step from where it now is.
      const where = modelStateOf(snapshot.value, snapshot.context.signUp, step.from);
      if (where === 'webAuthnFailed' && step.to !== 'webAuthnFailed') {
        // The passkey ceremony, or the answer it gave, failed: the challenge waits, and RETRY runs a new ceremony.
        const retry = modelStepFrom('webAuthnFailed', 'RETRY/webAuthn');
        const again = run.emitted.length;
        await performStep(run, retry);
        expect(observe(run, again), `${label(index)}, RETRY`).toEqual(expectedOf(backend, retry));
        expect(invariantProblems(run), `${label(index)}, RETRY`).toEqual([]);
        tally.outcomes.recovered += 1;
        tally.survived += 1;
        if (retry.to === step.to) continue;
        return;
      }
      const firstCallOfStep = before + 1 === fault.failAt;
      const eventType = step.event.split('/')[0] ?? step.event;
      const canResend = eventType === 'RELOAD' || snapshot.can({ type: eventType } as AuthEvent);
      if (isDeepStrictEqual(observed.value, REAL_STATE[step.from]) || (firstCallOfStep && canResend)) {
        // Nothing of the step was done (or only what can be done again): the same step, sent again with the fault
        // gone, must do what the model says.
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
      const key = `${step.event} → ${JSON.stringify(observed.value)} (${faulted()})`;
      elsewhere.set(key, (elsewhere.get(key) ?? 0) + 1);
      tally.outcomes.elsewhere += 1;
      tally.survived += 1;
      return;
    }
  } finally {
    run.actor.stop();
  }
}

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('faults at every call of every model path (local pool, in process)', () => {
  it.each(paths.map((path) => [path.name, path] as const))('%s', async (_name, path) => {
    const { calls, ceremonies } = await countsOf(path);
    const faults: Fault[] = [
      ...upTo(calls).flatMap((failAt) => FAULT_KINDS.map((kind): Fault => ({ source: 'call', failAt, kind }))),
      ...upTo(ceremonies).flatMap((failAt) => CEREMONY_FAULT_KINDS.map((kind): Fault => ({ source: 'ceremony', failAt, kind }))),
    ];
    for (const fault of faults) {
      if (Date.now() - started > BUDGET_MS) {
        tally.skipped += 1;
        continue;
      }
      await runWithFault(path, fault);
    }
  });

  it('survives every injected fault, with no unhandled rejection', () => {
    const lines = [
      `faults injected: ${tally.injected} (${FAULT_KINDS.join(', ')} at every call, ${CEREMONY_FAULT_KINDS.join(', ')} at every passkey ceremony, of ${paths.length} paths)`,
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

  it('injects every kind of fault in a step through each state of passwordless and passkey sign-in, email MFA, sign-up without a password and the passkey rows', () => {
    const kinds = (area: string): readonly string[] => [...FAULT_KINDS, ...(AREAS[area]?.ceremonies ? CEREMONY_FAULT_KINDS : [])];
    const lines = ['faults injected in a step through each new state (by kind):'];
    const missing: string[] = [];
    for (const [area, counts] of byArea) {
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      lines.push(`    ${area}: ${total} — ${kinds(area).map((kind) => `${kind} ${counts.get(kind) ?? 0}`).join(', ')}`);
      for (const kind of kinds(area)) if (!counts.get(kind)) missing.push(`${area}: ${kind}`);
    }
    console.log(`\n${lines.join('\n')}\n`);
    expect(missing).toEqual([]);
  });
});
