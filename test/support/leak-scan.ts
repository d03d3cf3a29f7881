import { waitFor, type InspectionEvent } from 'xstate';
import type { AuthActor } from '../../runtime/auth-actor.js';
import type { AuthEmitted, AuthEvent } from '../../core.js';
import type { MemoryStorage } from '../../adapters/memory-storage.js';

/** A value that must never show, and how to find it: digits-only codes must stand alone, not inside a longer number. */
export interface KnownSecret {
  kind: string;
  value: string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function containsSecret(text: string, secret: KnownSecret): boolean {
  if (/^\d+$/.test(secret.value)) return new RegExp(`(?<!\\d)${escape(secret.value)}(?!\\d)`).test(text);
  return text.includes(secret.value);
}

export function leaksIn(where: string, texts: readonly string[], secrets: readonly KnownSecret[]): string[] {
  const found = new Set<string>();
  for (const text of texts) for (const secret of secrets) if (containsSecret(text, secret)) found.add(`${where}: ${secret.kind}`);
  return [...found];
}

/** XState announces an actor before its first snapshot exists; reading it then throws. */
function readSnapshot(actor: InspectionEvent['actorRef']): unknown {
  try {
    return actor.getSnapshot();
  } catch {
    return 'not yet';
  }
}

/** The inspection events as an inspector can see them, snapshots read through `actorRef.getSnapshot()` included. */
export function inspectionText(event: InspectionEvent): string {
  const ref = (actor: InspectionEvent['actorRef'] | undefined) => actor && { sessionId: actor.sessionId, snapshot: readSnapshot(actor) };
  const { actorRef, ...rest } = event;
  const seen = {
    ...rest,
    actorRef: ref(actorRef),
    ...('sourceRef' in event ? { sourceRef: ref(event.sourceRef) } : {}),
    ...('_transitions' in event ? { _transitions: event._transitions.map((t) => t.eventType) } : {}),
  };
  return JSON.stringify(seen);
}

/** Records what leaves the actor at every step: inspection stream, emitted events, persisted snapshots, storage. */
export interface FlowRecorder {
  inspected: string[];
  /** Snapshots of every actor seen, read again at the end as an inspector reading them late would. */
  lateSnapshots(): string[];
  observe: (event: InspectionEvent) => void;
  emitted: string[];
  persisted: Array<{ state: string; json: string; session: string | undefined }>;
  storage: Array<Record<string, string>>;
  attach(auth: AuthActor, storage: MemoryStorage): void;
  step(event: AuthEvent): Promise<void>;
}

export function flowRecorder(): FlowRecorder {
  const refs = new Set<InspectionEvent['actorRef']>();
  let auth: AuthActor | undefined;
  let storage: MemoryStorage | undefined;
  const recorder: FlowRecorder = {
    inspected: [],
    lateSnapshots: () => [...refs].map((ref) => JSON.stringify(readSnapshot(ref))),
    observe: (event) => {
      refs.add(event.actorRef);
      recorder.inspected.push(inspectionText(event));
    },
    emitted: [],
    persisted: [],
    storage: [],
    attach(actor, store) {
      auth = actor;
      storage = store;
      actor.on('*', (event: AuthEmitted) => void recorder.emitted.push(JSON.stringify(event)));
    },
    async step(event) {
      if (!auth || !storage) throw new Error('attach first');
      auth.send(event);
      const snapshot = await waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 15_000 });
      recorder.persisted.push({
        state: JSON.stringify(snapshot.value),
        json: JSON.stringify(auth.getPersistedSnapshot()),
        session: snapshot.context.challenge?.session,
      });
      recorder.storage.push(storage.snapshot());
    },
  };
  return recorder;
}
