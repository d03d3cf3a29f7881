import type { DemoUser } from './demo-config.js';
import { useDemo } from './demo-context.js';

export function DemoUsersPanel({ onPick, enabled }: { onPick(user: DemoUser): void; enabled: boolean }) {
  const { config } = useDemo();
  return (
    <section className="panel" aria-labelledby="users-title">
      <header className="panel__header">
        <h3 id="users-title">Demo users</h3>
        <span className="panel__meta">click to fill the form</span>
      </header>
      <ul className="users">
        {config.users.map((user) => (
          <li key={user.username}>
            <button type="button" className="user" disabled={!enabled} onClick={() => onPick(user)} data-testid={`demo-user-${user.username}`}>
              <span className="user__name">{user.username}</span>
              <span className="user__flow">{user.flow}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
