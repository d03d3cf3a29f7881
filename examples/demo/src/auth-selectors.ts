import type { AuthActor, AuthError, ChallengeStateName } from '../../../core.js';
import { CHALLENGES, isChallengeName } from '../../../machines/challenges.js';
import { leafStatePath } from './active-state-ids.js';

type AuthSnapshot = ReturnType<AuthActor['getSnapshot']>;

/** Which screen a state shows. Busy states keep the screen that started the work, with its button spinning. */
export type Screen =
  | 'loading'
  | 'signedOut'
  | 'confirmSignUp'
  | 'autoSignIn'
  | ChallengeStateName
  | 'signedIn'
  | 'resetPassword';

export function screenOf(snapshot: AuthSnapshot): Screen {
  const value = snapshot.value;
  if (typeof value === 'string') {
    switch (value) {
      case 'initializing':
        return 'loading';
      case 'autoSigningIn':
        return 'autoSignIn';
      default:
        return 'signedOut';
    }
  }
  if ('confirmingSignUp' in value) return 'confirmSignUp';
  if ('challenge' in value) return pendingChallengeScreen(snapshot) ?? 'loading';
  if ('signedIn' in value || 'signingOut' in value) return 'signedIn';
  if ('resettingPassword' in value) return 'resetPassword';
  return 'signedOut';
}

/**
 * The pending challenge's screen, from the challenge table. While an answer is on its way the chart is in
 * `challenge.responding`, which names no challenge: the context still does, so the form stays up, busy.
 */
export function pendingChallengeScreen(snapshot: AuthSnapshot): ChallengeStateName | null {
  const name = snapshot.context.challenge?.name;
  if (name && isChallengeName(name)) return CHALLENGES[name].state;
  // No challenge in the context (never expected in `challenge`): fall back on the state's own name.
  const value = snapshot.value;
  const child = typeof value === 'object' && 'challenge' in value ? value.challenge : undefined;
  const state = typeof child === 'string' ? child : child ? Object.keys(child)[0] : undefined;
  return state && state !== 'responding' ? (state as ChallengeStateName) : null;
}

export const selectBusy = (snapshot: AuthSnapshot): boolean => snapshot.hasTag('busy');
export const selectError = (snapshot: AuthSnapshot): AuthError | null => snapshot.context.error;
export const selectStatePath = (snapshot: AuthSnapshot): string => leafStatePath(snapshot.value);
export const selectStateValue = (snapshot: AuthSnapshot) => snapshot.value;

/**
 * The field an error belongs to. Validation errors name their fields; for Cognito's own errors the page knows
 * which input was wrong, so a wrong code shows under the code box rather than in a banner.
 */
const COGNITO_ERROR_FIELDS: Record<string, Record<string, string>> = {
  CodeMismatchException: { code: 'code' },
  ExpiredCodeException: { code: 'code' },
  InvalidPasswordException: { password: 'password', newPassword: 'newPassword' },
  UsernameExistsException: { username: 'username' },
  AliasExistsException: { 'attributes.email': 'attributes.email', code: 'code' },
};

export function fieldErrors(error: AuthError | null, fields: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  if (!error) return found;
  for (const field of error.fields ?? []) {
    if (fields.includes(field.path)) found.set(field.path, `${labelOf(field.path)} ${field.message}`);
  }
  if (!error.fields) {
    const candidates = COGNITO_ERROR_FIELDS[error.name] ?? {};
    const field = fields.find((name) => name in candidates);
    if (field) found.set(field, error.message);
  }
  return found;
}

function labelOf(path: string): string {
  const last = path.split('.').at(-1) ?? path;
  const words = last.replace(/^custom:/, '').replace(/[_:]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
