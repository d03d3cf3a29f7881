import type { DemoUser } from './demo-config.js';
import { useDemo } from './demo-context.js';

export function DemoUsersPanel(props: { onPick(user: DemoUser): void; enabled: boolean; changed: ReadonlySet<string> }) {
  const { onPick, enabled, changed } = props;
  const { config, pool } = useDemo();
  return (
    <section className="panel" aria-labelledby="users-title">
      <header className="panel__header">
        <h3 id="users-title">Demo users</h3>
        <span className="panel__meta" data-testid="current-pool">pool: {pool.label}</span>
      </header>
      <ul className="users">
        {config.users.map((user) => {
          const elsewhere = (user.pool ?? null) !== pool.key;
          const poolLabel = user.pool ? (config.pools?.[user.pool]?.label ?? user.pool) : 'MFA optional';
          return (
            <li key={user.username}>
              <button type="button" className="user" disabled={!enabled} onClick={() => onPick(user)} data-testid={`demo-user-${user.username}`}>
                <span className="user__name">{user.username}</span>
                <span className="user__flow">{user.flow}</span>
                {elsewhere ? <span className="user__pool">in the “{poolLabel}” pool: the page switches to it</span> : null}
                {changed.has(user.username) ? <span className="user__pool" data-testid="password-changed">password changed on this page: type the new one</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
      <p className="panel__hint">Click a user to fill the form.</p>
    </section>
  );
}
