import type { InspectionObserver } from '../adapters/inspect/inspection-observer.js';
import { redactingInspector } from '../adapters/inspect/redacting-inspector.js';
import type { AuthFeature } from './auth-feature.js';

/** Inspection as `createAuth` takes it: `createAuth(config, { inspect: redactedInspection(observer) })`. */
export type RedactedInspection = AuthFeature<'inspect'>;

/**
 * Gives an XState inspection observer (e.g. `createBrowserInspector().inspect`) every inspection event of the
 * actor, with passwords, codes, answers, sessions, tokens and other secrets replaced by "[redacted]".
 */
export function redactedInspection(observer: InspectionObserver): RedactedInspection {
  return { feature: 'inspect', inspector: redactingInspector(observer) };
}
