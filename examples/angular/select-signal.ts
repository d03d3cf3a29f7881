import { DestroyRef, inject, signal, type Signal } from '@angular/core';
import type { AuthActor } from '../../index.js';

type AuthSnapshot = ReturnType<AuthActor['getSnapshot']>;

/**
 * A signal of a selection of the auth actor's snapshot: set on each snapshot, and changed only when `equal` says the
 * selection differs, so templates re-render only for what they show. Call it in an injection context (a field
 * initialiser or a constructor): it unsubscribes when the component or service is destroyed.
 */
export function selectSignal<T>(auth: AuthActor, selector: (snapshot: AuthSnapshot) => T, equal: (a: T, b: T) => boolean = Object.is): Signal<T> {
  const selected = signal(selector(auth.getSnapshot()), { equal });
  const subscription = auth.subscribe((snapshot) => selected.set(selector(snapshot)));
  inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  return selected.asReadonly();
}
