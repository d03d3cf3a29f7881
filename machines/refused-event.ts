import type { AnyMachineSnapshot } from 'xstate';
import { AuthError } from './auth-error.js';
import { SESSION_EVENT_TYPES, type SessionEventType } from './session-events.js';

/** The library's own events, and XState's: never the app's doing, so never reported to it. */
export function isInternalEvent(type: string): boolean {
  return type.startsWith('xstate.') || SESSION_EVENT_TYPES.includes(type as SessionEventType);
}

/** The app's events that the active states take, in the order the chart declares them. */
export function acceptedEvents(snapshot: AnyMachineSnapshot): string[] {
  const accepted = new Set<string>();
  for (const node of snapshot._nodes) {
    for (const type of node.ownEvents) if (type !== '*' && !isInternalEvent(type)) accepted.add(type);
  }
  return [...accepted];
}

/** A state path as the app would match it, e.g. `challenge.smsMfa`. */
function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  // A compound state's value names its one active child.
  const [key, child] = Object.entries(value as Record<string, unknown>)[0]!;
  return `${key}.${statePath(child)}`;
}

/** Why an event the active states do not take was refused: the state, and what it does take. */
export function invalidStateError(type: string, snapshot: AnyMachineSnapshot): AuthError {
  const accepted = acceptedEvents(snapshot);
  const busy = snapshot.hasTag('busy') ? ' while it waits for Cognito' : '';
  const takes = accepted.length ? `it takes ${accepted.join(', ')}` : 'it takes no event until that ends';
  return new AuthError('InvalidStateException', `${type} is not taken in ${statePath(snapshot.value)}${busy}: ${takes}`);
}
