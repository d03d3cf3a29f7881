import type { AuthEmitted, AuthEvent } from '../../../core.js';
import { REDACTED, redactSecrets } from '../../../inspect.js';

export interface LogEntry {
  id: number;
  at: number;
  /** `step`: what the chart did that no event names, such as Cognito asking the same challenge again. */
  direction: 'sent' | 'emitted' | 'step';
  type: string;
  text: string;
  failure: boolean;
  /** A sent event the chart did not take: the error it set instead (InvalidStateException or ValidationError). */
  refused?: { name: string; message: string };
}

/** Emitted events (and the events sent, redacted) for the log panel; a store `useSyncExternalStore` reads. */
export interface EventLog {
  /** Adds an entry and returns its id. */
  add(direction: 'sent' | 'emitted', event: AuthEvent | AuthEmitted): number;
  /** Adds a step the chart took on its own; `failure` when it tells of something refused. */
  note(type: string, text: string, failure: boolean): number;
  /** The type of the last event sent (kept when the log is cleared): which step an error belongs to. */
  lastSent(): string | null;
  /** Marks a sent event as refused by the chart, with the error that says why. */
  refuse(id: number, error: { name: string; message: string }): void;
  entries(): readonly LogEntry[];
  subscribe(listener: () => void): () => void;
  clear(): void;
}

const LIMIT = 200;

export function createEventLog(): EventLog {
  let entries: readonly LogEntry[] = [];
  let next = 1;
  let lastSent: string | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  const push = (entry: Omit<LogEntry, 'id' | 'at'>): number => {
    const id = next++;
    entries = [{ id, at: Date.now(), ...entry }, ...entries].slice(0, LIMIT);
    notify();
    return id;
  };
  return {
    add(direction, event) {
      if (direction === 'sent') lastSent = event.type;
      return push({
        direction,
        type: event.type,
        text: direction === 'sent' ? describeEvent(event) : describeEmitted(event as AuthEmitted),
        failure: event.type.endsWith('_failure'),
      });
    },
    note(type, text, failure) {
      return push({ direction: 'step', type, text, failure });
    },
    lastSent: () => lastSent,
    refuse(id, error) {
      entries = entries.map((entry) => (entry.id === id ? { ...entry, refused: { name: error.name, message: error.message } } : entry));
      notify();
    },
    entries: () => entries,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      entries = [];
      notify();
    },
  };
}

/** `SIGN_IN { username: "sam.sms", password: •••• }`: the library decides what is secret, the log how it looks. */
export function describeEvent(event: { readonly type: string; readonly [field: string]: unknown }): string {
  const fields = Object.entries(redactSecrets(event) as Record<string, unknown>)
    .filter(([key]) => key !== 'type')
    .map(([key, value]) => `${key}: ${value === REDACTED ? '••••' : JSON.stringify(value)}`);
  return fields.length ? `${event.type} { ${fields.join(', ')} }` : event.type;
}

function describeEmitted(event: AuthEmitted): string {
  switch (event.type) {
    case 'signUp':
      return `signUp ${event.user.username}${event.userConfirmed ? ' (confirmed)' : ''}${event.codeDelivery?.destination ? ` — code to ${event.codeDelivery.destination}` : ''}`;
    case 'autoSignIn':
    case 'signIn':
    case 'signInWithRedirect':
    case 'tokenRefresh':
      return `${event.type} ${event.user.username}`;
    case 'customOAuthState':
      return `customOAuthState ${event.state}`;
    case 'signOut':
      return event.global ? 'signOut (global)' : 'signOut';
    case 'confirmSignUp':
    case 'forgotPasswordSubmit':
      return `${event.type} ${event.username}`;
    case 'forgotPassword':
      return `forgotPassword ${event.username}${event.codeDelivery?.destination ? ` — code to ${event.codeDelivery.destination}` : ''}`;
    default:
      return 'error' in event ? `${event.type} ${event.error.name}: ${event.error.message}` : event.type;
  }
}
