import { useEffect, useState } from 'react';
import type { DeliveredMessage } from '@cognito-auth-machine/local-pool';
import { useDemo } from './demo-context.js';
import { clockTime } from './use-now.js';

const POLL_MS = 1000;

const PURPOSES: Record<string, string> = {
  SignUp: 'Sign-up code',
  ResendCode: 'Sign-up code (resent)',
  ForgotPassword: 'Password reset code',
  Authentication: 'Sign-in code',
  AdminCreateUser: 'Invitation',
  UpdateUserAttribute: 'Verification code',
};

/** The codes the local user pool "sent": this is the email inbox and the phone of every demo user. */
export function OutboxPanel() {
  const { config, pool } = useDemo();
  const [messages, setMessages] = useState<DeliveredMessage[]>([]);
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const response = await fetch(`${config.endpoint}/_local/messages`, { cache: 'no-store' });
        const all = (await response.json()) as DeliveredMessage[];
        if (!stopped) {
          // The pool the page signs in to (`?pool=`), so that its codes show wherever the user is.
          setMessages(all.filter((m) => m.userPoolId === pool.userPoolId).reverse());
          setOffline(false);
        }
      } catch {
        if (!stopped) setOffline(true);
      }
    };
    void poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [config, pool.userPoolId]);
  return (
    <section className="panel" aria-labelledby="outbox-title">
      <header className="panel__header">
        <h3 id="outbox-title">Outbox</h3>
        <span className="panel__meta">{offline ? 'pool unreachable' : `${messages.length} delivered`}</span>
      </header>
      {messages.length === 0 ? (
        <p className="panel__empty">Codes sent by email or SMS appear here.</p>
      ) : (
        <ol className="outbox">
          {messages.slice(0, 8).map((m) => (
            <li key={`${m.at}-${m.username}-${m.code}`} className="outbox__item" data-testid="outbox-message" data-username={m.username} data-purpose={m.purpose}>
              <div className="outbox__top">
                <span className={`medium medium--${m.medium.toLowerCase()}`}>{m.medium === 'SMS' ? 'SMS' : 'Email'}</span>
                <span className="outbox__to">{m.destination}</span>
                <time className="outbox__time">{clockTime(m.at)}</time>
              </div>
              <div className="outbox__bottom">
                <span className="outbox__purpose">{PURPOSES[m.purpose] ?? m.purpose}</span>
                <button type="button" className="code-chip" title="Copy" data-testid="outbox-code" onClick={() => void navigator.clipboard?.writeText(m.code)}>
                  {m.code}
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
