import type { InspectionEvent } from 'xstate';

/**
 * The auth actor is created once, with this relay as its inspector; the Stately inspector is connected and
 * disconnected later by the switch. Registration and the latest snapshot of each actor are kept so that an
 * inspector connected late still learns which actors exist and where they are.
 *
 * The relay does no redaction of its own: `createAuth(config, { inspect: redactedInspection(relay.inspect) })`
 * wraps it in the library's `redactingInspector`, so what it keeps and forwards already has passwords, codes, sessions and tokens removed.
 */
export interface InspectorRelay {
  inspect(event: InspectionEvent): void;
  connect(target: (event: InspectionEvent) => void): void;
  disconnect(): void;
}

export function createInspectorRelay(): InspectorRelay {
  let target: ((event: InspectionEvent) => void) | null = null;
  const registrations = new Map<string, InspectionEvent>();
  const latest = new Map<string, InspectionEvent>();
  return {
    inspect(event) {
      if (event.type === '@xstate.actor') registrations.set(event.actorRef.sessionId, event);
      if (event.type === '@xstate.snapshot') latest.set(event.actorRef.sessionId, event);
      target?.(event);
    },
    connect(next) {
      target = next;
      for (const event of registrations.values()) next(event);
      for (const event of latest.values()) next(event);
    },
    disconnect() {
      target = null;
    },
  };
}
