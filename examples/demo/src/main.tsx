import { createRoot } from 'react-dom/client';
import { createAuth, webStorage } from '../../../core.js';
import { fetchTransport } from '../../../fetch.js';
import { redactedInspection } from '../../../inspect.js';
import { App } from './App.js';
import { loadDemoConfig } from './demo-config.js';
import type { Demo } from './demo-context.js';
import { createEventLog } from './event-log.js';
import { createInspectorRelay } from './inspector-relay.js';
import './styles.css';

/** The errors a refused event sets: not taken in this state, or not a valid event. */
const REFUSALS = new Set(['InvalidStateException', 'ValidationError']);

async function boot(root: HTMLElement): Promise<void> {
  const view = createRoot(root);
  try {
    const config = await loadDemoConfig();
    const log = createEventLog();
    const relay = createInspectorRelay();
    const auth = createAuth(
      {
        userPoolId: config.userPoolId,
        userPoolClientId: config.userPoolClientId,
        // Cognito's JSON protocol over fetch: the small browser path, no AWS SDK in the bundle.
        transport: fetchTransport({ endpoint: config.endpoint }),
        // Per tab: a reload keeps the session, a second tab starts signed out.
        storage: webStorage(sessionStorage),
      },
      { inspect: redactedInspection(relay.inspect) },
    );
    auth.on('*', (event) => log.add('emitted', event));
    const demo: Demo = {
      auth,
      config,
      log,
      relay,
      send(event) {
        const entry = log.add('sent', event);
        const before = auth.getSnapshot().context.error;
        auth.send(event);
        // The chart takes or refuses an event at once; a refusal keeps the state and sets a new error.
        const after = auth.getSnapshot().context.error;
        if (after && after !== before && REFUSALS.has(after.name)) log.refuse(entry, after);
      },
    };
    view.render(<App demo={demo} />);
  } catch (error) {
    view.render(
      <div className="boot-error" role="alert">
        <h1>The demo could not start</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </div>,
    );
  }
}

const root = document.getElementById('root');
if (root) void boot(root);
