/*
 * The page the browser tests open in two tabs: one auth actor per tab over localStorage (tokens, shared by the
 * tabs) and sessionStorage (the resume point, this tab's), driven from the test through `window.harness`.
 */
import { createAuth, getTokens, webStorage, type AuthEmittedType } from '../../../core.js';
import { tabSync } from '../../../tab-sync.js';
import { snapshotPersistence } from '../../../persistence.js';
import { fetchJsonTransport } from './fetch-json-transport.js';

const params = new URLSearchParams(location.search);
const auth = createAuth(
  {
    userPoolId: params.get('pool') ?? '',
    userPoolClientId: params.get('client') ?? '',
    transport: fetchJsonTransport(params.get('endpoint') ?? ''),
    storage: webStorage(localStorage),
  },
  { persistence: snapshotPersistence(webStorage(sessionStorage)), tabSync: tabSync() },
);
const events: AuthEmittedType[] = [];
auth.on('*', (event) => events.push(event.type));

const harness = {
  events,
  state: () => JSON.stringify(auth.getSnapshot().value),
  username: () => auth.getSnapshot().context.user?.username ?? null,
  error: () => auth.getSnapshot().context.error?.name ?? null,
  signIn: (username: string, password: string) => auth.send({ type: 'SIGN_IN', username, password }),
  confirmSignIn: (code: string) => auth.send({ type: 'CONFIRM_SIGN_IN', code }),
  signOut: () => auth.send({ type: 'SIGN_OUT' }),
  /** The access token, or `error:<name>`. */
  getTokens: (forceRefresh: boolean) =>
    getTokens(auth, { forceRefresh }).then(
      (tokens) => tokens.accessToken,
      (error: Error) => `error:${error.name}`,
    ),
};

declare global {
  interface Window {
    harness: typeof harness;
  }
}
window.harness = harness;
document.body.dataset.ready = 'true';
