import { describe, expect, it, vi } from 'vitest';
import { createLocalUserPool, localTransport } from '@cognito-auth-machine/local-pool';
import { AmplifyAuth } from '../../amplify-facade/amplify-auth.js';
import { AmplifyHub, type HubCapsule } from '../../amplify-facade/amplify-hub.js';
import { AmplifyUser } from '../../amplify-facade/amplify-user.js';
import { AmplifyUserSession } from '../../amplify-facade/amplify-user-session.js';
import { createAuth } from '../../core.js';
import { fakeTokens } from '../support/fake-tokens.js';

const PASSWORD = 'Passw0rd!';

async function signedIn() {
  const pool = await createLocalUserPool();
  await pool.admin.createUser('zoe', { attributes: [{ Name: 'email', Value: 'zoe@example.com' }], suppress: true });
  await pool.admin.setPassword('zoe', PASSWORD, true);
  const hub = new AmplifyHub();
  const events: Array<{ event: string; data?: unknown; message?: string }> = [];
  hub.listen('auth', ({ payload }) => {
    events.push(payload);
  });
  const auth = new AmplifyAuth(hub, createAuth);
  auth.configure({ userPoolId: pool.userPoolId, userPoolWebClientId: pool.clientId, transport: localTransport(pool) });
  const user = await auth.signIn('zoe', PASSWORD);
  return { pool, hub, auth, events, user };
}

describe('Hub', () => {
  it('delivers capsules to listeners of the channel until they unsubscribe; a throwing listener does not stop the rest', () => {
    const hub = new AmplifyHub();
    const seen: HubCapsule[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    hub.listen('auth', () => {
      throw new Error('listener bug');
    });
    const stop = hub.listen('auth', (capsule) => seen.push(capsule));
    const legacy = { onHubCapsule: vi.fn() };
    hub.listen('auth', legacy);
    hub.listen('other', () => seen.push({ channel: 'wrong', payload: { event: 'x' }, source: '' }));

    hub.dispatch('auth', { event: 'signIn', data: 1, message: 'm' }, 'Auth');
    expect(seen).toEqual([{ channel: 'auth', payload: { event: 'signIn', data: 1, message: 'm' }, source: 'Auth', patternInfo: [] }]);
    expect(legacy.onHubCapsule).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledTimes(1);

    stop();
    hub.remove('auth', legacy);
    hub.dispatch('auth', { event: 'signOut' });
    expect(seen).toHaveLength(1);
    expect(legacy.onHubCapsule).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });
});

describe('AmplifyUserSession', () => {
  it('is valid while both tokens are unexpired on the server clock', () => {
    const now = Date.now();
    const tokens = fakeTokens({ issuedAt: now - 3540_000 });
    const exp = Math.floor((now - 3540_000) / 1000) + 3600;
    const session = new AmplifyUserSession({
      idToken: tokens.IdToken,
      accessToken: tokens.AccessToken,
      refreshToken: 'r',
      expiresAt: exp * 1000,
      issuedAt: (exp - 3600) * 1000,
      clockDrift: 0,
    });
    expect(session.isValid(now)).toBe(true);
    expect(session.isValid(now + 61_000)).toBe(false);
    expect(session.getAccessToken().getExpiration()).toBe(exp);
    expect(session.getRefreshToken().getToken()).toBe('r');
  });
});

describe('AmplifyAuth', () => {
  it('rejects every call before configure, as v5 did without a user pool', async () => {
    const auth = new AmplifyAuth(new AmplifyHub(), createAuth);
    await expect(auth.signIn('a', 'b')).rejects.toMatchObject({ name: 'AuthError', message: 'Authentication Error' });
    await expect(auth.currentAuthenticatedUser()).rejects.toBe('The user is not authenticated');
    await expect(auth.currentSession()).rejects.toBe('No current user');
  });

  it('drives the one machine: the actor behind Auth holds the session the calls made', async () => {
    const { auth, user } = await signedIn();
    const snapshot = auth.actor.getSnapshot();
    expect(snapshot.matches('signedIn')).toBe(true);
    expect(snapshot.context.user?.username).toBe(user.username);
    expect(user.signInUserSession?.getAccessToken().getJwtToken()).toBe(snapshot.context.tokens?.accessToken);
    await auth.signOut();
    expect(auth.actor.getSnapshot().matches('signedOut')).toBe(true);
    auth.stop();
  });

  it('publishes tokenRefresh when the machine refreshes, and the user object carries the new tokens', async () => {
    const { auth, events, user } = await signedIn();
    const before = user.signInUserSession?.getIdToken().getJwtToken();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a new iat, so new tokens differ from the old
    auth.actor.send({ type: 'REFRESH' });
    const session = await auth.currentSession();
    expect(events.map((e) => e.event)).toContain('tokenRefresh');
    expect(events.find((e) => e.event === 'tokenRefresh')).toEqual({ event: 'tokenRefresh', data: undefined, message: 'New token retrieved' });
    expect(session.getIdToken().getJwtToken()).not.toBe(before);
    expect((await auth.currentAuthenticatedUser()).signInUserSession?.getIdToken().getJwtToken()).toBe(session.getIdToken().getJwtToken());
    await auth.signOut();
    auth.stop();
  });

  it('a revoked refresh token: tokenRefresh_failure, then signOut, and the user is no longer authenticated', async () => {
    const { pool, auth, events } = await signedIn();
    const refreshToken = (await auth.currentSession()).getRefreshToken().getToken();
    await pool.cognito.send('RevokeToken', { ClientId: pool.clientId, Token: refreshToken });
    auth.actor.send({ type: 'REFRESH' });
    await expect(auth.currentAuthenticatedUser()).rejects.toBe('The user is not authenticated');
    const names = events.map((e) => e.event);
    expect(names.slice(names.indexOf('tokenRefresh_failure'))).toEqual(['tokenRefresh_failure', 'signOut']);
    expect(events.find((e) => e.event === 'tokenRefresh_failure')?.data).toMatchObject({ code: 'NotAuthorizedException' });
    auth.stop();
  });

  it('keeps the session in localStorage when there is one and no storage is given, as v5 did in browsers', async () => {
    const items = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    });
    try {
      const { pool, auth } = await signedIn();
      expect(items.get(`CognitoIdentityServiceProvider.${pool.clientId}.LastAuthUser`)).toBe('zoe');
      const reloaded = new AmplifyAuth(new AmplifyHub(), createAuth);
      reloaded.configure({ userPoolId: pool.userPoolId, userPoolWebClientId: pool.clientId, transport: localTransport(pool) });
      expect((await reloaded.currentAuthenticatedUser()).username).toBe('zoe');
      await reloaded.signOut();
      expect(items.size).toBe(0);
      auth.stop();
      reloaded.stop();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('signs a second account up while signed in without touching the session; bad input is refused before sending', async () => {
    const { pool, auth, events } = await signedIn();
    const session = auth.actor.getSnapshot().context.tokens;
    const before = pool.messages().length;
    await expect(auth.signUp({ username: 'new', password: PASSWORD, attributes: { phone_number: '4325550006' } })).rejects.toMatchObject({
      name: 'ValidationError',
      code: 'ValidationError',
    });
    await expect(auth.confirmSignUp('new user', '123456')).rejects.toMatchObject({ code: 'ValidationError' });
    expect(await pool.admin.getUser('new').catch((error: Error) => error.name)).toBe('UserNotFoundException');
    expect(pool.messages().length).toBe(before);

    const result = await auth.signUp({ username: 'new', password: PASSWORD, attributes: { email: 'new@example.com' } });
    expect(result).toMatchObject({ userConfirmed: false, userSub: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await auth.confirmSignUp('new', pool.lastCode('new')!)).toBe('SUCCESS');
    expect((await pool.admin.getUser('new')).UserStatus).toBe('CONFIRMED');
    await expect(auth.resendSignUp('new')).rejects.toMatchObject({ code: 'InvalidParameterException' });
    expect(events.map((e) => e.event).filter((e) => e !== 'configured')).toEqual(['signIn', 'signUp', 'confirmSignUp']);
    expect(auth.actor.getSnapshot().matches('signedIn')).toBe(true);
    expect(auth.actor.getSnapshot().context.tokens).toBe(session);
    await auth.signOut();
    auth.stop();
  });

  it('account calls with nobody signed in reject at once, as currentAuthenticatedUser does, and send nothing', async () => {
    const pool = await createLocalUserPool();
    const sent: string[] = [];
    const transport = localTransport(pool);
    const auth = new AmplifyAuth(new AmplifyHub(), createAuth);
    auth.configure({
      userPoolId: pool.userPoolId,
      userPoolWebClientId: pool.clientId,
      transport: { send: (op, input, signal) => (sent.push(op), transport.send(op, input, signal)) },
    });
    const user = new AmplifyUser('zoe');
    await expect(auth.userAttributes(user)).rejects.toBe('The user is not authenticated');
    await expect(auth.updateUserAttributes(user, { email: 'zoe@example.org' })).rejects.toBe('The user is not authenticated');
    await expect(auth.changePassword(user, PASSWORD, 'New-Passw0rd')).rejects.toBe('The user is not authenticated');
    await expect(auth.setupTOTP(user)).rejects.toBe('The user is not authenticated');
    await expect(auth.setPreferredMFA(user, 'TOTP')).rejects.toBe('The user is not authenticated');
    await expect(auth.setPreferredMFA(user, 'EMAIL' as never)).rejects.toMatchObject({ name: 'AuthError', message: 'No valid MFA method provided' });
    await expect(auth.verifyCurrentUserAttribute('email')).rejects.toBe('No current user');
    await expect(auth.verifyCurrentUserAttributeSubmit('email', '123456')).rejects.toBe('No current user');
    await expect(auth.deleteUser()).rejects.toMatchObject({ message: 'No current user.' });
    await expect(auth.rememberDevice()).rejects.toBe('The user is not authenticated');
    await expect(auth.forgetDevice()).rejects.toBe('The user is not authenticated');
    await expect(auth.fetchDevices()).rejects.toMatchObject({ name: 'AuthError', message: 'The user is not authenticated' });
    expect(await auth.currentUserInfo()).toBeNull();
    expect(sent).toEqual([]);
    auth.stop();
  });

  it('bad input to an account call is refused before sending, with the fields named, and the session stays', async () => {
    const { pool, auth, user } = await signedIn();
    const sent = pool.messages().length;
    await expect(auth.updateUserAttributes(user, { sub: 'x', email_verified: 'true' })).rejects.toMatchObject({ name: 'ValidationError', code: 'ValidationError' });
    await expect(auth.updateUserAttributes(user, { [`custom:${'x'.repeat(40)}`]: 'y' })).rejects.toMatchObject({ code: 'ValidationError' });
    await expect(auth.verifyTotpToken(user, '12345')).rejects.toMatchObject({ code: 'ValidationError', fields: [{ path: 'code' }] });
    await expect(auth.deleteUserAttributes(user, [])).rejects.toMatchObject({ code: 'ValidationError' });
    expect(pool.messages().length).toBe(sent);
    expect((await pool.admin.getUser('zoe')).UserAttributes).toContainEqual({ Name: 'email', Value: 'zoe@example.com' });
    expect(auth.actor.getSnapshot().matches('signedIn')).toBe(true);
    await auth.signOut();
    auth.stop();
  });

  it('an abandoned challenge is cancelled by the next sign-in, as v5 simply started over', async () => {
    const pool = await createLocalUserPool({ pool: { MfaConfiguration: 'ON', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns' } } });
    await pool.admin.createUser('yan', { attributes: [{ Name: 'phone_number', Value: '+14325550007' }], suppress: true });
    await pool.admin.setPassword('yan', PASSWORD, true);
    const auth = new AmplifyAuth(new AmplifyHub(), createAuth);
    auth.configure({ userPoolId: pool.userPoolId, userPoolWebClientId: pool.clientId, transport: localTransport(pool) });
    const first = await auth.signIn('yan', PASSWORD);
    const second = await auth.signIn('yan', PASSWORD);
    expect([first.challengeName, second.challengeName]).toEqual(['SMS_MFA', 'SMS_MFA']);
    const user = await auth.confirmSignIn(second, pool.lastCode('yan', 'Authentication')!);
    expect(user.username).toBe('yan');
    await auth.signOut();
    auth.stop();
  });
});
