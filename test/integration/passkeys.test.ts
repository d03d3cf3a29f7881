import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { createLocalUserPool, startLocalCognito, type LocalCognitoServer, type LocalUserPool } from '@cognito-auth-machine/local-pool';
import { createAuth, memoryStorage, sdkTransport, type AuthActor, type AuthEmitted } from '../../index.js';
import { passkeys, type WebAuthnAdapter } from '../../passkeys.js';
import { SoftwareAuthenticator } from '../../packages/local-pool/test/software-authenticator.js';

/*
 * Passkeys with createAuth, passkeys() and the AWS SDK transport against the local user pool over HTTP (127.0.0.1,
 * a free port), a software authenticator standing in for the browser's: register while signed in, sign in with
 * WEB_AUTHN only, list, delete, and a ceremony the user cancels.
 */

const ORIGIN = 'http://localhost:5173';
const PASSWORD = 'Passw0rd!';
let server: LocalCognitoServer;
let pool: LocalUserPool;
let counter = 0;

beforeAll(async () => {
  server = await startLocalCognito({ host: '127.0.0.1', port: 0 });
  pool = await createLocalUserPool({
    cognito: server.cognito,
    pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } },
    client: { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    mfa: { WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } },
  });
});
afterAll(async () => {
  await server?.close();
});

async function newUser(): Promise<string> {
  counter += 1;
  const username = `pk${Date.now().toString(36)}${counter}`;
  await pool.admin.createUser(username, { attributes: [{ Name: 'email', Value: `${username}@example.com` }], suppress: true });
  await pool.admin.setPassword(username, PASSWORD);
  return username;
}

/** The software authenticator as the adapter; `cancelNext` makes the next ceremony fail as a user's cancel does. */
function softwareAdapter(authenticator = new SoftwareAuthenticator()) {
  const state = { cancelNext: false, requests: [] as string[] };
  const adapter: WebAuthnAdapter = {
    async get(json) {
      state.requests.push(json);
      if (state.cancelNext) {
        state.cancelNext = false;
        throw new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError');
      }
      return JSON.stringify(authenticator.get(JSON.parse(json) as Record<string, unknown>, ORIGIN));
    },
    async create(json) {
      return JSON.stringify(authenticator.create(JSON.parse(json) as Record<string, unknown>, ORIGIN));
    },
  };
  return { adapter, state, authenticator };
}

const settled = (auth: AuthActor) => waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });

function authWith(adapter: WebAuthnAdapter | null) {
  const auth = createAuth(
    {
      userPoolId: pool.userPoolId,
      userPoolClientId: pool.clientId,
      authFlow: 'USER_AUTH',
      transport: sdkTransport({ endpoint: server.endpoint, maxAttempts: 1 }),
      storage: memoryStorage(),
    },
    adapter ? { passkeys: passkeys({ adapter }) } : {},
  );
  const emitted: AuthEmitted[] = [];
  auth.on('*', (event) => emitted.push(event));
  return { auth, emitted };
}

async function signedInWithPassword(auth: AuthActor, username: string) {
  auth.send({ type: 'SIGN_IN', username, password: PASSWORD, preferredChallenge: 'PASSWORD' });
  const snapshot = await settled(auth);
  expect(snapshot.value).toEqual({ signedIn: 'idle' });
}

describe('passkeys against the local pool', () => {
  it('registers a passkey while signed in, signs in with WEB_AUTHN only, lists it, deletes it; then WEB_AUTHN is no longer offered', async () => {
    const username = await newUser();
    const { adapter } = softwareAdapter();
    const { auth, emitted } = authWith(adapter);
    await signedInWithPassword(auth, username);

    auth.send({ type: 'REGISTER_PASSKEY' });
    expect((await settled(auth)).context.error).toBeNull();
    expect(emitted.map((e) => e.type)).toContain('associateWebAuthnCredential');

    auth.send({ type: 'SIGN_OUT' });
    await waitFor(auth, (s) => s.matches('signedOut'));

    auth.send({ type: 'SIGN_IN', username, preferredChallenge: 'WEB_AUTHN' });
    const signedIn = await settled(auth);
    expect(signedIn.value).toEqual({ signedIn: 'idle' });
    expect(signedIn.context.user?.username).toBe(username);

    auth.send({ type: 'FETCH_PASSKEYS' });
    const listed = await settled(auth);
    expect(listed.context.passkeys).toHaveLength(1);
    const [passkey] = listed.context.passkeys!;
    expect(passkey!.relyingPartyId).toBe('localhost');
    expect(emitted.find((e) => e.type === 'listWebAuthnCredentials')).toMatchObject({ credentials: [{ credentialId: passkey!.credentialId }] });

    auth.send({ type: 'DELETE_PASSKEY', credentialId: passkey!.credentialId });
    const deleted = await settled(auth);
    expect(deleted.context.error).toBeNull();
    expect(deleted.context.passkeys).toBeNull();
    expect(emitted.at(-1)).toEqual({ type: 'deleteWebAuthnCredential', credentialId: passkey!.credentialId });

    auth.send({ type: 'FETCH_PASSKEYS' });
    expect((await settled(auth)).context.passkeys).toEqual([]);

    auth.send({ type: 'SIGN_OUT' });
    await waitFor(auth, (s) => s.matches('signedOut'));
    auth.send({ type: 'SIGN_IN', username, preferredChallenge: 'WEB_AUTHN' });
    const refused = await settled(auth);
    // With no passkey left, WEB_AUTHN is no longer one of this user's factors: the pool offers the others.
    expect(refused.value).toEqual({ challenge: 'selectChallenge' });
    expect(refused.context.challenge?.availableChallenges).not.toContain('WEB_AUTHN');
    auth.stop();
  });

  it('a cancelled ceremony sets WebAuthnCancelledError and waits; RETRY runs it again and signs in', async () => {
    const username = await newUser();
    const { adapter, state } = softwareAdapter();
    const { auth, emitted } = authWith(adapter);
    await signedInWithPassword(auth, username);
    auth.send({ type: 'REGISTER_PASSKEY' });
    await settled(auth);
    auth.send({ type: 'SIGN_OUT' });
    await waitFor(auth, (s) => s.matches('signedOut'));

    state.cancelNext = true;
    auth.send({ type: 'SIGN_IN', username, preferredChallenge: 'WEB_AUTHN' });
    const failed = await settled(auth);
    expect(failed.value).toEqual({ challenge: { webAuthn: 'failed' } });
    expect(failed.context.error?.name).toBe('WebAuthnCancelledError');
    expect(emitted.at(-1)).toMatchObject({ type: 'confirmSignIn_failure' });
    expect(JSON.parse(state.requests[0]!)).toMatchObject({ rpId: 'localhost' });

    auth.send({ type: 'RETRY' });
    const signedIn = await settled(auth);
    expect(signedIn.value).toEqual({ signedIn: 'idle' });
    expect(state.requests).toHaveLength(2);
    auth.stop();
  });

  it('without passkeys(), REGISTER_PASSKEY and the WEB_AUTHN challenge fail with PasskeysNotConfiguredError', async () => {
    const username = await newUser();
    const { adapter } = softwareAdapter();
    const withPasskeys = authWith(adapter);
    await signedInWithPassword(withPasskeys.auth, username);
    withPasskeys.auth.send({ type: 'REGISTER_PASSKEY' });
    await settled(withPasskeys.auth);
    withPasskeys.auth.stop();

    const { auth, emitted } = authWith(null);
    await signedInWithPassword(auth, username);
    auth.send({ type: 'REGISTER_PASSKEY' });
    const refused = await settled(auth);
    expect(refused.value).toEqual({ signedIn: 'idle' });
    expect(refused.context.error?.name).toBe('PasskeysNotConfiguredError');
    expect(emitted.at(-1)).toMatchObject({ type: 'associateWebAuthnCredential_failure' });

    auth.send({ type: 'SIGN_OUT' });
    await waitFor(auth, (s) => s.matches('signedOut'));
    auth.send({ type: 'SIGN_IN', username, preferredChallenge: 'WEB_AUTHN' });
    const failed = await settled(auth);
    expect(failed.value).toEqual({ challenge: { webAuthn: 'failed' } });
    expect(failed.context.error?.name).toBe('PasskeysNotConfiguredError');
    auth.send({ type: 'CANCEL' });
    expect(auth.getSnapshot().value).toBe('signedOut');
    auth.stop();
  });
});
