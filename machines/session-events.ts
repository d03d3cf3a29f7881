import type { AuthError } from './auth-error.js';
import type { WebAuthnCredentialEvent } from './passkey-events.js';
import type { SignedInSession } from './service-contracts.js';

/**
 * Events the library itself sends to the machine, never the app: they carry facts from outside the chart
 * (another tab's storage writes, a reload) so that the chart stays the one place where the session changes.
 */
export type SessionEvent =
  /** Another tab signed in, refreshed or signed out: `session` is what storage now holds (null: nothing). */
  | { type: 'SESSION_CHANGED_ELSEWHERE'; session: SignedInSession | null }
  /** The actor was started from a persisted snapshot: re-arm timers and end what cannot survive a reload. */
  | { type: 'RESUMED' }
  /** Storage that answers at once was read before the actor started: no need to wait for a restore. */
  | { type: 'SESSION_RESTORED'; session: SignedInSession | null }
  /** The app sent something that is not an event (null, a string, a payload that throws when read). */
  | { type: 'EVENT_REFUSED'; error: AuthError }
  /** The passkey ceremony of a WEB_AUTHN challenge gave its assertion: the chart answers with it. */
  | WebAuthnCredentialEvent;

/** The library's own event types: an event of one of these types sent by the app is refused. */
export const SESSION_EVENT_TYPES: readonly SessionEventType[] = ['SESSION_CHANGED_ELSEWHERE', 'RESUMED', 'SESSION_RESTORED', 'EVENT_REFUSED', 'WEB_AUTHN_CREDENTIAL'];

export type SessionEventType = SessionEvent['type'];
