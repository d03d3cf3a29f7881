/**
 * cognito-auth-machine/inspect: secret-redacting inspection for the Stately inspector (or any XState inspection
 * observer), and the statechart as Mermaid or DOT for drawing it offline. `createAuth(config, { inspect:
 * redactedInspection(observer) })` inspects an actor of createAuth; the rest is for wiring an inspector by hand.
 * @statelyai/inspect is not imported here.
 */
export { redactedInspection, type RedactedInspection } from './runtime/redacted-inspection.js';
export { REDACTED, isSecretKey, redactSecrets } from './adapters/inspect/redact-secrets.js';
export { redactInspectionEvent } from './adapters/inspect/redact-inspection-event.js';
export { redactedActorRef, type RedactedActorRef } from './adapters/inspect/redacted-actor-ref.js';
export { redactingInspector } from './adapters/inspect/redacting-inspector.js';
export type { InspectionObserver } from './adapters/inspect/inspection-observer.js';
export { serialize } from './adapters/inspect/stately-serialize.js';
export { toDot, toMermaid } from './adapters/inspect/statechart-graph.js';
