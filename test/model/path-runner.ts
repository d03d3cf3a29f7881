import { createActor, SimulatedClock, waitFor, type InspectionEvent } from 'xstate';
import type { AuthActor } from '../../adapters/create-auth.js';
import { memoryStorage, type MemoryStorage } from '../../adapters/memory-storage.js';
import type { AuthEvent } from '../../machines/auth-events.js';
import { authMachine } from '../../machines/auth-machine.js';
import type { AuthEmitted } from '../../machines/auth-types.js';
import { createAuthServices } from '../../services/auth-services.js';
import type { Transport } from '../../services/transport.js';
import { REAL_STATE } from './auth-model.js';
import type { Backend, Feature, World } from './backends.js';
import type { ModelPath, ModelStep } from './model-paths.js';
import { STEP_DRIVERS, type PathRun, type Principal } from './step-drivers.js';

const SETTLE_MS = 10_000;
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
  /** Called after each step with what the machine showed; the default asserts it against the model. */
  check?: (step: ModelStep, index: number, observed: StepObservation, run: ActiveRun) => void;
}

export interface ActiveRun extends PathRun {
  storage: MemoryStorage;
  emitted: AuthEmitted[];
}

let counter = 0;

export async function settle(actor: AuthActor): Promise<void> {
  await waitFor(actor, (s) => !s.hasTag('busy') || s.status !== 'active', { timeout: SETTLE_MS });
}

/** Starts the real machine with the real services over the world's transport. */
export function startRun(world: World, options: RunOptions = {}): ActiveRun {
  const storage = memoryStorage();
  const transport = options.wrapTransport ? options.wrapTransport(world.transport) : world.transport;
  const services = createAuthServices({ transport, storage, userPoolId: world.userPoolId, clientId: world.clientId });
  const machine = authMachine.provide({ actors: services });
  const emitted: AuthEmitted[] = [];
  // The chart's timers (challenge expiry, refresh) run on a simulated clock that steps move on purpose.
  let clock = new SimulatedClock();
  const start = (): AuthActor => {
    clock = new SimulatedClock();
    const actor = createActor(machine, {
      clock,
      input: { authFlow: 'USER_PASSWORD_AUTH' },
      ...(options.inspect ? { inspect: options.inspect } : {}),
    });
    actor.on('*', (event) => emitted.push(event));
    return actor.start();
  };
  let actor = start();
  const run: ActiveRun = {
    world,
    storage,
    emitted,
    get actor() {
      return actor;
    },
    user: undefined as Principal | undefined,
    fresh(prefix) {
      counter += 1;
      return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
    },
    send(event) {
      actor.send(event as AuthEvent);
    },
    async reload() {
      actor.stop();
      actor = start();
      await settle(actor);
    },
    elapse(ms) {
      clock.increment(ms);
    },
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

/** Performs one model step on the run and waits until the machine is ready for the user again. */
export async function performStep(run: ActiveRun, step: ModelStep): Promise<void> {
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
  const world = await backend.open({ mfaRequired: path.steps.some((s) => s.event === 'SIGN_IN/totpSetup') });
  const run = startRun(world, options);
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
