import { AuthError } from '../machines/auth-error.js';
import { SESSION_EVENT_TYPES, type SessionEvent, type SessionEventType } from '../machines/session-events.js';
import type { AuthActor } from './auth-actor.js';

type Deliver = (event: { type: string }) => void;

/** How the library itself reaches an actor that `createAuth` made: around the gate the app's events go through. */
const internalSenders = new WeakMap<object, Deliver>();

/**
 * Sends the library's own event (another tab's session, a resume) to the chart. Only code that holds the actor
 * and this module does it; for an actor made without `createAuth`, it is the actor's own `send`.
 */
export function sendInternal(actor: AuthActor, event: SessionEvent): void {
  const deliver = internalSenders.get(actor);
  if (deliver) deliver(event);
  else actor.send(event);
}

const MAX_DEPTH = 8;

/** A plain copy of what the app sent, read once; anything that cannot be read as data is not an event. */
function copyOf(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw new TypeError(typeof value);
    return value;
  }
  if (depth > MAX_DEPTH) throw new TypeError('nested too deeply');
  if (Array.isArray(value)) return value.map((item) => copyOf(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // defineProperty, so that a key named __proto__ stays a key (and is refused by validation) instead of a prototype.
    Object.defineProperty(copy, key, { value: copyOf((value as Record<string, unknown>)[key], depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function refusal(message: string): SessionEvent {
  return { type: 'EVENT_REFUSED', error: new AuthError('ValidationError', message, { fields: [{ path: 'type', message }] }) };
}

/** What the app's `send` delivers: a copy of a well-formed event, or the reason it is not one. */
function admit(event: unknown): { type: string } | SessionEvent {
  let copy: unknown;
  try {
    copy = copyOf(event);
  } catch {
    return refusal('An event must be plain data: reading it failed or it holds a function');
  }
  if (typeof copy !== 'object' || copy === null || Array.isArray(copy)) return refusal(`An event must be an object with a type, not ${copy === null ? 'null' : typeof copy}`);
  const { type } = copy as { type?: unknown };
  if (typeof type !== 'string' || type === '') return refusal('An event must have a non-empty string type');
  if (type.startsWith('xstate.') || SESSION_EVENT_TYPES.includes(type as SessionEventType)) {
    return refusal(`${type} is the library's own event: the app cannot send it`);
  }
  return copy as { type: string };
}

/**
 * Puts the app's events through a gate: an event that is not one is refused with a ValidationError and the
 * state kept; the library's own event types cannot be sent from outside; and events sent while the session is
 * still being restored, or before a resumed actor has taken its resume notice, wait and are taken in order.
 */
export function gateEvents(actor: AuthActor, options: { resumePending: boolean }): { resumed(): void } {
  const deliver: Deliver = actor.send.bind(actor) as Deliver;
  internalSenders.set(actor, deliver);
  let resumePending = options.resumePending;
  const held: { type: string }[] = [];
  const holding = () => resumePending || actor.getSnapshot().matches('initializing');
  const flush = () => {
    while (held.length && !holding() && actor.getSnapshot().status === 'active') deliver(held.shift()!);
  };
  actor.send = ((event: unknown) => {
    const admitted = admit(event);
    if (admitted.type === 'EVENT_REFUSED' || !holding()) deliver(admitted);
    else held.push(admitted);
  }) as AuthActor['send'];
  actor.subscribe({ next: flush });
  return {
    resumed() {
      resumePending = false;
      flush();
    },
  };
}
