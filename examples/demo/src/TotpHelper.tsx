import { useSelector } from '@xstate/react';
import { Secret as OtpSecret, TOTP } from 'otpauth';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useDemo } from './demo-context.js';
import { useEmitted } from './use-emitted.js';
import { useNow } from './use-now.js';

const PERIOD_S = 30;

interface Account {
  username: string;
  secret: string;
}

/**
 * Where the panel keeps the keys set up on this page, per pool: a phone app keeps them too, so that a user who
 * set one up can sign in with it after a reload, or after the pool was restarted with its data.
 */
const storageKey = (userPoolId: string) => `demo-authenticator:${userPoolId}`;

function keptAccounts(userPoolId: string): Account[] {
  try {
    const kept = JSON.parse(localStorage.getItem(storageKey(userPoolId)) ?? '[]') as unknown;
    return Array.isArray(kept) ? kept.filter((a): a is Account => typeof a?.username === 'string' && typeof a?.secret === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The authenticator app: the demo users' accounts, and any key set up on this page (added as soon as it is shown,
 * as a phone app adds it when the QR code is scanned), at sign-in (MFA_SETUP) or in the settings. It shows the
 * code of the user signing in, or of the key being set up; otherwise the first account's.
 */
export function TotpHelper() {
  const { auth, config, pool } = useDemo();
  const challenge = useSelector(auth, (s) => s.context.challenge);
  const signedInAs = useSelector(auth, (s) => s.context.user?.username ?? null);
  const settingsSecret = useSelector(auth, (s) => s.context.totpSetup?.sharedSecret.reveal() ?? null);
  const [added, setAdded] = useState<Account[]>(() => keptAccounts(pool.userPoolId));
  const keep = useCallback(
    (account: Account) =>
      setAdded((current) => {
        const next = [account, ...current.filter((a) => a.username !== account.username)];
        localStorage.setItem(storageKey(pool.userPoolId), JSON.stringify(next));
        return next;
      }),
    [pool.userPoolId],
  );
  const challengeSecret = challenge?.name === 'MFA_SETUP' ? (challenge.totpSecret?.reveal() ?? null) : null;
  const challengeUser = challenge?.username ?? '';
  useEffect(() => {
    if (challengeSecret) keep({ username: challengeUser, secret: challengeSecret });
  }, [challengeSecret, challengeUser, keep]);
  // A key set up in the settings is shown at once, but replaces the user's old one only once Cognito verified it:
  // a setup left half-way leaves the old key in use.
  const pending = settingsSecret && signedInAs ? { username: signedInAs, secret: settingsSecret } : null;
  const lastPending = useRef<Account | null>(null);
  if (pending) lastPending.current = pending;
  useEmitted('verifyTOTPSetup', () => {
    if (lastPending.current) keep(lastPending.current);
    lastPending.current = null;
  });
  const setupSecret = challengeSecret ?? pending?.secret ?? null;

  // One key per user, the newest: the one being set up, then those set up here, then the demo pool's own.
  const accounts = useMemo(
    () =>
      [...(pending ? [pending] : []), ...added, ...config.authenticators].filter(
        (account, index, all) => all.findIndex((a) => a.username === account.username) === index,
      ),
    [pending?.secret, pending?.username, added, config.authenticators],
  );
  const wanted = challenge?.username ?? signedInAs;
  const account = accounts.find((a) => a.username === wanted) ?? accounts[0];
  const settingUp = !!setupSecret && account?.secret === setupSecret;
  const totp = useMemo(
    () => (account ? new TOTP({ secret: OtpSecret.fromBase32(account.secret), digits: 6, period: PERIOD_S }) : null),
    [account],
  );
  const now = useNow(500);
  const code = totp?.generate({ timestamp: now }) ?? '';
  const left = PERIOD_S - (Math.floor(now / 1000) % PERIOD_S);
  return (
    <section className="panel" aria-labelledby="totp-title" data-testid="authenticator" data-username={account?.username}>
      <header className="panel__header">
        <h3 id="totp-title">Authenticator</h3>
        <span className="panel__meta">
          {account?.username ?? 'no accounts'}
          {settingUp ? ' · being set up' : ''}
        </span>
      </header>
      {account ? (
        <div className="totp">
          <span className="totp__code" data-testid="totp-code">{code.slice(0, 3)} {code.slice(3)}</span>
          <svg className="totp__ring" viewBox="0 0 36 36" aria-label={`${left} seconds left`}>
            <circle cx="18" cy="18" r="15.9" className="totp__track" />
            <circle cx="18" cy="18" r="15.9" className="totp__left" strokeDasharray={`${(left / PERIOD_S) * 100} 100`} />
            <text x="18" y="22" textAnchor="middle">{left}</text>
          </svg>
        </div>
      ) : null}
      {accounts.length > 1 ? (
        <p className="panel__hint">
          Holds {accounts.map((a) => a.username).join(', ')}: shows the one signing in.
        </p>
      ) : null}
    </section>
  );
}
