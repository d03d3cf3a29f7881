import type { StatelyInspectionEvent } from '@statelyai/inspect';
import { redactSecrets } from './redact-secrets.js';

/**
 * For @statelyai/inspect's `serialize` option: it runs on every message the inspector sends (actor, event and
 * snapshot messages, after `sanitizeEvent` / `sanitizeContext`), so it also covers an actor the app created with
 * `inspect: inspector.inspect` directly. The result is plain JSON data, as `postMessage` and WebSockets need.
 */
export function serialize(event: StatelyInspectionEvent): StatelyInspectionEvent {
  return redactSecrets(event);
}
