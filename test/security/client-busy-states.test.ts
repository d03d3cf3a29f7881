import { waitFor, type AnyStateMachine } from 'xstate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchTransport } from '../../adapters/fetch-transport.js';
import { memoryStorage, type MemoryStorage } from '../../adapters/memory-storage.js';
import { createAuth } from '../../core.js';
import { passkeys } from '../../passkeys.js';
import { authMachine } from '../../machines/auth-machine.js';
import { accountEntries, type AccountEventType } from '../../machines/account-actions.js';
import type { AuthEvent } from '../../machines/auth-events.js';
import type { AuthActor } from '../../runtime/auth-actor.js';
import { deviceStore } from '../../services/device-store.js';
import { sessionStore } from '../../services/session-store.js';
import type { TokenStorage } from '../../services/token-storage.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { startSilentServer, type SilentServer } from '../support/silent-server.js';

/*
 * No busy state may keep the app waiting without end: each one either takes CANCEL, or its call ends (within
 * the transport's time limit) in a state that is not busy. The busy states are read from the chart's definition,
 * so a new one that does neither is caught here.
 */

interface StateNodeLike {
  id: string;
  tags: readonly string[];
  parent?: StateNodeLike;
  type: string;
  states: Record<string, StateNodeLike>;
  invoke: readonly { id: string }[];
  transitions: Map<string, readonly { guard?: unknown; target?: readonly StateNodeLike[] }[]>;
}

const lineage = (node: StateNodeLike): StateNodeLike[] => (node.parent ? [node, ...lineage(node.parent)] : [node]);

function leavesOf(machine: AnyStateMachine): StateNodeLike[] {
  const leaves: StateNodeLike[] = [];
  const walk = (node: StateNodeLike) => {
    const children = Object.values(node.states);
    if (children.length === 0) leaves.push(node);
    children.forEach(walk);
  };
  walk(machine.root as unknown as StateNodeLike);
  return leaves;
}

const isBusy = (node: StateNodeLike) => lineage(node).some((n) => n.tags.includes('busy'));
const takesCancel = (node: StateNodeLike) => lineage(node).some((n) => (n.transitions.get('CANCEL') ?? []).some((t) => t.target?.length));

/** The leaf a transition into `node` ends in when it follows initial states. */
function initialLeaf(node: StateNodeLike): StateNodeLike {
  const initial = (node as unknown as { initial?: { target: readonly StateNodeLike[] } }).initial;
  return initial?.target[0] ? initialLeaf(initial.target[0]) : node;
}

/** Whether every failure of the call the busy state waits on leads to a state that is not busy. */
function failureLeavesBusy(node: StateNodeLike): boolean {
  const invoking = lineage(node).find((n) => n.invoke.length > 0);
  if (!invoking) return false;
  return invoking.invoke.every((invoke) => {
    const candidates = invoking.transitions.get(`xstate.error.actor.${invoke.id}`) ?? [];
    const last = candidates.at(-1);
    // An unguarded last branch: whatever the error, the state is left.
    if (!last || last.guard !== undefined) return false;
    return candidates.every((t) => t.target?.length === 1 && !isBusy(initialLeaf(t.target[0]!)));
  });
}

const busyLeaves = leavesOf(authMachine).filter(isBusy);
const withoutCancel = busyLeaves.filter((node) => !takesCancel(node)).map((node) => node.id);

describe('the busy states of the chart', () => {
  it('are found', () => {
    expect(busyLeaves.map((node) => node.id)).toEqual(expect.arrayContaining(['auth.signingIn', 'auth.challenge.responding']));
  });

  it.each(busyLeaves.map((node) => [node.id, node] as const))('%s takes CANCEL or leaves the busy states when its call fails', (_id, node) => {
    expect(takesCancel(node) || failureLeavesBusy(node)).toBe(true);
  });

  it('sign-in, its challenges and auto sign-in take CANCEL', () => {
    for (const id of ['auth.signingIn', 'auth.autoSigningIn', 'auth.challenge.responding', 'auth.challenge.totpSetup.associating']) {
      expect(withoutCancel).not.toContain(id);
    }
  });
});

/*
 * Each busy state without CANCEL, driven against a server that accepts and never answers: the transport's time
 * limit ends the call and the machine leaves the busy state.
 */

const TIMEOUT_MS = 100;
let server: SilentServer;
let endpoint: string;
const actors: AuthActor[] = [];

beforeAll(async () => {
  server = await startSilentServer();
  endpoint = server.endpoint;
});

afterEach(() => {
  for (const actor of actors.splice(0)) actor.stop();
});

afterAll(() => server.close());

async function signedInStorage(options: { expired?: boolean } = {}): Promise<MemoryStorage> {
  const storage = memoryStorage();
  const tokens = fakeTokens(options.expired ? { issuedAt: Date.now() - 2 * 3600_000 } : {});
  await sessionStore(storage, CLIENT_ID).save({
    username: 'alice',
    idToken: tokens.IdToken,
    accessToken: tokens.AccessToken,
    refreshToken: tokens.RefreshToken,
    clockDrift: 0,
  });
  return storage;
}

/** A storage that answers later, so that the chart restores the session itself (and refreshes it first). */
const later = (storage: TokenStorage): TokenStorage => ({
  getItem: async (key) => storage.getItem(key),
  setItem: async (key, value) => storage.setItem(key, value),
  removeItem: async (key) => storage.removeItem(key),
});

function start(storage: TokenStorage): AuthActor {
  const auth = createAuth(
    {
      userPoolId: POOL_ID,
      userPoolClientId: CLIENT_ID,
      transport: fetchTransport({ endpoint, timeoutMs: TIMEOUT_MS, retries: { maxAttempts: 1 } }),
      storage,
    },
    // The passkey rows' first request is to Cognito, which never answers here: the ceremony is never reached.
    { passkeys: passkeys({ adapter: { get: () => Promise.reject(new Error('not reached')), create: () => Promise.reject(new Error('not reached')) } }) },
  );
  actors.push(auth);
  return auth;
}

/** How to bring the machine into each busy state that does not take CANCEL, and where it must end. */
const DRIVES: Record<string, () => Promise<{ auth: AuthActor; ends: string | object; error: string | null }>> = {
  'auth.initializing': async () => ({
    auth: start(later(await signedInStorage({ expired: true }))),
    // Offline is not signed out: the stored session is kept, and refreshed later.
    ends: { signedIn: 'idle' },
    error: null,
  }),
  'auth.signingUp': async () => {
    const auth = start(memoryStorage());
    auth.send({ type: 'SIGN_UP', username: 'bob', password: 'Passw0rd!', attributes: { email: 'bob@example.com' } });
    return { auth, ends: 'signedOut', error: 'NetworkError' };
  },
  'auth.signedIn.refreshing': async () => {
    const auth = start(await signedInStorage());
    auth.send({ type: 'REFRESH' });
    return { auth, ends: { signedIn: 'idle' }, error: 'NetworkError' };
  },
  'auth.signingOut.local': async () => {
    const auth = start(await signedInStorage());
    auth.send({ type: 'SIGN_OUT' });
    return { auth, ends: 'signedOut', error: null };
  },
  'auth.signingOut.global': async () => {
    const auth = start(await signedInStorage());
    auth.send({ type: 'SIGN_OUT', global: true });
    return { auth, ends: { signedIn: 'idle' }, error: 'NetworkError' };
  },
};

/** A valid event of each account action: its request gets no answer, and the session stays, with the error. */
const ACCOUNT_EVENTS: Record<AccountEventType, AuthEvent> = {
  FETCH_USER_ATTRIBUTES: { type: 'FETCH_USER_ATTRIBUTES' },
  UPDATE_USER_ATTRIBUTES: { type: 'UPDATE_USER_ATTRIBUTES', attributes: { name: 'Alice' } },
  CONFIRM_USER_ATTRIBUTE: { type: 'CONFIRM_USER_ATTRIBUTE', attributeName: 'email', code: '123456' },
  SEND_USER_ATTRIBUTE_VERIFICATION_CODE: { type: 'SEND_USER_ATTRIBUTE_VERIFICATION_CODE', attributeName: 'email' },
  DELETE_USER_ATTRIBUTES: { type: 'DELETE_USER_ATTRIBUTES', attributeNames: ['nickname'] },
  UPDATE_PASSWORD: { type: 'UPDATE_PASSWORD', oldPassword: 'Passw0rd!', newPassword: 'N3w-Passw0rd!' },
  SET_UP_TOTP: { type: 'SET_UP_TOTP' },
  VERIFY_TOTP_SETUP: { type: 'VERIFY_TOTP_SETUP', code: '123456' },
  UPDATE_MFA_PREFERENCE: { type: 'UPDATE_MFA_PREFERENCE', totp: 'PREFERRED' },
  FETCH_MFA_PREFERENCE: { type: 'FETCH_MFA_PREFERENCE' },
  DELETE_USER: { type: 'DELETE_USER' },
  REMEMBER_DEVICE: { type: 'REMEMBER_DEVICE' },
  FORGET_DEVICE: { type: 'FORGET_DEVICE', deviceKey: 'us-east-1_6f1a2b3c-0000-4000-8000-000000000001' },
  FETCH_DEVICES: { type: 'FETCH_DEVICES' },
  REGISTER_PASSKEY: { type: 'REGISTER_PASSKEY' },
  FETCH_PASSKEYS: { type: 'FETCH_PASSKEYS' },
  DELETE_PASSKEY: { type: 'DELETE_PASSKEY', credentialId: 'AAECAwQFBgcICQoLDA0ODw' },
};
/** REMEMBER_DEVICE asks Cognito only when this device is remembered here. */
const DEVICE = { deviceKey: 'us-east-1_6f1a2b3c-0000-4000-8000-000000000002', deviceGroupKey: '-group', randomPassword: 'cmFuZG9tLXBhc3N3b3Jk' };
for (const [type, entry] of accountEntries()) {
  DRIVES[`auth.signedIn.${entry.state}`] = async () => {
    const storage = await signedInStorage();
    if (type === 'REMEMBER_DEVICE') await deviceStore(storage, CLIENT_ID).save('alice', DEVICE);
    const auth = start(storage);
    auth.send(ACCOUNT_EVENTS[type]);
    return { auth, ends: { signedIn: 'idle' }, error: 'NetworkError' };
  };
}

describe('busy states without CANCEL, against a server that never answers', () => {
  it('are each driven here', () => {
    expect(Object.keys(DRIVES).sort()).toEqual([...withoutCancel].sort());
  });

  it.each(Object.keys(DRIVES))('%s ends within the time limit, out of busy', async (id) => {
    const { auth, ends, error } = await DRIVES[id]!();
    // `auth.signedIn.refreshing` → { signedIn: 'refreshing' }
    const [first, ...rest] = id.split('.').slice(1).reverse();
    const value = rest.reduce<string | object>((inner, key) => ({ [key]: inner }), first!);
    expect(auth.getSnapshot().matches(value as never)).toBe(true);
    const settled = await waitFor(auth, (snapshot) => !snapshot.hasTag('busy'), { timeout: 5_000 });
    expect(settled.matches(ends as never)).toBe(true);
    expect(settled.context.error?.name ?? null).toBe(error);
  });
});
