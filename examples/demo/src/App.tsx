import { useSelector } from '@xstate/react';
import { useState, useSyncExternalStore } from 'react';
import { screenOf, selectStatePath, type Screen } from './auth-selectors.js';
import { ChallengeScreen } from './ChallengeScreen.js';
import { ConfirmSignUpScreen } from './ConfirmSignUpScreen.js';
import type { DemoUser } from './demo-config.js';
import { DemoContext, useDemo, type Demo } from './demo-context.js';
import { DemoUsersPanel } from './DemoUsersPanel.js';
import { EventLogPanel } from './EventLogPanel.js';
import { InspectorSwitch } from './InspectorSwitch.js';
import { OutboxPanel } from './OutboxPanel.js';
import { ResetPasswordScreen } from './ResetPasswordScreen.js';
import { SignedInScreen } from './SignedInScreen.js';
import { SignedOutScreen, type Prefill } from './SignedOutScreen.js';
import { StatechartPanel } from './StatechartPanel.js';
import { TotpHelper } from './TotpHelper.js';
import { WaitingScreen } from './WaitingScreen.js';

/** What the signed-out screen says after a flow that ends there. */
const NOTICES: Record<string, string> = {
  signOut: 'You are signed out.',
  'signOut (global)': 'You are signed out on every device: all refresh tokens are revoked.',
  confirmSignUp: 'Your account is confirmed. Sign in to continue.',
  forgotPasswordSubmit: 'Your password is changed. Sign in with the new one.',
};

export function App({ demo }: { demo: Demo }) {
  return (
    <DemoContext.Provider value={demo}>
      <Shell />
    </DemoContext.Provider>
  );
}

function Shell() {
  const { auth, log } = useDemo();
  const screen = useSelector(auth, screenOf);
  const state = useSelector(auth, selectStatePath);
  const entries = useSyncExternalStore(log.subscribe, log.entries);
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const latest = entries[0];
  const notice = latest?.direction === 'emitted' ? (NOTICES[latest.text] ?? NOTICES[latest.type] ?? null) : null;
  const pick = (user: DemoUser) => setPrefill({ user, nonce: Date.now() });
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">cognito-auth-machine</span>
          <span className="brand__tag">demo</span>
        </div>
        <div className="topbar__state" title="The active state of the auth machine">
          <span className="dot" aria-hidden="true" />
          <code data-testid="state">{state}</code>
        </div>
        <InspectorSwitch />
      </header>
      <main className="layout">
        <div className="stage">
          <div className="card" data-testid="auth-card" data-state={state}>
            <ScreenFor screen={screen} prefill={prefill} notice={notice} />
          </div>
          <p className="stage__note">Every request goes to a Cognito user pool running locally, with <code>fetchTransport</code> (no AWS SDK).</p>
        </div>
        <aside className="sidebar">
          <DemoUsersPanel onPick={pick} enabled={screen === 'signedOut'} />
          <OutboxPanel />
          <TotpHelper />
        </aside>
      </main>
      <section className="insights">
        <StatechartPanel />
        <EventLogPanel />
      </section>
    </div>
  );
}

function ScreenFor({ screen, prefill, notice }: { screen: Screen; prefill: Prefill | null; notice: string | null }) {
  switch (screen) {
    case 'loading':
      return <WaitingScreen screen="loading" title="Restoring your session" label="Checking stored tokens…" />;
    case 'signedOut':
      return <SignedOutScreen prefill={prefill} notice={notice} />;
    case 'confirmSignUp':
      return <ConfirmSignUpScreen />;
    case 'autoSignIn':
      return <WaitingScreen screen="autoSignIn" title="Account confirmed" label="Signing you in…" />;
    case 'signedIn':
      return <SignedInScreen />;
    case 'resetPassword':
      return <ResetPasswordScreen />;
    default:
      return <ChallengeScreen challenge={screen} />;
  }
}
