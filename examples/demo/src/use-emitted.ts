import { useEffect, useRef } from 'react';
import type { AuthEmitted } from '../../../core.js';
import { useDemo } from './demo-context.js';

type EmittedOf<T extends AuthEmitted['type']> = Extract<AuthEmitted, { type: T }>;

/** Calls `handler` with each event of `type` the auth actor emits, for as long as the component is shown. */
export function useEmitted<T extends AuthEmitted['type']>(type: T, handler: (event: EmittedOf<T>) => void): void {
  const { auth } = useDemo();
  // The latest handler, without subscribing again on every render.
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const subscription = auth.on(type, (event) => latest.current(event as EmittedOf<T>));
    return () => subscription.unsubscribe();
  }, [auth, type]);
}
