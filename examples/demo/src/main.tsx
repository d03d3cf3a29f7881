import { createRoot } from 'react-dom/client';
import { createAuth, webStorage } from '../../../core.js';
import { fetchTransport } from '../../../fetch.js';
import { redactedInspection } from '../../../inspect.js';
import { browserWebAuthn, passkeys } from '../../../passkeys.js';
import { App } from './App.js';
import { askedAgain } from './challenge-rounds.js';
import { loadDemoConfig, poolFor } from './demo-config.js';
import type { Demo } from './demo-context.js';
import { createEventLog } from './event-log.js';
import { createInspectorRelay } from './inspector-relay.js';
import { managedLoginFor } from './managed-login.js';
import './styles.css';

async function boot(root: HTMLElement): Promise<void> {
  const view = createRoot(root);
  try {
    const config = await loadDemoConfig();
    const pool = poolFor(config, location.search);
    const log = createEventLog();
    const relay = createInspectorRelay();
    const managedLogin = managedLoginFor(config, pool, location);
    const auth = createAuth(
      {
        userPoolId: pool.userPoolId,
        userPoolClientId: pool.userPoolClientId,
        // Cognito's JSON protocol over fetch: the small browser path, no AWS SDK in the bundle.
        transport: fetchTransport({ endpoint: config.endpoint }),
        // Per tab: a reload keeps the session, a second tab starts signed out.
        storage: webStorage(sessionStorage),
        ...(managedLogin ? { oauth: managedLogin.oauth } : {}),
      },
      {
        inspect: redactedInspection(relay.inspect),
        // Passkey sign-in and the settings' Passkeys section: the browser's own prompt (navigator.credentials).
        passkeys: passkeys({ adapter: browserWebAuthn() }),
        ...(managedLogin ? { redirect: managedLogin.redirect } : {}),
      },
    );
    auth.on('*', (event) => log.add('emitted', event));
    // An answer followed by the same challenge is no event of its own: Cognito asked again.
    let previous = auth.getSnapshot();
    auth.subscribe((snapshot) => {
      const again = askedAgain(previous.context.challenge, previous.matches({ challenge: 'responding' }), snapshot.context.challenge);
      if (again) log.note('challenge', again, again.includes('not accepted'));
      previous = snapshot;
    });
    const demo: Demo = {
      auth,
      config,
      pool,
      log,
      relay,
      managedLogin: managedLogin !== undefined,
      send(event) {
        const entry = log.add('sent', event);
        const before = auth.getSnapshot();
        auth.send(event);
        // The chart takes or refuses an event at once. A refusal (not an event, not taken in this state, a
        // sign-in while signed in) only sets an error: the state stays and nothing starts.
        const after = auth.getSnapshot();
        const error = after.context.error;
        if (error && error !== before.context.error && JSON.stringify(after.value) === JSON.stringify(before.value)) log.refuse(entry, error);
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
