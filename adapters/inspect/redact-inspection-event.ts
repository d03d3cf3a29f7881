import type { InspectionEvent } from 'xstate';
import { redactedActorRef } from './redacted-actor-ref.js';
import { redactSecrets } from './redact-secrets.js';

/**
 * The inspection event with every secret redacted: the event, the snapshot and action parameters are redacted
 * copies, and `actorRef` / `sourceRef` are stand-ins whose `getSnapshot()` is redacted too. Transitions of a
 * microstep are the chart's static definitions and pass unchanged.
 */
export function redactInspectionEvent(event: InspectionEvent): InspectionEvent {
  const common = { rootId: event.rootId, actorRef: redactedActorRef(event.actorRef) };
  switch (event.type) {
    case '@xstate.actor':
      return { type: event.type, ...common };
    case '@xstate.event':
      return {
        type: event.type,
        ...common,
        sourceRef: event.sourceRef ? redactedActorRef(event.sourceRef) : undefined,
        event: redactSecrets(event.event),
      };
    case '@xstate.snapshot':
    case '@xstate.transition':
      return { type: event.type, ...common, event: redactSecrets(event.event), snapshot: redactSecrets(event.snapshot) };
    case '@xstate.microstep':
      return {
        type: event.type,
        ...common,
        event: redactSecrets(event.event),
        snapshot: redactSecrets(event.snapshot),
        _transitions: event._transitions,
      };
    case '@xstate.action':
      return { type: event.type, ...common, action: { type: event.action.type, params: redactSecrets(event.action.params) } };
    default: {
      // A kind of inspection event newer than this code: pass only what can be redacted.
      const unknownEvent = event as { type: string };
      return { ...redactSecrets(unknownEvent), ...common } as unknown as InspectionEvent;
    }
  }
}
