import { createContext, useContext } from 'react';
import type { AuthActor, AuthEvent } from '../../../core.js';
import type { DemoConfig, DemoPoolCoordinates } from './demo-config.js';
import type { EventLog } from './event-log.js';
import type { InspectorRelay } from './inspector-relay.js';

export interface Demo {
  auth: AuthActor;
  /** `auth.send`, with the event written (redacted) to the log first. */
  send(event: AuthEvent): void;
  config: DemoConfig;
  /** The pool this page talks to (`key` null for the main one). */
  pool: DemoPoolCoordinates & { key: string | null };
  log: EventLog;
  relay: InspectorRelay;
  /** Whether this pool offers managed login and Google (SIGN_IN_WITH_REDIRECT). */
  managedLogin: boolean;
}

export const DemoContext = createContext<Demo | null>(null);

export function useDemo(): Demo {
  const demo = useContext(DemoContext);
  if (!demo) throw new Error('useDemo outside <DemoContext.Provider>');
  return demo;
}
