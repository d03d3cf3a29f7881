import { useSelector } from '@xstate/react';
import { Secret as OtpSecret, TOTP } from 'otpauth';
import { useEffect, useMemo, useState } from 'react';
import { useDemo } from './demo-context.js';
import { useNow } from './use-now.js';

const PERIOD_S = 30;

interface Account {
  username: string;
  secret: string;
}

/**
 * The authenticator app: the demo users' accounts, and any key set up on this page (added as soon as it is shown,
 * as a phone app adds it when the QR code is scanned). It shows the code of the user signing in, or of the key
 * being set up; otherwise the first account's.
 */
export function TotpHelper() {
  const { auth, config } = useDemo();
  const challenge = useSelector(auth, (s) => s.context.challenge);
  const signedInAs = useSelector(auth, (s) => s.context.user?.username ?? null);
  const [added, setAdded] = useState<Account[]>([]);
  const setupSecret = challenge?.name === 'MFA_SETUP' ? (challenge.totpSecret?.reveal() ?? null) : null;
  const setupUser = challenge?.username ?? '';
  useEffect(() => {
    if (!setupSecret) return;
    setAdded((current) => [{ username: setupUser, secret: setupSecret }, ...current.filter((a) => a.username !== setupUser)]);
  }, [setupSecret, setupUser]);

  const accounts = useMemo(() => [...added, ...config.authenticators], [added, config.authenticators]);
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
