import type { SignedInSession } from './service-contracts.js';

/**
 * Events the library itself sends to the machine, never the app: they carry facts from outside the chart
 * (another tab's storage writes, a reload) so that the chart stays the one place where the session changes.
 */
export type SessionEvent =
  /** Another tab signed in, refreshed or signed out: `session` is what storage now holds (null: nothing). */
  | { type: 'SESSION_CHANGED_ELSEWHERE'; session: SignedInSession | null }
  /** The actor was started from a persisted snapshot: re-arm timers and end what cannot survive a reload. */
  | { type: 'RESUMED' };

export type SessionEventType = SessionEvent['type'];
