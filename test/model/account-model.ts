import { ACCOUNT_ACTIONS, type AccountEventType } from '../../machines/account-actions.js';
import type { AuthEmittedType } from '../../machines/auth-types.js';

/*
 * The account actions in the model, one group of steps per row of the account table: each done, refused by
 * validation (for events with a payload), unreachable, refused by Cognito as a revoked session, sent with an
 * expired access token (refreshed first), and sent while a refresh is on its way (valid: it waits and runs after;
 * invalid: refused, the refresh goes on; sent while another action waits for the refresh: refused, that one runs). Built from the table, so a new row gets its steps here.
 */

export type AccountOutcome =
  | 'done'
  | 'invalid'
  | 'unreachable'
  | 'revoked'
  | 'expired'
  | 'duringRefresh'
  | 'invalidDuringRefresh'
  | 'twiceDuringRefresh';
export type AccountModelEvent = `ACCOUNT/${AccountEventType}/${AccountOutcome}`;

const TYPES = Object.keys(ACCOUNT_ACTIONS) as AccountEventType[];

export function outcomesOf(type: AccountEventType): AccountOutcome[] {
  const validated = !('noPayload' in ACCOUNT_ACTIONS[type] && ACCOUNT_ACTIONS[type].noPayload);
  return [
    'done',
    ...(validated ? (['invalid'] as const) : []),
    'unreachable',
    'revoked',
    'expired',
    'duringRefresh',
    ...(validated ? (['invalidDuringRefresh'] as const) : []),
    'twiceDuringRefresh',
  ];
}

export const ACCOUNT_MODEL_EVENTS: AccountModelEvent[] = TYPES.flatMap((type) =>
  outcomesOf(type).map((outcome): AccountModelEvent => `ACCOUNT/${type}/${outcome}`),
);

export function parseAccountEvent(event: AccountModelEvent): { type: AccountEventType; outcome: AccountOutcome } {
  const [, type, outcome] = event.split('/') as [string, AccountEventType, AccountOutcome];
  return { type, outcome };
}

/**
 * `twiceDuringRefresh`: the action that already waits for the refresh when this one is sent. Another type, so
 * that this one's own route from `refreshing` is never taken in the step, and a mutant that lets it through shows.
 */
export function heldFirst(type: AccountEventType): AccountEventType {
  return type === 'FETCH_USER_ATTRIBUTES' ? 'FETCH_MFA_PREFERENCE' : 'FETCH_USER_ATTRIBUTES';
}

/** The account action whose own state a step runs in: the held one for `twiceDuringRefresh`, else its own. */
export function actionRunBy(event: AccountModelEvent): AccountEventType {
  const { type, outcome } = parseAccountEvent(event);
  return outcome === 'twiceDuringRefresh' ? heldFirst(type) : type;
}

/** Where each account step ends from signedIn, with the error and the emitted events. */
export function accountStepResult(event: AccountModelEvent): { target: 'signedIn' | 'signedOut'; error: string | null; emitted: AuthEmittedType[] } {
  const { type, outcome } = parseAccountEvent(event);
  const entry = ACCOUNT_ACTIONS[type];
  const name = entry.emits;
  const ends = 'endsSession' in entry && entry.endsSession === true;
  switch (outcome) {
    case 'done':
      return ends ? { target: 'signedOut', error: null, emitted: [name, 'signOut'] } : { target: 'signedIn', error: null, emitted: [name] };
    case 'twiceDuringRefresh': {
      // The action held first runs; this one was refused while it waited.
      return { target: 'signedIn', error: null, emitted: ['tokenRefresh', ACCOUNT_ACTIONS[heldFirst(type)].emits] };
    }
    case 'expired':
    case 'duringRefresh':
      return ends
        ? { target: 'signedOut', error: null, emitted: ['tokenRefresh', name, 'signOut'] }
        : { target: 'signedIn', error: null, emitted: ['tokenRefresh', name] };
    case 'invalid':
      return { target: 'signedIn', error: 'ValidationError', emitted: [] };
    case 'invalidDuringRefresh':
      // The refusal is seen at once; the refresh that ends after it clears the error.
      return { target: 'signedIn', error: null, emitted: ['tokenRefresh'] };
    case 'unreachable':
      return { target: 'signedIn', error: 'NetworkError', emitted: [`${name}_failure`] };
    case 'revoked':
      return { target: 'signedOut', error: 'NotAuthorizedException', emitted: [`${name}_failure`, 'signOut'] };
  }
}
