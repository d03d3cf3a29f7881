import { toObserver, type InspectionEvent, type Observer } from 'xstate';
import type { InspectionObserver } from './inspection-observer.js';
import { redactInspectionEvent } from './redact-inspection-event.js';

/**
 * Wraps any XState inspection observer (`createBrowserInspector().inspect`, `createWebSocketInspector(…).inspect`,
 * a function) so that it only ever sees redacted inspection events. An event that cannot be redacted is dropped,
 * never passed on as it was.
 */
export function redactingInspector(observer: InspectionObserver): Observer<InspectionEvent> {
  const target = toObserver(observer);
  return {
    next(event) {
      let redacted: InspectionEvent;
      try {
        redacted = redactInspectionEvent(event);
      } catch {
        return;
      }
      target.next?.(redacted);
    },
    error(error) {
      target.error?.(error);
    },
    complete() {
      target.complete?.();
    },
  };
}
