import { useId, useSyncExternalStore, type ReactNode } from 'react';
import type { AuthError } from '../../../core.js';
import { useDemo } from './demo-context.js';
import { readableError } from './readable-error.js';

export interface FieldProps {
  label: string;
  name: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  type?: 'text' | 'password' | 'email' | 'tel';
  autoComplete?: string;
  placeholder?: string;
  hint?: ReactNode;
  inputMode?: 'numeric' | 'text';
  autoFocus?: boolean;
}

export function Field(props: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${props.error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        autoComplete={props.autoComplete}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        autoFocus={props.autoFocus}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
      />
      {props.error ? (
        <p className="field__error" id={errorId} role="alert">
          {props.error}
        </p>
      ) : props.hint ? (
        <p className="field__hint">{props.hint}</p>
      ) : null}
    </div>
  );
}

/** The error when no field on the screen owns it: what happened in words first, the exception after. */
export function ErrorBanner({ error, shownAtFields }: { error: AuthError | null; shownAtFields: ReadonlyMap<string, string> }) {
  const { log } = useDemo();
  // Read with the log, so that the words follow the step the error came from.
  const origin = useSyncExternalStore(log.subscribe, log.lastSent);
  if (!error || shownAtFields.size > 0) return null;
  const readable = readableError(error, origin);
  return (
    <div className="banner banner--error" role="alert" data-error={error.name}>
      <strong className="banner__text">{readable.text}</strong>
      {readable.detail && readable.detail !== readable.text ? <span className="banner__detail">{readable.detail}</span> : null}
      <code className="banner__name">{readable.name}</code>
    </div>
  );
}

export function SubmitButton({ busy, children, name }: { busy: boolean; children: ReactNode; name?: string }) {
  return (
    <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy} name={name}>
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <div className="waiting" role="status">
      <span className="spinner spinner--large" aria-hidden="true" />
      <p>{label}</p>
    </div>
  );
}
