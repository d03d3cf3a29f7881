import { useSelector } from '@xstate/react';
import { useSyncExternalStore, type ReactNode } from 'react';
import type { AuthEventType } from '../../../core.js';
import { selectError } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { ErrorBanner } from './form-parts.js';

/**
 * One block of the settings view. An error shows in the block whose event caused it (the last one sent), so a
 * refused password change is not told next to the email form.
 */
export function SettingsSection(props: {
  id: string;
  title: string;
  lede?: ReactNode;
  events: readonly AuthEventType[];
  shownAtFields?: ReadonlyMap<string, string>;
  done?: string | null;
  children: ReactNode;
}) {
  const { auth, log } = useDemo();
  const error = useSelector(auth, selectError);
  const origin = useSyncExternalStore(log.subscribe, log.lastSent);
  const ours = origin !== null && (props.events as readonly string[]).includes(origin);
  return (
    <section className="setting" aria-labelledby={`${props.id}-title`} data-setting={props.id}>
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      {props.lede ? <p className="setting__lede">{props.lede}</p> : null}
      {ours ? <ErrorBanner error={error} shownAtFields={props.shownAtFields ?? new Map()} /> : null}
      {props.done && !(ours && error) ? (
        <p className="banner banner--success setting__done" role="status">{props.done}</p>
      ) : null}
      {props.children}
    </section>
  );
}

/** Whether the chart is in `signedIn.<state>`: the action a block started is on its way. */
export function useSignedInState(state: string): boolean {
  const { auth } = useDemo();
  return useSelector(auth, (s) => s.matches({ signedIn: state } as never));
}

/** A field whose error (from the chart's error for this block) belongs under it. */
export function errorsFor(error: ReturnType<typeof selectError>, origin: string | null, events: readonly string[]) {
  return origin !== null && events.includes(origin) ? error : null;
}
