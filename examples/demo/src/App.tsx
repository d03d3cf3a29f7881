import { useSelector } from '@xstate/react';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { screenOf, selectStatePath, type Screen } from './auth-selectors.js';
import { ChallengeScreen } from './ChallengeScreen.js';
import { ConfirmSignUpScreen } from './ConfirmSignUpScreen.js';
import { POOL_PARAM, USER_PARAM, type DemoUser } from './demo-config.js';
import { DemoContext, useDemo, type Demo } from './demo-context.js';
import { DemoUsersPanel } from './DemoUsersPanel.js';
import { EventLogPanel } from './EventLogPanel.js';
import type { LogEntry } from './event-log.js';
import { InspectorSwitch } from './InspectorSwitch.js';
import { OutboxPanel } from './OutboxPanel.js';
import { ResetPasswordScreen } from './ResetPasswordScreen.js';
import { SignedInScreen } from './SignedInScreen.js';
import { EMPTY_SIGN_IN, SignedOutScreen, type SignedOutDrafts, type SignedOutTab, type SignInDraft } from './SignedOutScreen.js';
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

/** The notice for the flow that just ended on the signed-out screen, from the newest entries of the log. */
function noticeAfter(entries: readonly LogEntry[]): string | null {
  const [latest, before] = entries;
  if (latest?.direction !== 'emitted') return null;
  // Deleting the account signs out: the page says which of the two happened.
  if (latest.type === 'signOut' && before?.type === 'deleteUser') return 'Your account is deleted, and you are signed out.';
  return NOTICES[latest.text] ?? NOTICES[latest.type] ?? null;
}

export function App({ demo }: { demo: Demo }) {
  return (
    <DemoContext.Provider value={demo}>
      <Shell />
    </DemoContext.Provider>
  );
}

/** A demo user's card, as the sign-in form takes it; without the card's password once it was changed here. */
const draftOf = (user: DemoUser, changed: ReadonlySet<string>): SignInDraft => ({
  username: user.username,
  password: changed.has(user.username) ? '' : (user.password ?? ''),
  authFlow: user.authFlow ?? 'USER_SRP_AUTH',
});

/** The demo user the address names after a switch of pool (`?pool=…&user=…`), to fill the form with. */
function userFromAddress(users: readonly DemoUser[]): DemoUser | undefined {
  const name = new URLSearchParams(location.search).get(USER_PARAM);
  return users.find((user) => user.username === name);
}

function Shell() {
  const { auth, log, config, pool } = useDemo();
  const screen = useSelector(auth, screenOf);
  const state = useSelector(auth, selectStatePath);
  const entries = useSyncExternalStore(log.subscribe, log.entries);
  // The signed-out forms come and go with the flows they start: what they hold lives here, so that coming back
  // (after a refused reset, say) finds the tab and the text as they were.
  const [tab, setTab] = useState<SignedOutTab>('signIn');
  const [signIn, setSignIn] = useState<SignInDraft>(() => {
    const user = userFromAddress(config.users);
    return user ? draftOf(user, new Set()) : EMPTY_SIGN_IN;
  });
  // Demo users whose password was changed on this page: their cards' passwords no longer work.
  const [changed, setChanged] = useState<ReadonlySet<string>>(() => new Set());
  const changedHere = (username: string) => setChanged((current) => new Set(current).add(username));
  const [forgotUsername, setForgotUsername] = useState('');
  useEffect(() => {
    // What was typed is spent once it worked: a changed password is never filled in again from a card.
    // The next sign-out (or a confirmed account) lands on Sign in.
    const signedIn = auth.on('signIn', (event) => {
      if (log.lastSent() === 'COMPLETE_NEW_PASSWORD') changedHere(event.user.username);
      setSignIn(EMPTY_SIGN_IN);
      setTab('signIn');
    });
    const confirmed = auth.on('confirmSignUp', (event) => {
      setSignIn({ ...EMPTY_SIGN_IN, username: event.username });
      setTab('signIn');
    });
    const reset = auth.on('forgotPasswordSubmit', (event) => {
      changedHere(event.username);
      setSignIn({ ...EMPTY_SIGN_IN, username: event.username });
      setForgotUsername('');
      setTab('signIn');
    });
    // Changed in the settings: the card's password no longer works either.
    const passwordChanged = auth.on('updatePassword', () => {
      const username = auth.getSnapshot().context.user?.username;
      if (username) changedHere(username);
    });
    return () => {
      passwordChanged.unsubscribe();
      signedIn.unsubscribe();
      confirmed.unsubscribe();
      reset.unsubscribe();
    };
  }, [auth, log]);
  const notice = noticeAfter(entries);
  const pick = (user: DemoUser) => {
    // A user of another pool: the page talks to one pool, so it opens again on that one, with the user filled in.
    if ((user.pool ?? null) !== pool.key) {
      const search = new URLSearchParams(user.pool ? { [POOL_PARAM]: user.pool, [USER_PARAM]: user.username } : { [USER_PARAM]: user.username });
      location.assign(`?${search}`);
      return;
    }
    setSignIn(draftOf(user, changed));
    setTab('signIn');
  };
  const drafts: SignedOutDrafts = { tab, setTab, signIn, setSignIn, forgotUsername, setForgotUsername };
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
            <ScreenFor screen={screen} drafts={drafts} notice={notice} />
          </div>
          <p className="stage__note">Every request goes to a Cognito user pool running locally, with <code>fetchTransport</code> (no AWS SDK).</p>
        </div>
        <aside className="sidebar">
          <DemoUsersPanel onPick={pick} enabled={screen === 'signedOut'} changed={changed} />
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

function ScreenFor({ screen, drafts, notice }: { screen: Screen; drafts: SignedOutDrafts; notice: string | null }) {
  switch (screen) {
    case 'loading':
      return <WaitingScreen screen="loading" title="Restoring your session" label="Checking stored tokens…" />;
    case 'signedOut':
      return <SignedOutScreen drafts={drafts} notice={notice} />;
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
