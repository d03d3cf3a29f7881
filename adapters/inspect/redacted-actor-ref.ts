import type { ActorRefLike, AnyEventObject } from 'xstate';
import { redactSecrets } from './redact-secrets.js';

/** What inspectors read of an actor: @statelyai/inspect uses `sessionId`, `id`, `_parent`, `logic.config` and `getSnapshot()`. */
export interface RedactedActorRef extends ActorRefLike {
  readonly id: string | undefined;
  readonly sessionId: string;
  readonly systemId: string | undefined;
  readonly src: unknown;
  /** The actor's logic, whose `config` is the machine's static definition (it holds no runtime values). */
  readonly logic: unknown;
  readonly _parent: RedactedActorRef | undefined;
  getSnapshot(): unknown;
  getPersistedSnapshot(): unknown;
  toJSON(): { xstate$$type: 1; id: string | undefined };
}

interface InspectedRef extends ActorRefLike {
  id?: string;
  systemId?: string;
  src?: unknown;
  logic?: unknown;
  _parent?: ActorRefLike;
  getPersistedSnapshot?: () => unknown;
}

const views = new WeakMap<ActorRefLike, RedactedActorRef>();

/**
 * A thin stand-in for an actor ref: the same identity (ids, parent, definition), but its snapshots come back
 * redacted, read at the moment they are asked for (inspectors read them later than the event). Nothing else of
 * the actor (its system, its mailbox, its observers) is reachable through it.
 */
export function redactedActorRef(ref: ActorRefLike): RedactedActorRef {
  const known = views.get(ref);
  if (known) return known;
  const inner = ref as InspectedRef;
  const view: RedactedActorRef = {
    get id() {
      return inner.id;
    },
    get sessionId() {
      return inner.sessionId;
    },
    get systemId() {
      return inner.systemId;
    },
    get src() {
      return inner.src;
    },
    get logic() {
      return inner.logic;
    },
    get _parent() {
      return inner._parent ? redactedActorRef(inner._parent) : undefined;
    },
    send(event: AnyEventObject) {
      inner.send(event);
    },
    getSnapshot: () => redactSecrets(inner.getSnapshot()),
    getPersistedSnapshot: () => redactSecrets(inner.getPersistedSnapshot ? inner.getPersistedSnapshot() : inner.getSnapshot()),
    toJSON: () => ({ xstate$$type: 1, id: inner.id }),
  };
  views.set(ref, view);
  return view;
}
