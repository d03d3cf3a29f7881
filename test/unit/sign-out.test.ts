import { afterEach, describe, expect, it } from 'vitest';
import { cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID } from '../support/fake-tokens.js';
import { networkFailure, refreshedTokens, signedInHarness, startAuth, stopAll } from '../support/auth-harness.js';

afterEach(stopAll);

describe('SIGN_OUT', () => {
  it('revokes the refresh token when the access token has origin_jti, clears storage, emits signOut', async () => {
    const h = await signedInHarness();
    h.transport.reply('RevokeToken', {});
    h.send({ type: 'SIGN_OUT' });
    expect(h.value()).toEqual({ signingOut: 'local' });
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth', 'RevokeToken']);
    expect(h.callsOf('RevokeToken')).toEqual([{ Token: h.tokens.RefreshToken, ClientId: CLIENT_ID }]);
    expect(h.value()).toBe('signedOut');
    expect(h.context().user).toBeNull();
    expect(h.context().tokens).toBeNull();
    expect(h.context().error).toBeNull();
    expect(h.storedKeys()).toEqual([]);
    expect(h.events).toEqual([{ type: 'signOut', global: false }]);
  });

  it('revokes even without origin_jti, ignoring UnsupportedTokenTypeException', async () => {
    // Amplify v6 skips RevokeToken without origin_jti; this library sends it whenever it holds a refresh token.
    const h = await signedInHarness({ tokens: { originJti: null } });
    h.transport.reply('RevokeToken', cognitoError('UnsupportedTokenTypeException'));
    h.send({ type: 'SIGN_OUT', global: false });
    await h.settle();
    expect(h.callsOf('RevokeToken')).toEqual([{ Token: h.tokens.RefreshToken, ClientId: CLIENT_ID }]);
    expect(h.value()).toBe('signedOut');
    expect(h.context().error).toBeNull();
    expect(h.storedKeys()).toEqual([]);
    expect(h.types()).toEqual(['signOut']);
  });

  it('sends no RevokeToken without a refresh token', async () => {
    const h = await startAuth({ script: { InitiateAuth: [{ AuthenticationResult: refreshedTokens() }] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: 'Corr3ct-Horse!' });
    await h.settle();
    expect(h.context().tokens?.refreshToken).toBeUndefined();
    h.send({ type: 'SIGN_OUT' });
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth']);
    expect(h.value()).toBe('signedOut');
    expect(h.storedKeys()).toEqual([]);
  });

  it('still signs out and clears storage when RevokeToken fails with a NetworkError', async () => {
    const h = await signedInHarness();
    h.transport.reply('RevokeToken', networkFailure());
    h.send({ type: 'SIGN_OUT' });
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth', 'RevokeToken']);
    expect(h.value()).toBe('signedOut');
    expect(h.storedKeys()).toEqual([]);
    expect(h.context().tokens).toBeNull();
    expect(h.types()).toEqual(['signOut']);
  });

  it('still signs out when RevokeToken is refused (UnsupportedOperationException)', async () => {
    const h = await signedInHarness();
    h.transport.reply('RevokeToken', cognitoError('UnsupportedOperationException'));
    h.send({ type: 'SIGN_OUT' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.storedKeys()).toEqual([]);
  });
});

describe('SIGN_OUT { global: true }', () => {
  it('sends GlobalSignOut with the access token, clears storage, emits signOut global', async () => {
    const h = await signedInHarness();
    h.transport.reply('GlobalSignOut', {});
    h.send({ type: 'SIGN_OUT', global: true });
    expect(h.value()).toEqual({ signingOut: 'global' });
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth', 'GlobalSignOut']);
    expect(h.callsOf('GlobalSignOut')).toEqual([{ AccessToken: h.tokens.AccessToken }]);
    expect(h.value()).toBe('signedOut');
    expect(h.storedKeys()).toEqual([]);
    expect(h.events).toEqual([{ type: 'signOut', global: true }]);
  });

  it('a NetworkError stays signedIn with the error and leaves storage untouched', async () => {
    const h = await signedInHarness();
    const stored = h.storage.snapshot();
    h.transport.reply('GlobalSignOut', networkFailure());
    h.send({ type: 'SIGN_OUT', global: true });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.errorName()).toBe('NetworkError');
    expect(h.storage.snapshot()).toEqual(stored);
    expect(h.context().tokens?.accessToken).toBe(h.tokens.AccessToken);
    expect(h.events).toEqual([]);
  });

  it('NotAuthorizedException (already revoked) → signedOut, storage cleared', async () => {
    const h = await signedInHarness();
    h.transport.reply('GlobalSignOut', cognitoError('NotAuthorizedException', 'Access Token has been revoked'));
    h.send({ type: 'SIGN_OUT', global: true });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('NotAuthorizedException');
    expect(h.storedKeys()).toEqual([]);
    expect(h.types()).toEqual(['signOut']);
  });
});
