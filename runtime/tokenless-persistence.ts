import type { AnyStateMachine } from 'xstate';

function isTokens(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'accessToken' in value && 'idToken' in value;
}

/** Every `tokens` member holding tokens (the context's, an invoked refresh's or sign-out's input) becomes null. */
function dropTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropTokens);
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, key === 'tokens' && isTokens(child) ? null : dropTokens(child)]),
  );
}

/**
 * Persisted snapshots are written where the app chooses (sessionStorage, a server, a log), so they carry no
 * tokens: those live in the token storage the app configured, and only there. A snapshot taken while signed in
 * therefore resumes without tokens; a signed-in session is resumed from token storage by starting afresh.
 */
export function keepTokensOutOfPersistedSnapshots<TMachine extends AnyStateMachine>(machine: TMachine): TMachine {
  const persist = machine.getPersistedSnapshot.bind(machine);
  machine.getPersistedSnapshot = ((snapshot, options) => dropTokens(persist(snapshot, options))) as TMachine['getPersistedSnapshot'];
  return machine;
}
