import { createActor, getNextSnapshot, type SnapshotFrom, type StateValue } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { isSecret } from '../../machines/secret.js';
import { authModel, MODEL_EVENTS, REAL_STATE, type ModelEvent, type ModelEventType, type ModelState, type StepExpectation } from './auth-model.js';

type ModelSnapshot = SnapshotFrom<typeof authModel>;

export interface ModelStep {
  event: ModelEventType;
  from: ModelState;
  to: ModelState;
  expect: StepExpectation;
}

export interface ModelPath {
  /** e.g. `SIGN_UP/needsCode → CONFIRM_SIGN_UP/right` */
  name: string;
  steps: ModelStep[];
}

/** Steps that succeed without setting the error themselves: they must clear the one an earlier step left. */
const CLEARS_OLD_ERROR = new Set<ModelEventType>([
  'SIGN_OUT/local',
  'SIGN_OUT/global',
  'CONFIRM_SIGN_UP/right',
  'RESEND_SIGN_UP_CODE/sent',
  'FORGOT_PASSWORD/sent',
  'CONFIRM_FORGOT_PASSWORD/right',
  'CONFIRM_SIGN_IN/right',
  'SELECT_MFA_TYPE/sms',
  'VERIFY_TOTP_SETUP/right',
  'SELECT_MFA_TYPE/setupTotp',
  'SELECT_MFA_TYPE/setupEmail',
  'SET_UP_EMAIL_MFA/right',
  'SEND_CUSTOM_CHALLENGE_ANSWER/right',
  'COMPLETE_NEW_PASSWORD/right',
  'SIGN_IN/cancelled',
  'SELECT_CHALLENGE/emailOtp',
  'SELECT_CHALLENGE/smsOtp',
  'SELECT_CHALLENGE/password',
]);

const isModelEvent = (type: string): type is ModelEventType => (MODEL_EVENTS as readonly string[]).includes(type);
const stateOf = (snapshot: ModelSnapshot) => snapshot.value as ModelState;
const enabledEvents = (snapshot: ModelSnapshot): ModelEvent[] =>
  MODEL_EVENTS.map((type) => ({ type })).filter((event) => snapshot.can(event));

/** Replays events on the model and records each step's source, target and expectation. */
export function modelSteps(events: readonly ModelEventType[]): ModelStep[] {
  const actor = createActor(authModel).start();
  return events.map((event) => {
    const from = stateOf(actor.getSnapshot());
    if (!actor.getSnapshot().can({ type: event })) throw new Error(`The model has no ${event} in ${from}`);
    actor.send({ type: event });
    const after = actor.getSnapshot();
    return { event, from, to: stateOf(after), expect: after.context.expect };
  });
}

/**
 * One path per model transition: the shortest way to its source state, then the transition. Paths that are
 * a prefix of another path are dropped, since the longer one runs the same steps. Every model transition is
 * therefore taken at least once, and each path stays a few steps long.
 */
export function transitionPaths(): ModelPath[] {
  // Only the state value decides what a step can do; the expectation in context is an output, not state.
  const serializeState = (snapshot: ModelSnapshot) => JSON.stringify(snapshot.value);
  const toState = getShortestPaths(authModel, { events: enabledEvents, serializeState });
  const candidates: ModelEventType[][] = [];
  for (const path of toState) {
    // The first step of a path is the model's start (`xstate.init`), not a user step.
    const prefix = path.steps.map((step) => step.event.type as string).filter((type): type is ModelEventType => isModelEvent(type));
    const enabled = enabledEvents(path.state).map((event) => event.type);
    for (const event of enabled) candidates.push([...prefix, event]);
    // The same steps right after a refused one, for those whose success sets no error of its own: the old error goes.
    const refused = enabled.find((event) => event.endsWith('/invalid'));
    for (const event of enabled) if (refused && CLEARS_OLD_ERROR.has(event)) candidates.push([...prefix, refused, event]);
  }
  const key = (events: ModelEventType[]) => events.join(' → ');
  const keys = candidates.map(key);
  const kept = candidates.filter((events, i) => !keys.some((other, j) => j !== i && other !== keys[i] && other.startsWith(`${keys[i]} → `)));
  const unique = [...new Map(kept.map((events) => [key(events), events])).values()];
  return unique.map((events) => ({ name: key(events), steps: modelSteps(events) }));
}

/** Every transition of the model, as `state --event-->`; what the generated paths must cover. */
export function modelTransitions(): string[] {
  const serializeState = (snapshot: ModelSnapshot) => JSON.stringify(snapshot.value);
  const toState = getShortestPaths(authModel, { events: enabledEvents, serializeState });
  return toState.flatMap((path) => enabledEvents(path.state).map((event) => `${stateOf(path.state)} --${event.type}-->`));
}

const modelAt = (state: ModelState) => authModel.resolveState({ value: state, context: { expect: { error: null, emitted: [] } } });

export function modelHas(state: ModelState, event: ModelEventType): boolean {
  return modelAt(state).can({ type: event });
}

/** The model's step for `event` from `from`, wherever that state was reached. */
export function modelStepFrom(from: ModelState, event: ModelEventType): ModelStep {
  const start = modelAt(from);
  if (!start.can({ type: event })) throw new Error(`The model has no ${event} in ${from}`);
  const after = getNextSnapshot(authModel, start, { type: event });
  return { event, from, to: stateOf(after), expect: after.context.expect };
}

/**
 * The model state a real machine is in, from its state value and its pending sign-up (whether it still signs in
 * automatically, and with a password or with ConfirmSignUp's session: what model states split that the chart keeps
 * in context); for other states with one state value, `likely` when it is one of them. Undefined outside the model.
 */
export function modelStateOf(
  value: StateValue,
  signUp: { autoSignIn: boolean; password?: unknown } | null | undefined,
  likely?: ModelState,
): ModelState | undefined {
  const matching = (Object.keys(REAL_STATE) as ModelState[]).filter((state) => JSON.stringify(REAL_STATE[state]) === JSON.stringify(value));
  if (matching.includes('confirmingManual')) {
    if (signUp?.autoSignIn !== true) return 'confirmingManual';
    return isSecret(signUp.password) ? 'confirmingAuto' : 'confirmingPasswordless';
  }
  if (likely && matching.includes(likely)) return likely;
  return matching[0];
}
