import * as v from '../machines/schema.js';
import { authFlowSchema, type AuthFlow } from '../machines/auth-flow.js';
import { builtOnFirstUse } from '../machines/built-on-first-use.js';
import type { AuthContext } from '../machines/auth-types.js';
import { CHALLENGES, challengeEntries, type ChallengeName } from '../machines/challenges.js';
import type { AuthActor } from './auth-actor.js';
import { AUTH_SNAPSHOT_FORMAT } from './auth-snapshot-format.js';

export { AUTH_SNAPSHOT_FORMAT, isAuthSnapshotData } from './auth-snapshot-format.js';

/**
 * What may be kept across a reload: where the user was in a flow that waits for them (a challenge, a sign-up
 * confirmation, a password-reset code) and what that flow needs to continue. It holds the pending challenge's
 * Cognito session, which dies with the challenge, and never a password, a code, a token or a TOTP secret.
 */
export interface AuthSnapshotData {
  format: typeof AUTH_SNAPSHOT_FORMAT;
  /** The state, as a dotted path, e.g. `challenge.smsMfa`. */
  state: ResumableState;
  challenge: AuthContext['challenge'];
  signInUsername: string | null;
  signUp: AuthContext['signUp'];
  passwordReset: AuthContext['passwordReset'];
}

/** States that wait for the user and need nothing from memory to continue: the table's resumable challenges. */
const RESUMABLE = [
  ...challengeEntries()
    .filter(([, entry]) => entry.resumable)
    .map(([, entry]) => `challenge.${entry.state}` as const),
  'confirmingSignUp.idle',
  'resettingPassword.awaitingCode',
] as const;
export type ResumableState = (typeof RESUMABLE)[number];

function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, child] = Object.entries(value)[0] ?? [];
    return key === undefined ? '' : `${key}.${statePath(child)}`;
  }
  return '';
}

function isResumable(path: string): path is ResumableState {
  return (RESUMABLE as readonly string[]).includes(path);
}

/** Snapshots kept before each challenge's state became one state (`challenge.smsMfa.idle`) still resume. */
function currentPath(path: string): string {
  return /^challenge\.\w+\.idle$/.test(path) ? path.slice(0, -'.idle'.length) : path;
}

/** A resume point as stored, checked field by field; built when the first one is read. */
const dataSchema = /* @__PURE__ */ builtOnFirstUse(() => {
  const stringMap = v.record(v.string(), v.string());
  const codeDelivery = v.optional(
    v.object({ destination: v.optional(v.string()), deliveryMedium: v.optional(v.string()), attributeName: v.optional(v.string()) }),
  );
  const challengeSchema = v.object({
    name: v.enum(Object.keys(CHALLENGES) as [ChallengeName, ...ChallengeName[]]),
    session: v.string().check(v.minLength(1)),
    username: v.string().check(v.minLength(1)),
    parameters: stringMap,
    codeDelivery,
    requiredAttributes: v.optional(v.array(v.string())),
    mfaTypes: v.optional(v.array(v.string())),
    availableChallenges: v.optional(v.array(v.string())),
    expiresAt: v.number(),
  });
  return v.object({
    format: v.literal(AUTH_SNAPSHOT_FORMAT),
    state: v.string(),
    challenge: v.nullable(challengeSchema),
    signInUsername: v.nullable(v.string()),
    signUp: v.nullable(
      v.object({
        username: v.string().check(v.minLength(1)),
        userSub: v.optional(v.string()),
        codeDelivery,
        autoSignIn: v.boolean(),
        clientMetadata: v.optional(stringMap),
      }),
    ),
    passwordReset: v.nullable(v.object({ username: v.string().check(v.minLength(1)), codeDelivery })),
  });
});

/**
 * What of the actor's present state may be persisted, or null when there is nothing to resume (signed in or
 * out: tokens live in token storage) or work is under way (states tagged `busy` are never written).
 */
export function authSnapshot(auth: AuthActor): AuthSnapshotData | null {
  const snapshot = auth.getSnapshot();
  if (snapshot.status !== 'active' || snapshot.hasTag('busy')) return null;
  const state = statePath(snapshot.value);
  if (!isResumable(state)) return null;
  const { challenge, signUp, passwordReset, signInUsername } = snapshot.context;
  // Copy field by field: what is not named here (a TOTP secret, the auto sign-in password) is never written.
  return {
    format: AUTH_SNAPSHOT_FORMAT,
    state,
    challenge: challenge && {
      name: challenge.name,
      session: challenge.session,
      username: challenge.username,
      parameters: { ...challenge.parameters },
      ...(challenge.codeDelivery ? { codeDelivery: { ...challenge.codeDelivery } } : {}),
      ...(challenge.requiredAttributes ? { requiredAttributes: [...challenge.requiredAttributes] } : {}),
      ...(challenge.mfaTypes ? { mfaTypes: [...challenge.mfaTypes] } : {}),
      ...(challenge.availableChallenges ? { availableChallenges: [...challenge.availableChallenges] } : {}),
      expiresAt: challenge.expiresAt,
    },
    signInUsername,
    signUp: signUp && {
      username: signUp.username,
      ...(signUp.userSub ? { userSub: signUp.userSub } : {}),
      ...(signUp.codeDelivery ? { codeDelivery: { ...signUp.codeDelivery } } : {}),
      autoSignIn: signUp.autoSignIn,
      ...(signUp.clientMetadata ? { clientMetadata: { ...signUp.clientMetadata } } : {}),
    },
    passwordReset: passwordReset && {
      username: passwordReset.username,
      ...(passwordReset.codeDelivery ? { codeDelivery: { ...passwordReset.codeDelivery } } : {}),
    },
  };
}

/** The parts of a persisted XState snapshot that `createActor(machine, { snapshot })` reads. */
export interface RestoredSnapshot {
  status: 'active';
  value: string | Record<string, unknown>;
  context: AuthContext;
  children: Record<string, never>;
  historyValue: Record<string, never>;
}

/**
 * The machine snapshot to start from, or null when `value` is not a usable AuthSnapshotData (corrupt, from
 * another version, a state that cannot be resumed, or lacking what that state needs): then start afresh.
 */
export function restorableSnapshot(value: unknown, authFlow: AuthFlow): RestoredSnapshot | null {
  const parsed = dataSchema().safeParse(value);
  if (!parsed.success) return null;
  const data = { ...parsed.data, state: currentPath(parsed.data.state) };
  if (!isResumable(data.state)) return null;
  const [region, child] = data.state.split('.');
  const needs =
    region === 'challenge' ? data.challenge !== null && CHALLENGES[data.challenge.name].state === child
    : region === 'confirmingSignUp' ? data.signUp !== null
    : data.passwordReset !== null;
  if (!needs || !authFlowSchema().safeParse(authFlow).success) return null;
  const [first, second, third] = data.state.split('.') as [string, string, string?];
  const context: AuthContext = {
    authFlow,
    user: null,
    tokens: null,
    challenge: data.challenge,
    signInUsername: data.signInUsername,
    signUp: data.signUp,
    passwordReset: data.passwordReset,
    error: null,
    refreshFailures: 0,
    refreshDeferredUntil: null,
    totpSetup: null,
    mfaPreference: null,
    devices: null,
    passkeys: null,
    accountAction: null,
  };
  return {
    status: 'active',
    value: third ? { [first]: { [second]: third } } : { [first]: second },
    context,
    children: {},
    historyValue: {},
  };
}
