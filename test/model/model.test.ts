import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authMachine } from '../../machines/auth-machine.js';
import { modelBackends } from './backends.js';
import { chartDefinition, CoverageRecorder, formatCoverage } from './chart-coverage.js';
import { modelTransitions, transitionPaths } from './model-paths.js';
import { modelCheck, runPath, unsupportedReason } from './path-runner.js';

/*
 * Model-based tests: every path generated from the abstract model (test/model/auth-model.ts) runs against the
 * real authMachine with the real services over each backend's transport. At every step the state value,
 * context.error's name and the emitted events must be what the model says. Coverage of the real chart is read
 * from its definition and must be complete.
 */

/**
 * Service outcomes the chart keeps that no Cognito answer can produce, with the reason: every other service
 * outcome must be taken by some path.
 */
const OUTCOMES_NO_ANSWER_REACHES: Record<string, string> = {
  'auth.initializing xstate.error.actor.restoreSession #0':
    'restoreSession never rejects: an unusable or unreadable session is cleared and answered with null, a failed refresh likewise',
  'auth.autoSigningIn xstate.done.actor.autoSignIn #2':
    'SOFTWARE_TOKEN_MFA needs a registered TOTP, which needs an access token or a sign-in session: a user who has not confirmed the sign-up has neither',
  'auth.autoSigningIn xstate.done.actor.autoSignIn #3':
    'SELECT_MFA_TYPE needs two factors, one of them a registered TOTP, which a user who has not confirmed the sign-up cannot have',
  'auth.autoSigningIn xstate.done.actor.autoSignIn #6':
    'NEW_PASSWORD_REQUIRED is for FORCE_CHANGE_PASSWORD users (created by an administrator); a user that SignUp created and ConfirmSignUp confirmed is CONFIRMED',
  'auth.autoSigningIn xstate.done.actor.autoSignIn #7':
    'auto sign-in signs in with the flow of the app, and the model apps use password flows: SELECT_CHALLENGE comes only from USER_AUTH without a preferred factor',
  'auth.autoSigningIn xstate.done.actor.autoSignIn #9': 'SMS_OTP is a first factor of USER_AUTH only, and the model apps sign in with password flows',
  'auth.autoSigningIn xstate.done.actor.autoSignIn #10': 'WEB_AUTHN needs a passkey, which a user who has just signed up has not registered yet',
  'auth.challenge.responding xstate.done.actor.respondToChallenge #7':
    'Cognito asks to choose a first factor only in answer to InitiateAuth USER_AUTH, never after an answered challenge',
  'auth.challenge.responding xstate.done.actor.respondToChallenge #6':
    'after an answered challenge the local pool never asks for a new password (it does after the password, which InitiateAuth or the SRP step inside signIn checks)',
  'auth.signingOut.local xstate.error.actor.signOut #0':
    "a local sign-out ignores RevokeToken's failures; only a storage that fails to remove the tokens rejects it",
};

/**
 * Timers the chart keeps that no backend's tokens can set off, with the reason (test/security covers them on a
 * simulated clock): every other timer must fire on some path.
 */
const TIMERS_NO_TOKEN_REACHES: Record<string, string> = {
  'auth.signedIn.idle xstate.after.refreshDue.auth.signedIn.idle #0':
    "the refresh timer is armed again only for a refresh more than 24.8 days ahead; Cognito's access tokens live a day at most",
};

const paths = transitionPaths();
const backends = modelBackends();
const definition = chartDefinition(authMachine);
const recorder = new CoverageRecorder(authMachine.id);
const ran = new Map<string, { passed: number; steps: number; unsupported: { path: string; reason: string }[] }>();

describe('the model', () => {
  it('has a path through every one of its transitions', () => {
    const taken = new Set(paths.flatMap((p) => p.steps.map((s) => `${s.from} --${s.event}-->`)));
    expect(modelTransitions().filter((t) => !taken.has(t))).toEqual([]);
  });
});

describe.each(backends)('model paths on $name', (backend) => {
  const runnable = paths.filter((path) => unsupportedReason(backend, path) === null);
  const tally = {
    passed: 0,
    steps: 0,
    unsupported: paths.flatMap((path) => {
      const reason = unsupportedReason(backend, path);
      return reason ? [{ path: path.name, reason }] : [];
    }),
  };
  ran.set(backend.name, tally);

  beforeAll(() => backend.setup(), 60_000);
  afterAll(() => backend.teardown());

  it.each(runnable.map((path) => [path.name, path] as const))('%s', async (_name, path) => {
    await runPath(backend, path, { inspect: recorder.inspect, check: modelCheck(backend, path) });
    tally.passed += 1;
    tally.steps += path.steps.length;
  });
});

describe('coverage of authMachine by the model paths', () => {
  it('visits every state, takes every event-driven transition, timer and service outcome a Cognito answer can produce', () => {
    const report = recorder.report(definition);
    const lines = [`model: ${paths.length} paths, ${paths.reduce((n, p) => n + p.steps.length, 0)} steps`];
    for (const [name, tally] of ran) {
      lines.push(`${name}: ${tally.passed} paths (${tally.steps} steps) run, ${tally.unsupported.length} not runnable`);
      for (const { path, reason } of tally.unsupported) lines.push(`    - ${path}: ${reason}`);
    }
    lines.push(formatCoverage(report));
    console.log(`\n${lines.join('\n')}\n`);
    expect(report.states.missing).toEqual([]);
    expect(report.event.missing).toEqual([]);
    expect(report.service.missing.filter((key) => !(key in OUTCOMES_NO_ANSWER_REACHES))).toEqual([]);
    expect(report.timer.missing.filter((key) => !(key in TIMERS_NO_TOKEN_REACHES))).toEqual([]);
  });
});
