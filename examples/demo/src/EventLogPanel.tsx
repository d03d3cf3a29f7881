import { useSyncExternalStore } from 'react';
import { useDemo } from './demo-context.js';
import { clockTime } from './use-now.js';

const ARROWS = { sent: '→', emitted: '←', step: '↻' } as const;

export function EventLogPanel() {
  const { log } = useDemo();
  const entries = useSyncExternalStore(log.subscribe, log.entries);
  return (
    <section className="panel panel--log" aria-labelledby="log-title">
      <header className="panel__header">
        <h3 id="log-title">Events</h3>
        <button type="button" className="button button--link button--small" onClick={() => log.clear()}>Clear</button>
      </header>
      {entries.length === 0 ? (
        <p className="panel__empty">Events you send (→), events the chart refuses (⊘), events the machine emits (←) and steps it takes on its own (↻) appear here. Secrets are masked.</p>
      ) : (
        <ol className="log" data-testid="event-log">
          {entries.map((entry) => (
            <li
              key={entry.id}
              className={`log__entry log__entry--${entry.direction}${entry.failure ? ' log__entry--failure' : ''}${entry.refused ? ' log__entry--refused' : ''}`}
              data-type={entry.type}
              data-refused={entry.refused ? entry.refused.name : undefined}
            >
              <time>{clockTime(entry.at)}</time>
              <span className="log__arrow" aria-label={entry.refused ? 'refused' : entry.direction}>
                {entry.refused ? '⊘' : ARROWS[entry.direction]}
              </span>
              <span className="log__text">
                {entry.text}
                {entry.refused ? (
                  <span className="log__reason">
                    refused: {entry.refused.name}: {entry.refused.message}
                  </span>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
