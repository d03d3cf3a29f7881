import { afterEach, describe, expect, it } from 'vitest';
import { waitFor, type Snapshot } from 'xstate';
import type { AuthEmitted } from '../../machines/auth-types.js';
import { cognitoError, scriptedTransport } from '../support/scripted-transport.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { createAuth, session, startAuth, stopAll, type HarnessOptions } from '../support/auth-harness.js';

afterEach(stopAll);

const PASSWORD = 'Sign-up-Pa55word!';
const SUB = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const SMS_DELIVERY = { Destination: '+*******1212', DeliveryMedium: 'SMS', AttributeName: 'phone_number' };

/** A harness in confirmingSignUp.idle after an unconfirmed SIGN_UP. */
async function pendingSignUp(autoSignIn: boolean, script: HarnessOptions['script'] = {}) {
  const h = await startAuth({ script: { SignUp: [{ UserConfirmed: false, UserSub: SUB }], ...script } });
  h.send({ type: 'SIGN_UP', username: 'alice', password: PASSWORD, autoSignIn, clientMetadata: { app: 'demo' } });
  await h.settle();
  expect(h.value()).toEqual({ confirmingSignUp: 'idle' });
  expect(JSON.stringify(h.snapshot())).not.toContain(PASSWORD);
  h.clearEvents();
  return h;
}

describe('RESEND_SIGN_UP_CODE', () => {
  it('sends ResendConfirmationCode for the pending username and stores the new delivery', async () => {
    const h = await pendingSignUp(false, { ResendConfirmationCode: [{ CodeDeliveryDetails: SMS_DELIVERY }] });
    h.send({ type: 'RESEND_SIGN_UP_CODE' });
    expect(h.value()).toEqual({ confirmingSignUp: 'resending' });
    await h.settle();
    expect(h.callsOf('ResendConfirmationCode')).toEqual([{ ClientId: CLIENT_ID, Username: 'alice' }]);
    expect(h.value()).toEqual({ confirmingSignUp: 'idle' });
    expect(h.context().signUp?.codeDelivery).toEqual({ destination: '+*******1212', deliveryMedium: 'SMS', attributeName: 'phone_number' });
    expect(h.context().error).toBeNull();
  });

  it('from signedOut with a username and clientMetadata', async () => {
    const h = await startAuth({ script: { ResendConfirmationCode: [{ CodeDeliveryDetails: SMS_DELIVERY }] } });
    h.send({ type: 'RESEND_SIGN_UP_CODE', username: 'bob', clientMetadata: { a: 'b' } });
    await h.settle();
    expect(h.callsOf('ResendConfirmationCode')).toEqual([{ ClientId: CLIENT_ID, Username: 'bob', ClientMetadata: { a: 'b' } }]);
    expect(h.value()).toEqual({ confirmingSignUp: 'idle' });
    expect(h.context().signUp?.username).toBe('bob');
  });

  it('LimitExceededException stays in confirmingSignUp.idle with the error', async () => {
    const h = await pendingSignUp(false, { ResendConfirmationCode: [cognitoError('LimitExceededException')] });
    h.send({ type: 'RESEND_SIGN_UP_CODE' });
    await h.settle();
    expect(h.value()).toEqual({ confirmingSignUp: 'idle' });
    expect(h.errorName()).toBe('LimitExceededException');
  });
});

describe('CONFIRM_SIGN_UP', () => {
  it('sends ConfirmSignUp with ForceAliasCreation true by default and ends signed out', async () => {
    const h = await pendingSignUp(false, { ConfirmSignUp: [{}] });
    h.send({ type: 'CONFIRM_SIGN_UP', code: '482915' });
    await h.settle();
    expect(h.callsOf('ConfirmSignUp')).toEqual([
      { ClientId: CLIENT_ID, Username: 'alice', ConfirmationCode: '482915', ForceAliasCreation: true },
    ]);
    expect(h.value()).toBe('signedOut');
    expect(h.types()).toEqual(['confirmSignUp']);
    expect(h.events[0]).toEqual({ type: 'confirmSignUp', username: 'alice' });
    expect(h.context().signUp).toBeNull();
  });

  it('sends ForceAliasCreation false when given, with the username and clientMetadata of the event', async () => {
    const h = await startAuth({ script: { ConfirmSignUp: [{}] } });
    h.send({ type: 'CONFIRM_SIGN_UP', username: 'bob', code: '482915', forceAliasCreation: false, clientMetadata: { x: 'y' } });
    expect(h.value()).toEqual({ confirmingSignUp: 'submitting' });
    await h.settle();
    expect(h.callsOf('ConfirmSignUp')).toEqual([
      { ClientId: CLIENT_ID, Username: 'bob', ConfirmationCode: '482915', ForceAliasCreation: false, ClientMetadata: { x: 'y' } },
    ]);
    expect(h.value()).toBe('signedOut');
    expect(h.events).toEqual([{ type: 'confirmSignUp', username: 'bob' }]);
  });

  it('CodeMismatchException stays in confirmingSignUp.idle with the error and confirmSignUp_failure', async () => {
    const h = await pendingSignUp(true, { ConfirmSignUp: [cognitoError('CodeMismatchException'), {}], InitiateAuth: [{ AuthenticationResult: fakeTokens() }] });
    h.send({ type: 'CONFIRM_SIGN_UP', code: '000999' });
    await h.settle();
    expect(h.value()).toEqual({ confirmingSignUp: 'idle' });
    expect(h.errorName()).toBe('CodeMismatchException');
    expect(h.types()).toEqual(['confirmSignUp_failure']);
    // The password is still held for the auto sign-in that follows the right code.
    expect(h.context().signUp?.password).toBeDefined();
    expect(JSON.stringify(h.snapshot())).not.toContain(PASSWORD);

    h.send({ type: 'CONFIRM_SIGN_UP', code: '482915' });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.context().error).toBeNull();
  });

  it('success with autoSignIn signs in with the password from SIGN_UP, then forgets it', async () => {
    const tokens = fakeTokens({ sub: SUB });
    const h = await pendingSignUp(true, { ConfirmSignUp: [{}], InitiateAuth: [{ AuthenticationResult: tokens }] });
    const values: unknown[] = [];
    const snapshots: string[] = [];
    h.auth.subscribe((s) => {
      values.push(s.value);
      snapshots.push(JSON.stringify(s));
    });
    h.send({ type: 'CONFIRM_SIGN_UP', code: '482915' });
    await h.settle();
    expect(h.ops()).toEqual(['SignUp', 'ConfirmSignUp', 'InitiateAuth']);
    expect(h.callsOf('InitiateAuth')[0]).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: 'alice', PASSWORD },
      ClientMetadata: { app: 'demo' },
    });
    expect(values).toContain('autoSigningIn');
    expect(snapshots.length).toBeGreaterThan(2);
    for (const json of snapshots) expect(json).not.toContain(PASSWORD);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['confirmSignUp', 'signIn', 'autoSignIn']);
    expect(h.events[2]).toMatchObject({ type: 'autoSignIn', user: { username: 'alice', userSub: SUB } });
    expect(h.context().signUp?.password).toBeUndefined();
  });

  it('autoSignIn_failure when the auto sign-in fails, and the password is gone', async () => {
    const h = await pendingSignUp(true, {
      ConfirmSignUp: [{}],
      InitiateAuth: [cognitoError('NotAuthorizedException', 'Incorrect username or password.')],
    });
    h.send({ type: 'CONFIRM_SIGN_UP', code: '482915' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('NotAuthorizedException');
    expect(h.types()).toEqual(['confirmSignUp', 'signIn_failure', 'autoSignIn_failure']);
    expect(h.context().signUp?.password).toBeUndefined();
  });

  it('auto sign-in that meets a challenge forgets the password and emits autoSignIn once signed in', async () => {
    const h = await pendingSignUp(true, {
      ConfirmSignUp: [{}],
      InitiateAuth: [{ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: session('totp'), ChallengeParameters: { USERNAME: 'alice' } }],
      RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens() }],
    });
    h.send({ type: 'CONFIRM_SIGN_UP', code: '482915' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: 'totpMfa' });
    expect(h.context().signUp?.password).toBeUndefined();
    h.send({ type: 'CONFIRM_SIGN_IN', code: '246810' });
    await h.settle();
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['confirmSignUp', 'signIn', 'autoSignIn']);
  });

  it('CANCEL with a pending auto sign-in emits autoSignIn_failure and drops the sign-up', async () => {
    const h = await pendingSignUp(true);
    h.send({ type: 'CANCEL' });
    expect(h.value()).toBe('signedOut');
    expect(h.types()).toEqual(['autoSignIn_failure']);
    expect(h.events[0]).toMatchObject({ error: { name: 'AutoSignInError' } });
    expect(h.context().signUp).toBeNull();
    expect(h.ops()).toEqual(['SignUp']);
  });

  it('CANCEL without auto sign-in emits nothing', async () => {
    const h = await pendingSignUp(false);
    h.send({ type: 'CANCEL' });
    expect(h.value()).toBe('signedOut');
    expect(h.events).toEqual([]);
  });

  it('a confirmation for another username starts over without auto sign-in', async () => {
    const h = await pendingSignUp(true, { ConfirmSignUp: [{}] });
    h.send({ type: 'CONFIRM_SIGN_UP', username: 'carol', code: '482915' });
    await h.settle();
    expect(h.callsOf('ConfirmSignUp')[0]).toMatchObject({ Username: 'carol' });
    expect(h.value()).toBe('signedOut');
    expect(h.ops()).toEqual(['SignUp', 'ConfirmSignUp']);
    expect(h.context().signUp).toBeNull();
    expect(h.types()).toEqual(['autoSignIn_failure', 'confirmSignUp']);
    expect(h.events[1]).toEqual({ type: 'confirmSignUp', username: 'carol' });
  });
});

describe('resumed from a persisted snapshot', () => {
  it('a pending auto sign-in cannot use the redacted password: confirmSignUp, then autoSignIn_failure, no InitiateAuth', async () => {
    const before = await pendingSignUp(true);
    const persisted = JSON.parse(JSON.stringify(before.auth.getPersistedSnapshot())) as Snapshot<unknown>;
    expect(JSON.stringify(persisted)).not.toContain(PASSWORD);
    before.auth.stop();

    const transport = scriptedTransport({ ConfirmSignUp: [{}], InitiateAuth: [{ AuthenticationResult: fakeTokens() }] });
    const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport }, { snapshot: persisted });
    const events: AuthEmitted[] = [];
    auth.on('*', (e) => void events.push(e));
    expect(auth.getSnapshot().value).toEqual({ confirmingSignUp: 'idle' });
    auth.send({ type: 'CONFIRM_SIGN_UP', code: '482915' });
    const after = await waitFor(auth, (s) => !s.hasTag('busy'));
    auth.stop();
    expect(transport.calls.map((c) => c.op)).toEqual(['ConfirmSignUp']);
    expect(after.value).toBe('signedOut');
    expect(after.context.signUp).toBeNull();
    expect(events.map((e) => e.type)).toEqual(['confirmSignUp', 'autoSignIn_failure']);
    expect(events[1]).toMatchObject({ error: { name: 'AutoSignInError' } });
  });

  it('a pending challenge is answered with its Cognito session', async () => {
    const before = await startAuth({ script: { InitiateAuth: [{ ChallengeName: 'SMS_MFA', Session: session('sms'), ChallengeParameters: { USERNAME: 'alice' } }] } });
    before.send({ type: 'SIGN_IN', username: 'alice', password: PASSWORD });
    await before.settle();
    const persisted = JSON.parse(JSON.stringify(before.auth.getPersistedSnapshot())) as Snapshot<unknown>;
    before.auth.stop();

    const transport = scriptedTransport({ RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens() }] });
    const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport }, { snapshot: persisted });
    auth.send({ type: 'CONFIRM_SIGN_IN', code: '902113' });
    const after = await waitFor(auth, (s) => !s.hasTag('busy'));
    auth.stop();
    expect(transport.callsOf('RespondToAuthChallenge')).toEqual([
      { ClientId: CLIENT_ID, ChallengeName: 'SMS_MFA', Session: session('sms'), ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '902113' } },
    ]);
    expect(after.value).toEqual({ signedIn: 'idle' });
  });
});
