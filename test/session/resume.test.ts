import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { authSnapshot, type AuthSnapshotData } from '../../runtime/auth-snapshot.js';
import type { AuthActor } from '../../runtime/auth-actor.js';
import { authFactory } from '../../runtime/create-auth.js';
import { memoryStorage, type MemoryStorage } from '../../adapters/memory-storage.js';
import { authSnapshotKey, loadAuthSnapshot, snapshotPersistence, snapshotResume } from '../../runtime/snapshot-persistence.js';
import { CHALLENGE_SESSION_MS } from '../../machines/auth-machine.js';
import type { AuthEmitted } from '../../machines/auth-types.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { scriptedTransport } from '../support/scripted-transport.js';

const createAuth = authFactory({ defaultAuthFlow: 'USER_PASSWORD_AUTH' });
const config = (transport: ReturnType<typeof scriptedTransport>, storage = memoryStorage()) => ({
  userPoolId: POOL_ID,
  userPoolClientId: CLIENT_ID,
  transport,
  storage,
});
const KEY = authSnapshotKey(CLIENT_ID);
const SESSION = 'AYABeC0ffee-session-from-cognito-0123456789';
const PASSWORD = 'Sup3r-Secret-Passw0rd!';

afterEach(() => {
  vi.useRealTimers();
});

function recorder(auth: AuthActor) {
  const seen: AuthEmitted[] = [];
  auth.on('*', (e) => seen.push(e));
  return seen;
}

const challenges = [
  {
    name: 'SMS_MFA',
    state: 'smsMfa',
    parameters: { CODE_DELIVERY_DESTINATION: '+*******0008', CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', USER_ID_FOR_SRP: 'alice' },
    answer: { type: 'CONFIRM_SIGN_IN', code: '123456' },
    responses: { SMS_MFA_CODE: '123456' },
  },
  {
    name: 'SOFTWARE_TOKEN_MFA',
    state: 'totpMfa',
    parameters: { USER_ID_FOR_SRP: 'alice' },
    answer: { type: 'CONFIRM_SIGN_IN', code: '654321' },
    responses: { SOFTWARE_TOKEN_MFA_CODE: '654321' },
  },
  {
    name: 'CUSTOM_CHALLENGE',
    state: 'customChallenge',
    parameters: { USERNAME: 'alice', question: 'What is 6 × 7?' },
    answer: { type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: '42' },
    responses: { ANSWER: '42' },
  },
  {
    name: 'NEW_PASSWORD_REQUIRED',
    state: 'newPasswordRequired',
    parameters: { USER_ID_FOR_SRP: 'alice', userAttributes: '{}', requiredAttributes: '[]' },
    answer: { type: 'COMPLETE_NEW_PASSWORD', newPassword: 'N3w-Passw0rd!' },
    responses: { NEW_PASSWORD: 'N3w-Passw0rd!' },
  },
] as const;

async function toChallenge(challenge: (typeof challenges)[number], persistence: MemoryStorage) {
  const transport = scriptedTransport({
    InitiateAuth: [{ ChallengeName: challenge.name, Session: SESSION, ChallengeParameters: challenge.parameters }],
  });
  const auth = createAuth(config(transport), { persistence: snapshotPersistence(persistence) });
  await waitFor(auth, (s) => s.matches('signedOut'));
  auth.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
  await waitFor(auth, (s) => s.matches({ challenge: challenge.state }));
  await Promise.resolve();
  return auth;
}

describe('resuming after a reload', () => {
  for (const challenge of challenges) {
    it(`continues ${challenge.name} where it was, with Cognito's session, never a password or token`, async () => {
      const persistence = memoryStorage();
      (await toChallenge(challenge, persistence)).stop();
      const written = persistence.snapshot()[KEY]!;
      expect(written).toContain(SESSION);
      expect(written).not.toContain(PASSWORD);
      expect(written).not.toMatch(/eyJ|accessToken|refreshToken|idToken/);

      // The reload: a new actor, new transport, same persistence.
      const transport = scriptedTransport({ RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens() }] });
      const auth = createAuth(config(transport), { persistence: snapshotPersistence(persistence) });
      const seen = recorder(auth);
      expect(auth.getSnapshot().matches({ challenge: challenge.state })).toBe(true);
      expect(auth.getSnapshot().context.challenge?.session).toBe(SESSION);
      auth.send(challenge.answer as never);
      await waitFor(auth, (s) => s.matches({ signedIn: 'idle' }));
      expect(transport.callsOf('RespondToAuthChallenge')[0]).toMatchObject({
        ChallengeName: challenge.name,
        Session: SESSION,
        ChallengeResponses: { USERNAME: 'alice', ...challenge.responses },
      });
      expect(seen.map((e) => e.type)).toEqual(['signIn']);
      await Promise.resolve();
      expect(persistence.snapshot()[KEY]).toBeUndefined();
      auth.stop();
    });
  }

  it('after Cognito’s session is over: SessionExpiredError and signedOut, announced to listeners attached after createAuth', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const persistence = memoryStorage();
    (await toChallenge(challenges[0], persistence)).stop();
    vi.setSystemTime(Date.now() + CHALLENGE_SESSION_MS);
    const transport = scriptedTransport();
    const auth = createAuth(config(transport), { persistence: snapshotPersistence(persistence) });
    const seen = recorder(auth);
    const settled = await waitFor(auth, (s) => s.matches('signedOut'));
    expect(settled.context.error?.name).toBe('SessionExpiredError');
    expect(seen.map((e) => [e.type, 'error' in e ? e.error.name : undefined])).toEqual([['signIn_failure', 'SessionExpiredError']]);
    expect(transport.calls).toEqual([]);
    await Promise.resolve();
    expect(persistence.snapshot()[KEY]).toBeUndefined();
    auth.stop();
  });

  it('re-arms the challenge timer for what is left of the session', async () => {
    vi.useFakeTimers();
    const persistence = memoryStorage();
    (await toChallenge(challenges[1], persistence)).stop();
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    const auth = createAuth(config(scriptedTransport()), { persistence: snapshotPersistence(persistence) });
    await vi.advanceTimersByTimeAsync(CHALLENGE_SESSION_MS - 2 * 60_000 - 1);
    expect(auth.getSnapshot().matches({ challenge: 'totpMfa' })).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(auth.getSnapshot().context.error?.name).toBe('SessionExpiredError');
    auth.stop();
  });

  it('a reload before sign-up confirmation ends auto sign-in with autoSignIn_failure saying why', async () => {
    const persistence = memoryStorage();
    const first = createAuth(
      config(scriptedTransport({ SignUp: [{ UserConfirmed: false, UserSub: 'sub-1', CodeDeliveryDetails: { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' } }] })),
      { persistence: snapshotPersistence(persistence) },
    );
    await waitFor(first, (s) => s.matches('signedOut'));
    first.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD, attributes: { email: 'a@example.com' }, autoSignIn: true });
    await waitFor(first, (s) => s.matches({ confirmingSignUp: 'idle' }));
    await Promise.resolve();
    first.stop();
    expect(persistence.snapshot()[KEY]).not.toContain(PASSWORD);
    expect(persistence.snapshot()[KEY]).not.toContain('redacted');

    const transport = scriptedTransport({ ConfirmSignUp: [{}] });
    const auth = createAuth(config(transport), { persistence: snapshotPersistence(persistence) });
    const seen = recorder(auth);
    expect(auth.getSnapshot().matches({ confirmingSignUp: 'idle' })).toBe(true);
    await Promise.resolve();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ type: 'autoSignIn_failure', error: { name: 'AutoSignInError' } });
    expect((seen[0] as { error: Error }).error.message).toMatch(/reloaded.*only in memory/);
    auth.send({ type: 'CONFIRM_SIGN_UP', code: '123456' });
    await waitFor(auth, (s) => s.matches('signedOut'));
    expect(transport.callsOf('ConfirmSignUp')[0]).toMatchObject({ Username: 'alice', ConfirmationCode: '123456' });
    expect(transport.callsOf('InitiateAuth')).toEqual([]);
    expect(seen.map((e) => e.type)).toEqual(['autoSignIn_failure', 'confirmSignUp']);
    auth.stop();
  });

  it('resumes a password reset waiting for its code', async () => {
    const persistence = memoryStorage();
    const first = createAuth(config(scriptedTransport({ ForgotPassword: [{ CodeDeliveryDetails: { DeliveryMedium: 'EMAIL' } }] })), { persistence: snapshotPersistence(persistence) });
    await waitFor(first, (s) => s.matches('signedOut'));
    first.send({ type: 'FORGOT_PASSWORD', username: 'alice' });
    await waitFor(first, (s) => s.matches({ resettingPassword: 'awaitingCode' }));
    await Promise.resolve();
    first.stop();
    const transport = scriptedTransport({ ConfirmForgotPassword: [{}] });
    const auth = createAuth(config(transport), { persistence: snapshotPersistence(persistence) });
    expect(auth.getSnapshot().matches({ resettingPassword: 'awaitingCode' })).toBe(true);
    auth.send({ type: 'CONFIRM_FORGOT_PASSWORD', code: '123456', newPassword: 'N3w-Passw0rd!' });
    await waitFor(auth, (s) => s.matches('signedOut'));
    expect(transport.callsOf('ConfirmForgotPassword')[0]).toMatchObject({ Username: 'alice' });
    auth.stop();
  });

  it('writes nothing while busy, and nothing for signed-in or TOTP-setup states', async () => {
    let answer!: (value: unknown) => void;
    const transport = scriptedTransport({
      InitiateAuth: [() => new Promise((resolve) => (answer = resolve))],
    });
    const persistence = memoryStorage({ [KEY]: 'left over' });
    const auth = createAuth(config(transport), { persistence: snapshotPersistence(persistence) });
    await waitFor(auth, (s) => s.matches('signedOut'));
    await Promise.resolve();
    expect(persistence.snapshot()).toEqual({});
    auth.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    expect(auth.getSnapshot().hasTag('busy')).toBe(true);
    expect(authSnapshot(auth)).toBeNull();
    persistence.setItem('marker', 'x');
    await new Promise((r) => setTimeout(r, 10));
    expect(persistence.snapshot()).toEqual({ marker: 'x' });
    answer({ ChallengeName: 'MFA_SETUP', Session: SESSION, ChallengeParameters: { USER_ID_FOR_SRP: 'alice', MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } });
    transport.reply('AssociateSoftwareToken', { SecretCode: 'JBSWY3DPEHPK3PXP', Session: SESSION });
    await waitFor(auth, (s) => s.matches({ challenge: { totpSetup: 'idle' } }));
    await Promise.resolve();
    expect(authSnapshot(auth)).toBeNull();
    expect(persistence.snapshot()).toEqual({ marker: 'x' });
    auth.stop();
  });

  it('ignores a corrupt or foreign snapshot and starts afresh', async () => {
    for (const bad of ['{"format":"cognito-auth-machine/snapshot@1","state":"signedIn.idle"}', '{not json', JSON.stringify({ format: 'cognito-auth-machine/snapshot@1', state: 'challenge.smsMfa', challenge: null, signInUsername: null, signUp: null, passwordReset: null })]) {
      const persistence = memoryStorage({ [KEY]: bad });
      const auth = createAuth(config(scriptedTransport()), { persistence: snapshotPersistence(persistence) });
      const settled = await waitFor(auth, (s) => !s.hasTag('busy'));
      expect(settled.value).toBe('signedOut');
      auth.stop();
    }
  });

  it('works through the snapshot option for asynchronous storages', async () => {
    const persistence = memoryStorage();
    (await toChallenge(challenges[0], persistence)).stop();
    const asyncStorage = { getItem: async (k: string) => persistence.getItem(k), setItem: async () => undefined, removeItem: async () => undefined };
    const snapshot = await loadAuthSnapshot(asyncStorage, CLIENT_ID);
    const auth = createAuth(config(scriptedTransport()), { snapshot: snapshot!, persistence: snapshotPersistence(asyncStorage) });
    expect(auth.getSnapshot().matches({ challenge: 'smsMfa' })).toBe(true);
    auth.stop();
  });

  it('resumes a snapshot the app kept itself with snapshotResume, and refuses to take one without it', async () => {
    const persistence = memoryStorage();
    (await toChallenge(challenges[0], persistence)).stop();
    const snapshot = JSON.parse(persistence.getItem(KEY) as string) as AuthSnapshotData;
    const auth = createAuth(config(scriptedTransport()), { snapshot, resume: snapshotResume() });
    expect(auth.getSnapshot().matches({ challenge: 'smsMfa' })).toBe(true);
    auth.stop();
    expect(() => createAuth(config(scriptedTransport()), { snapshot })).toThrow(
      'Invalid createAuth options: snapshot is an authSnapshot: resuming from it needs snapshotResume() from cognito-auth-machine/persistence (or persistence)',
    );
  });
});
