import type { InspectionEvent } from 'xstate';
import { redactValue } from './redaction.js';

/**
 * The auth actor is created once, with this relay as its inspector; the Stately inspector is connected and
 * disconnected later by the switch. Registration and the latest snapshot of each actor are kept so that an
 * inspector connected late still learns which actors exist and where they are.
 *
 * Everything forwarded is redacted first: passwords, codes, sessions and tokens never reach the inspector.
 */
export interface InspectorRelay {
  inspect(event: InspectionEvent): void;
  connect(target: (event: InspectionEvent) => void): void;
  disconnect(): void;
}

export function redactInspectionEvent(event: InspectionEvent): InspectionEvent {
  switch (event.type) {
    case '@xstate.event':
      return { ...event, event: redactValue(event.event) as typeof event.event };
    case '@xstate.snapshot':
      return {
        ...event,
        event: redactValue(event.event) as typeof event.event,
        snapshot: redactSnapshot(event.snapshot),
      };
    case '@xstate.microstep':
      return { ...event, event: redactValue(event.event) as typeof event.event, snapshot: redactSnapshot(event.snapshot) };
    default:
      return event;
  }
}

/** Context for machines; input and output for the invoked promise actors (sign-in results carry tokens). */
const SNAPSHOT_PARTS = ['context', 'input', 'output', 'error'] as const;

function redactSnapshot<T>(snapshot: T): T {
  const parts = snapshot as Partial<Record<(typeof SNAPSHOT_PARTS)[number], unknown>>;
  if (SNAPSHOT_PARTS.every((key) => parts[key] === undefined)) return snapshot;
  // A copy keeps the prototype (matches, hasTag) and swaps in redacted parts.
  const copy = Object.create(Object.getPrototypeOf(snapshot) as object) as T;
  Object.assign(copy as object, snapshot);
  for (const key of SNAPSHOT_PARTS) {
    if (parts[key] !== undefined) (copy as Record<string, unknown>)[key] = redactValue(parts[key]);
  }
  return copy;
}

export function createInspectorRelay(): InspectorRelay {
  let target: ((event: InspectionEvent) => void) | null = null;
  const registrations = new Map<string, InspectionEvent>();
  const latest = new Map<string, InspectionEvent>();
  return {
    inspect(event) {
      if (event.type === '@xstate.actor') registrations.set(event.actorRef.sessionId, event);
      if (event.type === '@xstate.snapshot') latest.set(event.actorRef.sessionId, event);
      target?.(redactInspectionEvent(event));
    },
    connect(next) {
      target = next;
      for (const event of registrations.values()) next(redactInspectionEvent(event));
      for (const event of latest.values()) next(redactInspectionEvent(event));
    },
    disconnect() {
      target = null;
    },
  };
}
