import { afterEach, describe, expect, it } from 'vitest';
import { browserWebAuthn, passkeys, type WebAuthnAdapter } from '../../passkeys.js';
import { Secret } from '../../machines/secret.js';
import { ceremonyError } from '../../services/passkey-services.js';
import { cognitoError } from '../support/scripted-transport.js';
import { session, signedInHarness, startAuth, stopAll } from '../support/auth-harness.js';
import { fakeTokens } from '../support/fake-tokens.js';

afterEach(stopAll);

const REQUEST_OPTIONS = JSON.stringify({ challenge: '9DAxgg4vPiaxvAxc-JbMuw', rpId: 'localhost', allowCredentials: [{ id: 'AQID', type: 'public-key' }], userVerification: 'required', timeout: 180000 });
const ASSERTION = JSON.stringify({ id: 'AQID', rawId: 'AQID', type: 'public-key', response: { authenticatorData: 'YXV0aA', clientDataJSON: 'Y2xpZW50', signature: 'c2lnbmF0dXJlLW9mLXRoZS1hc3NlcnRpb24' }, clientExtensionResults: {} });
const CREATION_OPTIONS = { rp: { id: 'localhost', name: 'app' }, user: { id: 'dXNlcg', name: 'alice', displayName: '' }, challenge: 'Y2hhbGxlbmdl', pubKeyCredParams: [{ type: 'public-key', alg: -7 }] };
const REGISTRATION = { id: 'BAUG', rawId: 'BAUG', type: 'public-key', response: { clientDataJSON: 'Y2xpZW50', attestationObject: 'YXR0', transports: ['internal'] }, clientExtensionResults: {} };

/** An adapter that records what it was asked and answers from a queue (an Error rejects). */
function fakeAdapter(gets: (string | Error)[] = [ASSERTION], creates: (string | Error)[] = [JSON.stringify(REGISTRATION)]) {
  const asked = { get: [] as string[], create: [] as string[] };
  const adapter: WebAuthnAdapter = {
    get: async (json) => {
      asked.get.push(json);
      const next = gets.shift();
      if (next instanceof Error) throw next;
      return next!;
    },
    create: async (json) => {
      asked.create.push(json);
      const next = creates.shift();
      if (next instanceof Error) throw next;
      return next!;
    },
  };
  return { adapter, asked };
}

const webAuthnChallenge = { ChallengeName: 'WEB_AUTHN', Session: session('w'), ChallengeParameters: { USERNAME: 'alice', CREDENTIAL_REQUEST_OPTIONS: REQUEST_OPTIONS } };
const cancelled = () => new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError');

describe('WEB_AUTHN sign-in', () => {
  it('runs the ceremony with CREDENTIAL_REQUEST_OPTIONS and answers CREDENTIAL with the assertion', async () => {
    const { adapter, asked } = fakeAdapter();
    const tokens = fakeTokens();
    const h = await startAuth({
      features: { passkeys: passkeys({ adapter }) },
      config: { authFlow: 'USER_AUTH' },
      script: { InitiateAuth: [webAuthnChallenge], RespondToAuthChallenge: [{ AuthenticationResult: tokens }] },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', preferredChallenge: 'WEB_AUTHN' });
    await h.settle();
    expect(h.snapshot().matches('signedIn')).toBe(true);
    expect(asked.get).toEqual([REQUEST_OPTIONS]);
    expect(h.callsOf('InitiateAuth')[0]).toEqual({ AuthFlow: 'USER_AUTH', ClientId: expect.any(String), AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'WEB_AUTHN' } });
    expect(h.callsOf('RespondToAuthChallenge')[0]).toEqual({
      ClientId: expect.any(String),
      ChallengeName: 'WEB_AUTHN',
      Session: session('w'),
      ChallengeResponses: { USERNAME: 'alice', CREDENTIAL: ASSERTION },
    });
  });

  it('SELECT_CHALLENGE WEB_AUTHN leads to the ceremony', async () => {
    const { adapter, asked } = fakeAdapter();
    const h = await startAuth({
      features: { passkeys: passkeys({ adapter }) },
      config: { authFlow: 'USER_AUTH' },
      script: {
        InitiateAuth: [{ ChallengeName: 'SELECT_CHALLENGE', Session: session('s'), AvailableChallenges: ['PASSWORD', 'WEB_AUTHN'], ChallengeParameters: { USERNAME: 'alice' } }],
        RespondToAuthChallenge: [webAuthnChallenge, { AuthenticationResult: fakeTokens() }],
      },
    });
    h.send({ type: 'SIGN_IN', username: 'alice' });
    await h.settle();
    h.send({ type: 'SELECT_CHALLENGE', challenge: 'WEB_AUTHN' });
    await h.settle();
    expect(h.snapshot().matches('signedIn')).toBe(true);
    expect(h.callsOf('RespondToAuthChallenge').map((c) => (c as { ChallengeResponses: unknown }).ChallengeResponses)).toEqual([
      { USERNAME: 'alice', ANSWER: 'WEB_AUTHN' },
      { USERNAME: 'alice', CREDENTIAL: ASSERTION },
    ]);
    expect(asked.get).toHaveLength(1);
  });

  it('a cancelled ceremony sets WebAuthnCancelledError, sends nothing, and waits for RETRY', async () => {
    const { adapter, asked } = fakeAdapter([cancelled(), ASSERTION]);
    const h = await startAuth({
      features: { passkeys: passkeys({ adapter }) },
      config: { authFlow: 'USER_AUTH' },
      script: { InitiateAuth: [webAuthnChallenge], RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens() }] },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', preferredChallenge: 'WEB_AUTHN' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: { webAuthn: 'failed' } });
    expect(h.errorName()).toBe('WebAuthnCancelledError');
    expect(h.types()).toEqual(['confirmSignIn_failure']);
    expect(h.ops()).toEqual(['InitiateAuth']);
    h.send({ type: 'RETRY' });
    await h.settle();
    expect(h.snapshot().matches('signedIn')).toBe(true);
    expect(asked.get).toHaveLength(2);
  });

  it('another failure is WebAuthnError; CANCEL then leaves for signedOut', async () => {
    const { adapter } = fakeAdapter([new TypeError('no authenticator')]);
    const h = await startAuth({ features: { passkeys: passkeys({ adapter }) }, config: { authFlow: 'USER_AUTH' }, script: { InitiateAuth: [webAuthnChallenge] } });
    h.send({ type: 'SIGN_IN', username: 'alice', preferredChallenge: 'WEB_AUTHN' });
    await h.settle();
    expect(h.errorName()).toBe('WebAuthnError');
    expect(h.context().error?.message).toBe('The passkey ceremony failed: no authenticator');
    h.send({ type: 'CANCEL' });
    expect(h.value()).toBe('signedOut');
    expect(h.context().challenge).toBeNull();
  });

  it('an assertion Cognito refuses as NotAuthorizedException ends the sign-in', async () => {
    const { adapter } = fakeAdapter();
    const h = await startAuth({
      features: { passkeys: passkeys({ adapter }) },
      config: { authFlow: 'USER_AUTH' },
      script: { InitiateAuth: [webAuthnChallenge], RespondToAuthChallenge: [cognitoError('NotAuthorizedException', 'Incorrect username or password.')] },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', preferredChallenge: 'WEB_AUTHN' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('NotAuthorizedException');
  });

  it('the assertion never reaches the snapshot or the emitted events', async () => {
    const { adapter } = fakeAdapter();
    const h = await startAuth({
      features: { passkeys: passkeys({ adapter }) },
      config: { authFlow: 'USER_AUTH' },
      script: { InitiateAuth: [webAuthnChallenge], RespondToAuthChallenge: [cognitoError('CodeMismatchException')] },
    });
    h.send({ type: 'SIGN_IN', username: 'alice', preferredChallenge: 'WEB_AUTHN' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: { webAuthn: 'failed' } });
    expect(JSON.stringify(h.auth.getPersistedSnapshot())).not.toContain('c2lnbmF0dXJlLW9mLXRoZS1hc3NlcnRpb24');
    expect(JSON.stringify(h.events)).not.toContain('c2lnbmF0dXJlLW9mLXRoZS1hc3NlcnRpb24');
  });

  it('without passkeys() the challenge fails with PasskeysNotConfiguredError and nothing more is sent', async () => {
    const h = await startAuth({ config: { authFlow: 'USER_AUTH' }, script: { InitiateAuth: [webAuthnChallenge] } });
    h.send({ type: 'SIGN_IN', username: 'alice', preferredChallenge: 'WEB_AUTHN' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: { webAuthn: 'failed' } });
    expect(h.errorName()).toBe('PasskeysNotConfiguredError');
    expect(h.ops()).toEqual(['InitiateAuth']);
  });

  it('WEB_AUTHN_CREDENTIAL from the app is refused: only the ceremony answers', async () => {
    const { adapter } = fakeAdapter([cancelled()]);
    const h = await startAuth({ features: { passkeys: passkeys({ adapter }) }, config: { authFlow: 'USER_AUTH' }, script: { InitiateAuth: [webAuthnChallenge] } });
    h.send({ type: 'SIGN_IN', username: 'alice', preferredChallenge: 'WEB_AUTHN' });
    await h.settle();
    h.sendRaw({ type: 'WEB_AUTHN_CREDENTIAL', credential: ASSERTION });
    await h.settle();
    expect(h.ops()).toEqual(['InitiateAuth']);
    expect(h.value()).toEqual({ challenge: { webAuthn: 'failed' } });
  });
});

describe('passkeys while signed in', () => {
  it('REGISTER_PASSKEY: StartWebAuthnRegistration, the ceremony with its options, CompleteWebAuthnRegistration', async () => {
    const { adapter, asked } = fakeAdapter();
    const h = await signedInHarness({ features: { passkeys: passkeys({ adapter }) } });
    h.transport.reply('StartWebAuthnRegistration', { CredentialCreationOptions: CREATION_OPTIONS });
    h.transport.reply('CompleteWebAuthnRegistration', {});
    h.send({ type: 'REGISTER_PASSKEY' });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(asked.create).toEqual([JSON.stringify(CREATION_OPTIONS)]);
    expect(h.callsOf('StartWebAuthnRegistration')[0]).toEqual({ AccessToken: h.tokens.AccessToken });
    expect(h.callsOf('CompleteWebAuthnRegistration')[0]).toEqual({ AccessToken: h.tokens.AccessToken, Credential: REGISTRATION });
    expect(h.types()).toEqual(['associateWebAuthnCredential']);
  });

  it('REGISTER_PASSKEY cancelled by the user: WebAuthnCancelledError, no CompleteWebAuthnRegistration, still signed in', async () => {
    const { adapter } = fakeAdapter([], [cancelled()]);
    const h = await signedInHarness({ features: { passkeys: passkeys({ adapter }) } });
    h.transport.reply('StartWebAuthnRegistration', { CredentialCreationOptions: CREATION_OPTIONS });
    h.send({ type: 'REGISTER_PASSKEY' });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.errorName()).toBe('WebAuthnCancelledError');
    expect(h.callsOf('CompleteWebAuthnRegistration')).toEqual([]);
    expect(h.types()).toEqual(['associateWebAuthnCredential_failure']);
  });

  it('FETCH_PASSKEYS reads every page into context.passkeys', async () => {
    const { adapter } = fakeAdapter();
    const h = await signedInHarness({ features: { passkeys: passkeys({ adapter }) } });
    h.transport.reply('ListWebAuthnCredentials', {
      Credentials: [{ CredentialId: 'AQID', FriendlyCredentialName: 'Laptop', RelyingPartyId: 'localhost', AuthenticatorAttachment: 'platform', AuthenticatorTransports: ['internal'], CreatedAt: 1700000000 }],
      NextToken: 'page-2',
    });
    h.transport.reply('ListWebAuthnCredentials', { Credentials: [{ CredentialId: 'BAUG', RelyingPartyId: 'localhost', AuthenticatorTransports: [], CreatedAt: new Date(1700000500000) }] });
    h.send({ type: 'FETCH_PASSKEYS' });
    await h.settle();
    const expected = [
      { credentialId: 'AQID', friendlyCredentialName: 'Laptop', relyingPartyId: 'localhost', authenticatorAttachment: 'platform', authenticatorTransports: ['internal'], createdAt: 1700000000000 },
      { credentialId: 'BAUG', relyingPartyId: 'localhost', authenticatorTransports: [], createdAt: 1700000500000 },
    ];
    expect(h.context().passkeys).toEqual(expected);
    expect(h.callsOf('ListWebAuthnCredentials')).toEqual([
      { AccessToken: h.tokens.AccessToken, MaxResults: 20 },
      { AccessToken: h.tokens.AccessToken, MaxResults: 20, NextToken: 'page-2' },
    ]);
    expect(h.events).toEqual([{ type: 'listWebAuthnCredentials', credentials: expected }]);
  });

  it('DELETE_PASSKEY sends DeleteWebAuthnCredential and drops the stale list', async () => {
    const { adapter } = fakeAdapter();
    const h = await signedInHarness({ features: { passkeys: passkeys({ adapter }) } });
    h.transport.reply('ListWebAuthnCredentials', { Credentials: [{ CredentialId: 'AQID' }] });
    h.send({ type: 'FETCH_PASSKEYS' });
    await h.settle();
    h.transport.reply('DeleteWebAuthnCredential', {});
    h.send({ type: 'DELETE_PASSKEY', credentialId: 'AQID' });
    await h.settle();
    expect(h.callsOf('DeleteWebAuthnCredential')[0]).toEqual({ AccessToken: h.tokens.AccessToken, CredentialId: 'AQID' });
    expect(h.context().passkeys).toBeNull();
    expect(h.events.at(-1)).toEqual({ type: 'deleteWebAuthnCredential', credentialId: 'AQID' });
  });

  it('DELETE_PASSKEY with no credential ID is a ValidationError and sends nothing', async () => {
    const h = await signedInHarness({ features: { passkeys: passkeys({ adapter: fakeAdapter().adapter }) } });
    h.sendRaw({ type: 'DELETE_PASSKEY', credentialId: '' });
    expect(h.errorName()).toBe('ValidationError');
    expect(h.context().error?.message).toBe('DELETE_PASSKEY was not sent: credentialId must not be empty');
    expect(h.ops()).toEqual(['InitiateAuth']);
  });

  it('without passkeys() each passkey event fails with PasskeysNotConfiguredError and sends nothing', async () => {
    const h = await signedInHarness();
    for (const event of [{ type: 'REGISTER_PASSKEY' }, { type: 'FETCH_PASSKEYS' }, { type: 'DELETE_PASSKEY', credentialId: 'AQID' }] as const) {
      h.send(event);
      await h.settle();
      expect(h.value()).toEqual({ signedIn: 'idle' });
      expect(h.errorName()).toBe('PasskeysNotConfiguredError');
    }
    expect(h.ops()).toEqual(['InitiateAuth']);
    expect(h.types()).toEqual(['associateWebAuthnCredential_failure', 'listWebAuthnCredentials_failure', 'deleteWebAuthnCredential_failure']);
  });

  it('createAuth refuses a passkeys option that is not passkeys()', () => {
    expect(() => startAuth({ features: { passkeys: {} as never } })).rejects.toThrow('passkeys must be passkeys({ adapter }) from cognito-auth-machine/passkeys');
  });
});

describe('ceremony errors and the browser adapter', () => {
  it('names NotAllowedError and AbortError as cancelled, anything else as WebAuthnError', () => {
    expect(ceremonyError(cancelled()).name).toBe('WebAuthnCancelledError');
    expect(ceremonyError(new DOMException('aborted', 'AbortError')).name).toBe('WebAuthnCancelledError');
    expect(ceremonyError(new DOMException('bad rp', 'SecurityError')).name).toBe('WebAuthnError');
  });

  it('browserWebAuthn parses with the browser JSON parsers when present and sends toJSON()', async () => {
    const calls: unknown[] = [];
    const adapter = browserWebAuthn({
      credentials: {
        get: async (options) => {
          calls.push(options);
          return { toJSON: () => ({ id: 'AQID' }) } as unknown as Credential;
        },
        create: async () => null,
      },
      PublicKeyCredential: { parseRequestOptionsFromJSON: (json) => ({ parsed: json }) as unknown as PublicKeyCredentialRequestOptions },
    });
    expect(await adapter.get(REQUEST_OPTIONS)).toBe('{"id":"AQID"}');
    expect(calls).toEqual([{ publicKey: { parsed: JSON.parse(REQUEST_OPTIONS) } }]);
    await expect(adapter.create(JSON.stringify(CREATION_OPTIONS))).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('browserWebAuthn falls back to base64url decoding and encoding without the JSON helpers', async () => {
    let seen: PublicKeyCredentialRequestOptions | undefined;
    const bytes = (...values: number[]) => new Uint8Array(values).buffer;
    const adapter = browserWebAuthn({
      credentials: {
        get: async (options) => {
          seen = options.publicKey;
          return {
            id: 'AQID',
            rawId: bytes(1, 2, 3),
            type: 'public-key',
            response: { clientDataJSON: bytes(0xfb, 0xff), authenticatorData: bytes(4), signature: bytes(5), userHandle: null },
            getClientExtensionResults: () => ({}),
            authenticatorAttachment: 'platform',
          } as unknown as Credential;
        },
        create: async () => null,
      },
    });
    const json = JSON.parse(await adapter.get(REQUEST_OPTIONS));
    expect([...new Uint8Array(seen!.allowCredentials![0]!.id as ArrayBuffer)]).toEqual([1, 2, 3]);
    expect(seen!.rpId).toBe('localhost');
    expect(json).toEqual({
      id: 'AQID',
      rawId: 'AQID',
      type: 'public-key',
      response: { clientDataJSON: '-_8', authenticatorData: 'BA', signature: 'BQ' },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    });
  });

  it('a Secret holds the assertion in the chart', () => {
    expect(JSON.stringify({ credential: new Secret(ASSERTION) })).toBe('{"credential":"[redacted]"}');
  });
});
