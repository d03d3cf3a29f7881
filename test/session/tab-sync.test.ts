import { serviceActors } from '../../machines/service-registry.js';
import { describe, expect, it } from 'vitest';
import { createActor, toPromise, waitFor } from 'xstate';
import { authFactory } from '../../runtime/create-auth.js';
import { tabSync } from '../../runtime/tab-sync.js';
import { getTokens } from '../../runtime/get-tokens.js';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { createAuthServices, type RefreshLock } from '../../services/auth-services.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { scriptedTransport } from '../support/scripted-transport.js';

const createAuth = authFactory({ defaultAuthFlow: 'USER_PASSWORD_AUTH' });

/** Two "tabs" in one process: one shared storage, BroadcastChannel (Node has it) carrying the news. */
async function twoTabs() {
  const storage = memoryStorage();
  const transportA = scriptedTransport();
  const transportB = scriptedTransport();
  const a = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport: transportA, storage }, { tabSync: tabSync() });
  const b = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport: transportB, storage }, { tabSync: tabSync() });
  await waitFor(a, (s) => s.matches('signedOut'));
  await waitFor(b, (s) => s.matches('signedOut'));
  return { storage, a, b, transportA, transportB };
}

describe('tab sync (BroadcastChannel, shared storage)', () => {
  it('a sign-in in one tab appears in the other; a refresh too; a sign-out signs the other out', async () => {
    const { a, b, transportA, transportB } = await twoTabs();
    const seenB: string[] = [];
    b.on('*', (e) => seenB.push(e.type));
    transportA.reply('InitiateAuth', { AuthenticationResult: fakeTokens() });
    a.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    await waitFor(b, (s) => s.matches('signedIn'), { timeout: 2000 });
    expect(b.getSnapshot().context.user?.username).toBe('alice');
    expect(b.getSnapshot().context.tokens?.accessToken).toBe(a.getSnapshot().context.tokens?.accessToken);
    expect(transportB.calls).toEqual([]);

    transportA.reply('InitiateAuth', { AuthenticationResult: fakeTokens({ issuedAt: Date.now() + 2000 }) });
    const fresh = await getTokens(a, { forceRefresh: true });
    await waitFor(b, (s) => s.context.tokens?.accessToken === fresh.accessToken, { timeout: 2000 });

    transportA.reply('RevokeToken', {});
    a.send({ type: 'SIGN_OUT' });
    await waitFor(b, (s) => s.matches('signedOut'), { timeout: 2000 });
    expect(seenB).toEqual(['signIn', 'tokenRefresh', 'signOut']);
    expect(transportB.calls).toEqual([]);
    a.stop();
    b.stop();
  });

  it('a storage caught between writes (marker removed, then back) does not sign the other tab out', async () => {
    const { storage, a, b, transportA } = await twoTabs();
    transportA.reply('InitiateAuth', { AuthenticationResult: fakeTokens() });
    a.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    await waitFor(b, (s) => s.matches('signedIn'), { timeout: 2000 });
    const marker = `CognitoIdentityServiceProvider.${CLIENT_ID}.LastAuthUser`;
    const saved = storage.getItem(marker)!;
    storage.removeItem(marker);
    const news = new BroadcastChannel(`cognito-auth-machine.${CLIENT_ID}`);
    news.postMessage('session-changed');
    await new Promise((r) => setTimeout(r, 60));
    storage.setItem(marker, saved);
    await new Promise((r) => setTimeout(r, 300));
    expect(b.getSnapshot().matches('signedIn')).toBe(true);
    // Gone for good: signed out after the second look.
    storage.removeItem(marker);
    news.postMessage('session-changed');
    await waitFor(b, (s) => s.matches('signedOut'), { timeout: 2000 });
    news.close();
    a.stop();
    b.stop();
  });

  it('a tab in the middle of a challenge takes up a sign-in done in another', async () => {
    const { a, b, transportA, transportB } = await twoTabs();
    transportB.reply('InitiateAuth', { ChallengeName: 'SMS_MFA', Session: 's'.repeat(40), ChallengeParameters: { USER_ID_FOR_SRP: 'alice' } });
    b.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    await waitFor(b, (s) => s.matches('challenge'));
    transportA.reply('InitiateAuth', { AuthenticationResult: fakeTokens() });
    a.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    const settled = await waitFor(b, (s) => s.matches('signedIn'), { timeout: 2000 });
    expect(settled.context.challenge).toBeNull();
    a.stop();
    b.stop();
  });
});

describe('the refresh lock', () => {
  it('a refresh that waited for the lock takes the tokens the holder stored instead of sending another', async () => {
    const storage = memoryStorage();
    let queue = Promise.resolve();
    let calls = 0;
    const mutex: RefreshLock = (task) => {
      // The second caller finds the lock taken by the first.
      const waited = calls++ > 0;
      const run = queue.then(() => task(waited));
      queue = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    };
    const transport = scriptedTransport({ InitiateAuth: [{ AuthenticationResult: fakeTokens() }] });
    transport.reply('InitiateAuth', () => new Promise((r) => setTimeout(() => r({ AuthenticationResult: fakeTokens({ issuedAt: Date.now() + 5000 }) }), 20)));
    const services = serviceActors(createAuthServices({ transport, storage, userPoolId: POOL_ID, clientId: CLIENT_ID, refreshLock: mutex }));
    const signIn = createActor(services.signIn, { input: { username: 'alice', authFlow: 'CUSTOM_WITHOUT_SRP' } }).start();
    const step = await toPromise(signIn);
    if (step.type !== 'signedIn') throw new Error('expected tokens');
    const session = { user: step.user, tokens: step.tokens };
    const tab1 = createActor(services.refreshTokens, { input: session }).start();
    const tab2 = createActor(services.refreshTokens, { input: session }).start();
    const [one, two] = await Promise.all([toPromise(tab1), toPromise(tab2)]);
    expect(transport.callsOf('InitiateAuth').filter((i) => (i as { AuthFlow: string }).AuthFlow === 'REFRESH_TOKEN_AUTH')).toHaveLength(1);
    expect(two.tokens.accessToken).toBe(one.tokens.accessToken);
    expect(one.tokens.accessToken).not.toBe(session.tokens.accessToken);
  });
});
