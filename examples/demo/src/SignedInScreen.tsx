import { useSelector } from '@xstate/react';
import { useState } from 'react';
import { selectError, selectStatePath } from './auth-selectors.js';
import { useDemo } from './demo-context.js';
import { FederatedIdentities } from './FederatedIdentities.js';
import { ErrorBanner } from './form-parts.js';
import { SettingsView } from './SettingsView.js';
import { formatDuration, useNow } from './use-now.js';

/** Attributes Cognito adds that say more as a badge than as a row. */
const HIDDEN = new Set(['sub', 'cognito:username', 'email_verified', 'phone_number_verified']);

export function SignedInScreen() {
  const { auth, send } = useDemo();
  const user = useSelector(auth, (s) => s.context.user);
  const tokens = useSelector(auth, (s) => s.context.tokens);
  const state = useSelector(auth, selectStatePath);
  const error = useSelector(auth, selectError);
  const now = useNow();
  const [view, setView] = useState<'overview' | 'settings'>('overview');
  if (!user) return null;
  const attributes = Object.entries(user.attributes).filter(([name]) => !HIDDEN.has(name));
  const email = user.attributes.email;
  const initial = String(user.attributes.name ?? email ?? user.username).charAt(0).toUpperCase();
  // Token times are on the server's clock; this device's clock is `clockDrift` behind it.
  const expiresIn = tokens ? tokens.expiresAt - tokens.clockDrift - now : 0;
  return (
    <section className="screen" data-screen="signedIn">
      <div className="profile">
        <div className="avatar" aria-hidden="true">{initial}</div>
        <div>
          <h2 id="screen-title">Signed in as {user.username}</h2>
          <p className="lede">
            {email ? <>{String(email)} </> : null}
            {user.attributes.email_verified === true ? <span className="badge badge--ok">email verified</span> : null}
            {user.attributes.phone_number_verified === true ? <span className="badge badge--ok">phone verified</span> : null}
          </p>
        </div>
      </div>
      <div className="tabs" role="tablist" aria-label="Account">
        <button type="button" role="tab" className="tab" aria-selected={view === 'overview'} onClick={() => setView('overview')}>Overview</button>
        <button type="button" role="tab" className="tab" aria-selected={view === 'settings'} onClick={() => setView('settings')}>Settings</button>
      </div>
      {view === 'settings' ? (
        <SettingsView />
      ) : (
        <>
          <ErrorBanner error={error} shownAtFields={new Map()} />
          <h3>Attributes from the ID token</h3>
          <dl className="attributes" data-testid="user-attributes">
            {attributes.map(([name, value]) => (
              <div key={name} className="attributes__row">
                <dt>{name}</dt>
                <dd>{String(value)}</dd>
              </div>
            ))}
            <div className="attributes__row">
              <dt>sub</dt>
              <dd className="mono">{user.userSub}</dd>
            </div>
          </dl>
          <FederatedIdentities />
          {tokens ? (
            <div className="session" data-testid="token-expiry">
              <div>
                <span className="session__label">Access token expires</span>
                <span className="session__value">{new Date(tokens.expiresAt - tokens.clockDrift).toLocaleTimeString()}</span>
                <span className="session__hint">in {formatDuration(expiresIn)} · refreshed automatically before then</span>
              </div>
              <button type="button" className="button button--secondary" disabled={state !== 'signedIn.idle'} onClick={() => send({ type: 'REFRESH' })}>
                {state === 'signedIn.refreshing' ? <span className="spinner" aria-hidden="true" /> : null}
                Refresh now
              </button>
            </div>
          ) : null}
          <div className="actions">
            <button type="button" className="button button--primary" disabled={state.startsWith('signingOut')} onClick={() => send({ type: 'SIGN_OUT' })}>
              {state === 'signingOut.local' ? <span className="spinner" aria-hidden="true" /> : null}
              Sign out
            </button>
            <button type="button" className="button button--danger" disabled={state.startsWith('signingOut')} onClick={() => send({ type: 'SIGN_OUT', global: true })}>
              {state === 'signingOut.global' ? <span className="spinner" aria-hidden="true" /> : null}
              Sign out on every device
            </button>
          </div>
        </>
      )}
    </section>
  );
}
