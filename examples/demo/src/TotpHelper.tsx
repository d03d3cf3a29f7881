import { Secret as OtpSecret, TOTP } from 'otpauth';
import { useMemo } from 'react';
import { useDemo } from './demo-context.js';
import { useNow } from './use-now.js';

const PERIOD_S = 30;

/** The authenticator app of the demo TOTP user: the current code and how long it lasts. */
export function TotpHelper() {
  const { config } = useDemo();
  const totp = useMemo(
    () => new TOTP({ secret: OtpSecret.fromBase32(config.totp.secret), digits: 6, period: PERIOD_S }),
    [config.totp.secret],
  );
  const now = useNow(500);
  const code = totp.generate({ timestamp: now });
  const left = PERIOD_S - (Math.floor(now / 1000) % PERIOD_S);
  return (
    <section className="panel" aria-labelledby="totp-title">
      <header className="panel__header">
        <h3 id="totp-title">Authenticator</h3>
        <span className="panel__meta">{config.totp.username}</span>
      </header>
      <div className="totp">
        <span className="totp__code" data-testid="totp-code">{code.slice(0, 3)} {code.slice(3)}</span>
        <svg className="totp__ring" viewBox="0 0 36 36" aria-label={`${left} seconds left`}>
          <circle cx="18" cy="18" r="15.9" className="totp__track" />
          <circle cx="18" cy="18" r="15.9" className="totp__left" strokeDasharray={`${(left / PERIOD_S) * 100} 100`} />
          <text x="18" y="22" textAnchor="middle">{left}</text>
        </svg>
      </div>
    </section>
  );
}
