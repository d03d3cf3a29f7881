import { describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { authFactory } from '../../runtime/create-auth.js';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { scriptedTransport, cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';

const createAuth = authFactory({ defaultAuthFlow: 'USER_PASSWORD_AUTH' });

describe('smoke', () => {
  it('signs in with USER_PASSWORD_AUTH', async () => {
    const transport = scriptedTransport({ InitiateAuth: [{ AuthenticationResult: fakeTokens({ attributes: { email: 'a@example.com' } }) }] });
    const storage = memoryStorage();
    const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport, storage });
    await waitFor(auth, (s) => !s.hasTag('busy'));
    expect(auth.getSnapshot().value).toBe('signedOut');
    const seen: string[] = [];
    auth.on('*', (e) => seen.push(e.type));
    auth.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    await waitFor(auth, (s) => !s.hasTag('busy'));
    expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
    expect(auth.getSnapshot().context.user?.attributes.email).toBe('a@example.com');
    expect(seen).toEqual(['signIn']);
    expect(transport.calls[0]).toEqual({
      op: 'InitiateAuth',
      input: { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice', PASSWORD: 'Passw0rd!' } },
    });
    expect(Object.keys(storage.snapshot()).sort()).toContain(`CognitoIdentityServiceProvider.${CLIENT_ID}.LastAuthUser`);
    auth.stop();
  });

  it('SMS MFA with a wrong code, then the right one', async () => {
    const transport = scriptedTransport({
      InitiateAuth: [{ ChallengeName: 'SMS_MFA', Session: 'x'.repeat(40), ChallengeParameters: { CODE_DELIVERY_DESTINATION: '+*******0008', CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', USER_ID_FOR_SRP: 'alice' } }],
      RespondToAuthChallenge: [cognitoError('CodeMismatchException'), { AuthenticationResult: fakeTokens() }],
    });
    const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport });
    await waitFor(auth, (s) => !s.hasTag('busy'));
    auth.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!' });
    await waitFor(auth, (s) => !s.hasTag('busy'));
    expect(auth.getSnapshot().matches({ challenge: 'smsMfa' })).toBe(true);
    auth.send({ type: 'CONFIRM_SIGN_IN', code: '000000' });
    await waitFor(auth, (s) => !s.hasTag('busy'));
    expect(auth.getSnapshot().matches({ challenge: 'smsMfa' })).toBe(true);
    expect(auth.getSnapshot().context.error?.name).toBe('CodeMismatchException');
    auth.send({ type: 'CONFIRM_SIGN_IN', code: '123456' });
    await waitFor(auth, (s) => !s.hasTag('busy'));
    expect(auth.getSnapshot().matches('signedIn')).toBe(true);
    expect(transport.callsOf('RespondToAuthChallenge')[1]).toMatchObject({ ChallengeName: 'SMS_MFA', ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' } });
    auth.stop();
  });

  it('rejects bad input without calling', async () => {
    const transport = scriptedTransport();
    const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport });
    await waitFor(auth, (s) => !s.hasTag('busy'));
    auth.send({ type: 'SIGN_UP', username: '', password: 'Passw0rd!', attributes: { phone_number: '555', foo: 'bar' } });
    const { error } = auth.getSnapshot().context;
    expect(error?.name).toBe('ValidationError');
    expect(error?.fields?.map((f) => f.path).sort()).toEqual(['attributes.foo', 'attributes.phone_number', 'username']);
    expect(transport.calls).toHaveLength(0);
    auth.stop();
  });
});
