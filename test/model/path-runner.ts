import { providePasskeyServices } from '../../machines/passkey-registry.js';
import { createPasskeyServices } from '../../services/passkey-services.js';
import { ServiceKit } from '../../services/service-kit.js';
import { runPasskeys } from './run-passkeys.js';
import { expect } from 'vitest';
import { SimulatedClock, waitFor, type AnyStateMachine, type InspectionEvent } from 'xstate';
import { authSnapshot, restorableSnapshot, type RestoredSnapshot } from '../../runtime/auth-snapshot.js';
import type { AuthActor } from '../../runtime/auth-actor.js';
import { launchAuthActor } from '../../runtime/create-auth.js';
import { sendInternal } from '../../runtime/event-gate.js';
import { redactingInspector } from '../../adapters/inspect/redacting-inspector.js';
import { memoryStorage, type MemoryStorage } from '../../adapters/memory-storage.js';
import type { AuthEvent, AuthFlow } from '../../machines/auth-events.js';
import { createAuthMachine } from '../../machines/auth-machine.js';
import { challengeEntries } from '../../machines/challenges.js';
import { isSecret } from '../../machines/secret.js';
import type { AuthEmitted } from '../../machines/auth-types.js';
import { createAuthServices } from '../../services/auth-services.js';
import { createRedirectServices } from '../../services/oauth-services.js';
import { provideRedirectServices } from '../../machines/redirect-registry.js';
import { MODEL_OAUTH, managedLogin } from './managed-login.js';
import { loadStoredSession } from '../../services/restore-session.js';
import { sessionStore } from '../../services/session-store.js';
import type { TokenStorage } from '../../services/token-storage.js';
import type { Transport } from '../../services/transport.js';
import type { WebAuthnAdapter } from '../../services/webauthn-adapter.js';
import { ACCOUNT_ACTIONS } from '../../machines/account-actions.js';
import { actionRunBy, type AccountModelEvent } from './account-model.js';
import { REAL_STATE } from './auth-model.js';
import type { Backend, Feature, World, WorldOptions } from './backends.js';
import { switchableFaults } from './fault-transport.js';
import type { ModelPath, ModelStep } from './model-paths.js';
import { STEP_DRIVERS, type PathRun, type Principal } from './step-drivers.js';

let settleMs = 10_000;

/** How long a step may keep the machine busy before the run fails (the chart's mutants use a short one). */
export function setSettleTimeout(ms: number): void {
  settleMs = ms;
}
const LAST_USER_SUFFIX = '.LastAuthUser';

export function featuresOf(path: ModelPath): Feature[] {
  return [...new Set(path.steps.flatMap((step) => STEP_DRIVERS[step.event].needs ?? []))];
}

/** Why this backend cannot run the path, or null when it can. */
export function unsupportedReason(backend: Backend, path: ModelPath): string | null {
  const reasons = featuresOf(path).flatMap((feature) => {
    const reason = backend.unsupported[feature];
    return reason ? [`${feature}: ${reason}`] : [];
  });
  return reasons.length ? reasons.join('; ') : null;
}

export interface StepObservation {
  value: unknown;
  error: string | null;
  emitted: string[];
}

export interface RunOptions {
  inspect?: (event: InspectionEvent) => void;
  /** Wraps the world's transport (fault injection). */
  wrapTransport?: (transport: Transport) => Transport;
  /** Wraps the run's passkey adapter (fault injection into the WebAuthn ceremonies). */
  wrapPasskeys?: (adapter: WebAuthnAdapter) => WebAuthnAdapter;
  /** Called after each step with what the machine showed; the default asserts it against the model. */
  check?: (step: ModelStep, index: number, observed: StepObservation, run: ActiveRun) => void;
  /** Changes the chart under test before its actor starts (test/model/chart-mutants.test.ts). */
  mutate?: (machine: AnyStateMachine) => void;
  /** The app's default sign-in flow (createAuth's `authFlow`). */
  authFlow?: AuthFlow;
}

export interface ActiveRun extends PathRun {
  storage: MemoryStorage;
  emitted: AuthEmitted[];
  /** Busy states seen still showing an error from before the user's event that led there. */
  staleErrors: string[];
  /** The busy states the machine went through during the current step (state values as JSON). */
  busyStates: string[];
}

/**
 * The busy states where Cognito checks what the user just sent, or where the user acts again (a new passkey
 * ceremony after RETRY): the event that leads there clears the error of the one before, so that the app does not
 * show an old error while the new attempt is on its way.
 */
const CHECKING_WHAT_WAS_SENT = [
  'signingUp',
  'signingIn',
  'signingOut',
  { confirmingSignUp: 'submitting' },
  { confirmingSignUp: 'resending' },
  { challenge: 'responding' },
  { challenge: { webAuthn: 'ceremony' } },
  { resettingPassword: 'submitting' },
  { redirectSignIn: 'redirecting' },
  { redirectSignIn: 'completing' },
] as const;

let counter = 0;

export async function settle(actor: AuthActor): Promise<void> {
  await waitFor(actor, (s) => !s.hasTag('busy') || s.status !== 'active', { timeout: settleMs });
}

/** A storage that answers later, as AsyncStorage or a server-side store does: the session is restored by the chart's own restore. */
export function asynchronous(storage: TokenStorage): TokenStorage {
  return {
    getItem: async (key) => storage.getItem(key),
    setItem: async (key, value) => storage.setItem(key, value),
    removeItem: async (key) => storage.removeItem(key),
  };
}

/** The app's default sign-in flow for a path: the one a step needs, else USER_PASSWORD_AUTH. */
export function appAuthFlowOf(path: ModelPath): AuthFlow {
  return path.steps.map((step) => STEP_DRIVERS[step.event].appAuthFlow).find((flow) => flow !== undefined) ?? 'USER_PASSWORD_AUTH';
}

/** The pool a path needs: MFA required when a step needs Cognito to ask for MFA setup; devices tracked when a step needs a device. */
export function worldOptionsOf(path: ModelPath): WorldOptions {
  const features = featuresOf(path);
  return {
    mfaRequired: features.includes('mfaSetup'),
    deviceTracking: features.includes('deviceTracking'),
    emailMfa: features.includes('emailMfaSetup'),
  };
}

/** Starts the real chart as createAuth does, with the real services over the world's transport. */
export function startRun(world: World, options: RunOptions = {}): ActiveRun {
  const storage = memoryStorage();
  const transport = switchableFaults(options.wrapTransport ? options.wrapTransport(world.transport) : world.transport);
  const authFlow = options.authFlow ?? 'USER_PASSWORD_AUTH';
  const machine = createAuthMachine();
  options.mutate?.(machine);
  const emitted: AuthEmitted[] = [];
  const staleErrors: string[] = [];
  const busyStates: string[] = [];
  // The chart's timers (challenge expiry, refresh) run on a simulated clock that the steps move on purpose.
  const clock = new SimulatedClock();
  const login = managedLogin(world);
  const passkeys = runPasskeys(options.wrapPasskeys);
  const launch = (launched: { snapshot?: RestoredSnapshot; storage?: TokenStorage } = {}) => {
    const actorStorage = launched.storage ?? storage;
    const services = createAuthServices({ transport, storage: actorStorage, userPoolId: world.userPoolId, clientId: world.clientId });
    const started = launchAuthActor(machine, {
      clock,
      services,
      storage: actorStorage,
      userPoolId: world.userPoolId,
      clientId: world.clientId,
      authFlow,
      resuming: launched.snapshot !== undefined,
      // As oauthRedirect() gives them: managed login scripted over the world's backend.
      beforeStart: (started) => {
        provideRedirectServices(
          started,
          createRedirectServices({ oauth: MODEL_OAUTH, adapter: login.adapter, storage: actorStorage, clientId: world.clientId, fetch: login.fetch }),
        );
        // As passkeys() gives them: the run's software authenticator as the adapter.
        const kit = new ServiceKit({ transport, storage: actorStorage, userPoolId: world.userPoolId, clientId: world.clientId });
        providePasskeyServices(started, createPasskeyServices(kit, passkeys.adapter));
      },
      ...(options.inspect ? { inspect: redactingInspector(options.inspect) } : {}),
      ...(launched.snapshot ? { snapshot: launched.snapshot } : {}),
    });
    if (!launched.snapshot && !launched.storage && started.actor.getSnapshot().matches('initializing')) {
      // createAuth's promise: a storage that answers at once is read before the actor is returned.
      throw new Error('the actor was returned restoring, though its storage answers at once');
    }
    started.actor.on('*', (event) => emitted.push(event));
    started.actor.subscribe({
      next(snapshot) {
        const checking = CHECKING_WHAT_WAS_SENT.find((state) => snapshot.matches(state));
        if (checking && snapshot.context.error) staleErrors.push(`${JSON.stringify(checking)} shows ${snapshot.context.error.name}`);
        if (snapshot.hasTag('busy')) busyStates.push(JSON.stringify(snapshot.value));
      },
      // An actor that fails is reported by the invariants (status not active), not as an unhandled error.
      error: () => undefined,
    });
    return started;
  };
  let actor = launch().actor;
  const run: ActiveRun = {
    world,
    storage,
    emitted,
    staleErrors,
    busyStates,
    get actor() {
      return actor;
    },
    user: undefined as Principal | undefined,
    fresh(prefix) {
      counter += 1;
      return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
    },
    send(event) {
      // Through the gate createAuth puts in front of the chart, as the app's events go.
      (actor.send as (event: unknown) => void)(event);
    },
    async reload({ asyncStorage = false } = {}) {
      actor.stop();
      actor = launch(asyncStorage ? { storage: asynchronous(storage) } : {}).actor;
      await settle(actor);
    },
    async resume({ late = false } = {}) {
      // As createAuth does after a reload: restore what authSnapshot kept, then tell the machine with RESUMED.
      const data = authSnapshot(actor);
      if (!data) throw new Error(`nothing to resume in ${JSON.stringify(actor.getSnapshot().value)}`);
      // Reloaded after the life of Cognito's challenge session: as if that much time had passed meanwhile.
      const kept = late && data.challenge ? { ...data, challenge: { ...data.challenge, expiresAt: Date.now() - 1 } } : data;
      const restored = restorableSnapshot(JSON.parse(JSON.stringify(kept)), authFlow);
      if (!restored) throw new Error(`the snapshot of ${data.state} cannot be restored`);
      actor.stop();
      const resumed = launch({ snapshot: restored });
      actor = resumed.actor;
      sendInternal(actor, { type: 'RESUMED' });
      resumed.gate.resumed();
      await settle(actor);
    },
    async elsewhere(act) {
      // Another tab: its own actor on the same token storage, unfaulted and not inspected (it is not under test).
      const otherServices = createAuthServices({ transport: world.transport, storage, userPoolId: world.userPoolId, clientId: world.clientId });
      const { actor: other } = launchAuthActor(createAuthMachine(), {
        clock,
        services: otherServices,
        storage,
        userPoolId: world.userPoolId,
        clientId: world.clientId,
        authFlow: 'USER_PASSWORD_AUTH',
        resuming: false,
      });
      try {
        await settle(other);
        await act(other);
        await settle(other);
      } finally {
        other.stop();
      }
      // What tab sync does on that tab's storage writes: read storage and hand the machine what it holds.
      const session = await loadStoredSession(sessionStore(storage, world.clientId), world.userPoolId, world.clientId);
      sendInternal(actor, { type: 'SESSION_CHANGED_ELSEWHERE', session });
    },
    elapse(ms) {
      clock.increment(ms);
    },
    failNext(op, kind) {
      transport.failNext(op, kind);
    },
    managedLogin: login,
    passkeys,
  };
  return run;
}

/** What the machine shows now, for comparison with the model. */
export function observe(run: ActiveRun, since: number): StepObservation {
  const snapshot = run.actor.getSnapshot();
  return {
    value: snapshot.value,
    error: snapshot.context.error?.name ?? null,
    emitted: run.emitted.slice(since).map((e) => e.type),
  };
}

/** Invariants that hold after every step, whatever the backend or fault. */
export function invariantProblems(run: ActiveRun): string[] {
  const problems: string[] = [];
  const snapshot = run.actor.getSnapshot();
  if (snapshot.hasTag('busy')) problems.push(`stuck in busy state ${JSON.stringify(snapshot.value)}`);
  if (snapshot.status !== 'active') problems.push(`actor is ${snapshot.status}`);
  for (const stale of run.staleErrors.splice(0)) problems.push(`an old error while Cognito checks what was sent: ${stale}`);
  const stored = run.storage.snapshot();
  const lastUser = Object.keys(stored).find((key) => key.endsWith(LAST_USER_SUFFIX));
  const signedIn = snapshot.matches('signedIn');
  if (signedIn) {
    const tokens = snapshot.context.tokens;
    if (!tokens) problems.push('signed in without tokens');
    if (!lastUser) problems.push('signed in but no session in storage');
    else {
      const prefix = `${lastUser.slice(0, -LAST_USER_SUFFIX.length)}.${stored[lastUser]}`;
      if (stored[`${prefix}.accessToken`] !== tokens?.accessToken) problems.push('stored access token differs from the one in use');
      if (stored[`${prefix}.idToken`] !== tokens?.idToken) problems.push('stored ID token differs from the one in use');
    }
  } else {
    if (lastUser) problems.push(`not signed in (${JSON.stringify(snapshot.value)}) but a session is in storage`);
    const tokenKeys = Object.keys(stored).filter((key) => /\.(idToken|accessToken|refreshToken)$/.test(key));
    if (tokenKeys.length) problems.push(`tokens left in storage: ${tokenKeys.join(', ')}`);
    if (snapshot.context.tokens) problems.push('tokens in context while not signed in');
  }
  // Emitted events carry users and errors, never a password or a token.
  const payloads = JSON.stringify(run.emitted);
  const secrets = [run.user?.password, snapshot.context.tokens?.accessToken, snapshot.context.tokens?.refreshToken];
  for (const secret of secrets) if (secret && payloads.includes(secret)) problems.push('a secret reached an emitted event');
  return problems;
}

/** The challenge each state answers, from the chart's challenge table. */
const CHALLENGE_OF_STATE: Record<string, string> = Object.fromEntries(challengeEntries().map(([name, entry]) => [entry.state, name]));

/**
 * What the context and the emitted payloads must hold after a step, beyond the state value and the event types:
 * whose session, which challenge, the pending sign-up or reset, and payloads that name the right user and error.
 */
export function detailProblems(run: ActiveRun, since: number): string[] {
  const problems: string[] = [];
  const snapshot = run.actor.getSnapshot();
  const { context } = snapshot;
  const username = run.user?.username;
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  if (snapshot.matches('signedIn')) {
    check(context.user?.username === username, `signed in as ${context.user?.username}, not ${username}`);
    check(typeof context.user?.userSub === 'string' && context.user.userSub.length > 0, 'signed in without a user sub');
    check(context.user?.attributes.email === `${username}@example.com`, 'the ID token attributes are missing');
    check(!!context.tokens && context.tokens.expiresAt > context.tokens.issuedAt, 'tokens without a lifetime');
    check(context.challenge === null && context.signUp === null, 'sign-in left a challenge or a sign-up behind');
  } else {
    check(context.user === null, 'a user in context while not signed in');
  }
  if (snapshot.matches('challenge')) {
    const inner = (snapshot.value as { challenge: string | Record<string, unknown> }).challenge;
    const state = typeof inner === 'string' ? inner : (Object.keys(inner)[0] ?? '');
    check(context.challenge?.name === CHALLENGE_OF_STATE[state], `challenge ${context.challenge?.name} in state ${state}`);
    check(context.challenge?.username === username, `the challenge answers for ${context.challenge?.username}`);
    check((context.challenge?.session.length ?? 0) > 0, 'a challenge without a session');
    check((context.challenge?.expiresAt ?? 0) > Date.now(), 'a challenge already expired');
    if (state === 'smsMfa') check(context.challenge?.codeDelivery?.deliveryMedium === 'SMS', 'SMS challenge without its delivery');
    if (state === 'selectMfaType') check((context.challenge?.mfaTypes?.length ?? 0) === 2, 'SELECT_MFA_TYPE without its choices');
    if (state === 'customChallenge') check(context.challenge?.parameters.question === '2 + 2', 'the custom question is lost');
    if (snapshot.matches({ challenge: { totpSetup: 'idle' } })) check(!!context.challenge?.totpSecret?.reveal(), 'MFA_SETUP without the TOTP secret');
    if (snapshot.matches({ challenge: { totpSetup: 'choosing' } })) {
      check(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'].every((t) => context.challenge?.mfaTypes?.includes(t)), 'MFA_SETUP choice without TOTP and email');
    }
    if (snapshot.matches({ challenge: { totpSetup: 'emailAddress' } })) {
      check(context.challenge?.mfaSetupChoice === 'EMAIL_OTP', 'MFA_SETUP waits for an address without email chosen');
    }
    if (state === 'emailOtp') check(context.challenge?.codeDelivery?.deliveryMedium === 'EMAIL', 'email code challenge without its delivery');
  } else {
    check(context.challenge === null, 'a challenge in context outside the challenge states');
  }
  if (snapshot.matches('confirmingSignUp')) check(!!context.signUp?.username, 'confirming without a pending sign-up');
  // The password SIGN_UP kept for auto sign-in is forgotten once the auto sign-in has run, whatever it led to.
  else check(!isSecret(context.signUp?.password), 'the auto sign-in password outlived the auto sign-in');
  if (snapshot.matches('resettingPassword')) {
    check(context.passwordReset?.username === username, `resetting ${context.passwordReset?.username}, not ${username}`);
    check(!!context.passwordReset?.codeDelivery?.deliveryMedium, 'the reset code delivery is lost');
  } else {
    check(context.passwordReset === null, 'a password reset in context outside resettingPassword');
  }
  if (context.error) check(context.error.message.length > 0, 'an error without a message');
  if (context.error?.name === 'ValidationError') check((context.error.fields?.length ?? 0) > 0, 'a ValidationError that names no field');
  for (const event of run.emitted.slice(since)) {
    switch (event.type) {
      case 'signIn':
      case 'autoSignIn':
      case 'signInWithRedirect':
      case 'tokenRefresh':
        check(event.user.username === username, `${event.type} for ${event.user.username}, not ${username}`);
        break;
      case 'signUp':
        check(event.user.username === username && !!event.user.userSub, 'signUp without the user');
        break;
      case 'confirmSignUp':
      case 'forgotPassword':
      case 'forgotPasswordSubmit':
        check(event.username === username, `${event.type} for ${event.username}, not ${username}`);
        break;
      case 'signOut':
        check(typeof event.global === 'boolean', 'signOut without its scope');
        break;
      case 'customOAuthState':
        check(typeof event.state === 'string', 'customOAuthState without its state');
        break;
      default:
        if (event.type.endsWith('_failure')) {
          check('error' in event && event.error instanceof Error && event.error.name !== '', `${event.type} without its error`);
        }
    }
  }
  return problems;
}

/** Performs one model step on the run and waits until the machine is ready for the user again. */
export async function performStep(run: ActiveRun, step: ModelStep): Promise<void> {
  run.busyStates.length = 0;
  await STEP_DRIVERS[step.event].run(run);
  await settle(run.actor);
}

export function expectedOf(backend: Backend, step: ModelStep): StepObservation {
  return {
    value: REAL_STATE[step.to],
    error: step.expect.error === null ? null : (backend.errorNames?.[step.event] ?? step.expect.error),
    emitted: step.expect.emitted,
  };
}

/** Runs a whole path on a fresh world; `check` sees every step (the model suite asserts there). */
export async function runPath(backend: Backend, path: ModelPath, options: RunOptions): Promise<void> {
  const world = await backend.open(worldOptionsOf(path));
  const run = startRun(world, { authFlow: appAuthFlowOf(path), ...options });
  try {
    await settle(run.actor);
    for (const [index, step] of path.steps.entries()) {
      const since = run.emitted.length;
      await performStep(run, step);
      options.check?.(step, index, observe(run, since), run);
    }
  } finally {
    run.actor.stop();
    await world.close();
  }
}

const ACCOUNT_STATES: ReadonlySet<string> = new Set(Object.values(ACCOUNT_ACTIONS).map((entry) => JSON.stringify({ signedIn: entry.state })));

/** What the model suite asserts after every step of a path: state, error, events, invariants and details. */
export function modelCheck(backend: Backend, path: ModelPath): NonNullable<RunOptions['check']> {
  let challengeSession: string | undefined;
  return (step, index, observed, run) => {
    const where = `step ${index + 1} (${step.event}) of "${path.name}"`;
    const before = challengeSession;
    challengeSession = run.actor.getSnapshot().context.challenge?.session;
    if (step.event === 'RESEND_SIGN_UP_CODE/sent') {
      // The pending sign-up says where the new code went (for a sign-up made elsewhere, only the resend says it).
      expect(run.actor.getSnapshot().context.signUp?.codeDelivery?.deliveryMedium, where).toBeDefined();
    }
    if (step.event === 'SEND_CUSTOM_CHALLENGE_ANSWER/anotherRound') {
      // Another round is a new challenge: answering it needs the session Cognito just sent, not the old one.
      expect(challengeSession, where).toBeDefined();
      expect(challengeSession, where).not.toBe(before);
    }
    expect(observed, where).toEqual(expectedOf(backend, step));
    expect(invariantProblems(run), where).toEqual([]);
    expect(detailProblems(run, run.emitted.length - observed.emitted.length), where).toEqual([]);
    if (step.event === 'SIGN_OUT/local' || step.event === 'SIGN_OUT/global') {
      // Local and global sign-out end in the same state; the event says which one happened.
      expect(run.emitted.at(-1), where).toEqual({ type: 'signOut', global: step.event === 'SIGN_OUT/global' });
    }
    // An account action runs in its own state of the account table (after a refresh too), where the app sees it
    // pending; no other step passes through one.
    const own = step.event.startsWith('ACCOUNT/') ? JSON.stringify({ signedIn: ACCOUNT_ACTIONS[actionRunBy(step.event as AccountModelEvent)].state }) : null;
    if (own && !/\/invalid(DuringRefresh)?$/.test(step.event)) expect(run.busyStates, where).toContain(own);
    expect(run.busyStates.filter((state) => ACCOUNT_STATES.has(state) && state !== own), where).toEqual([]);
    if (step.event === 'ELSEWHERE/signedOut') {
      // Another tab's local sign-out: this tab's tokens were the same, and were not revoked by this tab.
      expect(run.emitted.at(-1), where).toEqual({ type: 'signOut', global: false });
    }
  };
}
