import { afterEach, describe, expect, it } from 'vitest';
import { cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID, fakeTokens } from '../support/fake-tokens.js';
import { startAuth, stopAll } from '../support/auth-harness.js';

afterEach(stopAll);

const PASSWORD = 'Sign-up-Pa55word!';
const SUB = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const EMAIL_DELIVERY = { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' };

describe('SIGN_UP', () => {
  it('sends SignUp with Cognito attribute names, validation data and metadata, and waits for the code', async () => {
    const h = await startAuth({ script: { SignUp: [{ UserConfirmed: false, UserSub: SUB, CodeDeliveryDetails: EMAIL_DELIVERY }] } });
    h.send({
      type: 'SIGN_UP',
      username: 'alice',
      password: PASSWORD,
      attributes: { email: 'alice@example.com', phoneNumber: '+14325551212', 'custom:favorite_flavor': 'vanilla' },
      validationData: { captcha: 'ok' },
      clientMetadata: { source: 'web' },
    });
    expect(h.snapshot().hasTag('busy')).toBe(true);
    await h.settle();

    expect(h.transport.calls).toEqual([
      {
        op: 'SignUp',
        input: {
          ClientId: CLIENT_ID,
          Username: 'alice',
          Password: PASSWORD,
          UserAttributes: [
            { Name: 'email', Value: 'alice@example.com' },
            { Name: 'phone_number', Value: '+14325551212' },
            { Name: 'custom:favorite_flavor', Value: 'vanilla' },
          ],
          ValidationData: [{ Name: 'captcha', Value: 'ok' }],
          ClientMetadata: { source: 'web' },
        },
      },
    ]);
    expect(h.value()).toEqual({ confirmingSignUp: 'idle' });
    expect(h.context().error).toBeNull();
    expect(h.context().signUp).toEqual({
      username: 'alice',
      autoSignIn: false,
      userSub: SUB,
      codeDelivery: { destination: 'a***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' },
      clientMetadata: { source: 'web' },
    });
    expect(h.events).toEqual([
      {
        type: 'signUp',
        user: { username: 'alice', userSub: SUB },
        userConfirmed: false,
        codeDelivery: { destination: 'a***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' },
      },
    ]);
  });

  it('sends empty UserAttributes and no ValidationData or ClientMetadata when none are given', async () => {
    const h = await startAuth({ script: { SignUp: [{ UserConfirmed: false, UserSub: SUB }] } });
    h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.callsOf('SignUp')).toEqual([{ ClientId: CLIENT_ID, Username: 'alice', Password: PASSWORD, UserAttributes: [] }]);
    expect(h.value()).toEqual({ confirmingSignUp: 'idle' });
  });

  it('does not keep the password when auto sign-in is off', async () => {
    const h = await startAuth({ script: { SignUp: [{ UserConfirmed: false, UserSub: SUB }] } });
    h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD, autoSignIn: false });
    await h.settle();
    expect(h.context().signUp?.password).toBeUndefined();
  });

  it('an already confirmed user with autoSignIn signs in at once with the password from SIGN_UP', async () => {
    const tokens = fakeTokens({ sub: SUB });
    const h = await startAuth({
      script: { SignUp: [{ UserConfirmed: true, UserSub: SUB }], InitiateAuth: [{ AuthenticationResult: tokens }] },
    });
    h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD, autoSignIn: true, clientMetadata: { k: 'v' } });
    expect(h.value()).toBe('signingUp');
    await h.settle();

    expect(h.ops()).toEqual(['SignUp', 'InitiateAuth']);
    expect(h.callsOf('InitiateAuth')[0]).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: 'alice', PASSWORD: PASSWORD },
      ClientMetadata: { k: 'v' },
    });
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['signUp', 'signIn', 'autoSignIn']);
    expect(h.events[0]).toMatchObject({ type: 'signUp', userConfirmed: true, user: { username: 'alice', userSub: SUB } });
    expect(h.events[2]).toMatchObject({ type: 'autoSignIn', user: { username: 'alice', userSub: SUB } });
    expect(h.context().signUp?.password).toBeUndefined();
    expect(h.context().user?.userSub).toBe(SUB);
  });

  it('passes through autoSigningIn on the way', async () => {
    const h = await startAuth({
      script: { SignUp: [{ UserConfirmed: true, UserSub: SUB }], InitiateAuth: [{ AuthenticationResult: fakeTokens() }] },
    });
    const seen: unknown[] = [];
    h.auth.subscribe((s) => seen.push(s.value));
    h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD, autoSignIn: true });
    await h.settle();
    expect(seen).toContain('autoSigningIn');
  });

  it('an already confirmed user without autoSignIn ends signed out with signUp emitted', async () => {
    const h = await startAuth({ script: { SignUp: [{ UserConfirmed: true, UserSub: SUB }] } });
    h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.types()).toEqual(['signUp']);
    expect(h.context().signUp).toBeNull();
    expect(h.ops()).toEqual(['SignUp']);
  });

  it('UsernameExistsException → signedOut with the error and signUp_failure', async () => {
    const h = await startAuth({ script: { SignUp: [cognitoError('UsernameExistsException', 'User already exists')] } });
    h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD, autoSignIn: true });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('UsernameExistsException');
    expect(h.types()).toEqual(['signUp_failure']);
    expect(h.events[0]).toMatchObject({ error: { name: 'UsernameExistsException', message: 'User already exists' } });
    expect(h.context().signUp).toBeNull();
  });

  it('InvalidPasswordException → signedOut with signUp_failure', async () => {
    const h = await startAuth({ script: { SignUp: [cognitoError('InvalidPasswordException')] } });
    h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('InvalidPasswordException');
    expect(h.types()).toEqual(['signUp_failure']);
  });

  it('a confirmed sign-up whose auto sign-in fails emits autoSignIn_failure and forgets the password', async () => {
    const h = await startAuth({
      script: {
        SignUp: [{ UserConfirmed: true, UserSub: SUB }],
        InitiateAuth: [cognitoError('NotAuthorizedException', 'Incorrect username or password.')],
      },
    });
    h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD, autoSignIn: true });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('NotAuthorizedException');
    expect(h.types()).toEqual(['signUp', 'signIn_failure', 'autoSignIn_failure']);
    expect(h.context().signUp?.password).toBeUndefined();
  });
});
