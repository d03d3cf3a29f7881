import { afterEach, describe, expect, it } from 'vitest';
import { cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID, fakeTokens } from '../support/fake-tokens.js';
import { networkFailure, session, startAuth, stopAll, type HarnessOptions } from '../support/auth-harness.js';

afterEach(stopAll);

const INTERNAL = '9f8e7d6c-0000-4000-8000-123456789abc';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const ADDRESS = 'ada@example.com';
const BOTH = '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]';
const EMAIL_DELIVERY = { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' };

const mfaSetup = (canSetup: string) => ({
  ChallengeName: 'MFA_SETUP',
  Session: session('setup'),
  ChallengeParameters: { MFAS_CAN_SETUP: canSetup, USER_ID_FOR_SRP: INTERNAL },
});

async function inSetup(canSetup: string, script: HarnessOptions['script'] = {}) {
  const h = await startAuth({ script: { InitiateAuth: [mfaSetup(canSetup)], ...script } });
  h.send({ type: 'SIGN_IN', username: 'ada', password: 'Corr3ct-Horse!' });
  await h.settle();
  return h;
}

const emailAnswer = (address = ADDRESS) => ({
  ClientId: CLIENT_ID,
  ChallengeName: 'MFA_SETUP',
  Session: session('setup'),
  ChallengeResponses: { USERNAME: INTERNAL, EMAIL: address },
});

describe('MFA_SETUP offering email', () => {
  it('both offered: choosing, EMAIL, the address answers MFA_SETUP, the emailed code answers EMAIL_OTP', async () => {
    const h = await inSetup(BOTH, {
      RespondToAuthChallenge: [
        { ChallengeName: 'EMAIL_OTP', Session: session('emailed'), ChallengeParameters: { ...EMAIL_DELIVERY, USERNAME: INTERNAL } },
        { AuthenticationResult: fakeTokens({ username: INTERNAL }) },
      ],
    });
    expect(h.value()).toEqual({ challenge: { totpSetup: 'choosing' } });
    expect(h.context().challenge?.mfaTypes).toEqual(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);
    expect(h.ops()).toEqual(['InitiateAuth']);

    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'EMAIL' });
    expect(h.value()).toEqual({ challenge: { totpSetup: 'emailAddress' } });
    expect(h.context().challenge?.mfaSetupChoice).toBe('EMAIL_OTP');
    expect(h.ops()).toEqual(['InitiateAuth']);

    h.send({ type: 'SET_UP_EMAIL_MFA', email: ADDRESS });
    expect(h.value()).toEqual({ challenge: 'responding' });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([emailAnswer()]);
    expect(h.value()).toEqual({ challenge: 'emailOtp' });
    expect(h.context().challenge?.codeDelivery).toEqual({ deliveryMedium: 'EMAIL', destination: 'a***@e***' });

    h.send({ type: 'CONFIRM_SIGN_IN', code: '804215' });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')[1]).toEqual({
      ClientId: CLIENT_ID,
      ChallengeName: 'EMAIL_OTP',
      Session: session('emailed'),
      ChallengeResponses: { USERNAME: INTERNAL, EMAIL_OTP_CODE: '804215' },
    });
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['signIn']);
    expect(h.ops()).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge']);
  });

  it('both offered, TOTP chosen, the association unreachable: back to choosing with the error; choosing again works', async () => {
    const h = await inSetup(BOTH);
    h.transport.reply('AssociateSoftwareToken', networkFailure());
    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'TOTP' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: { totpSetup: 'choosing' } });
    expect(h.errorName()).toBe('NetworkError');
    expect(h.context().challenge?.mfaSetupChoice).toBeUndefined();
    expect(h.types()).toEqual(['confirmSignIn_failure']);
    h.transport.reply('AssociateSoftwareToken', { SecretCode: TOTP_SECRET, Session: session('associated') });
    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'TOTP' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: { totpSetup: 'idle' } });
    expect(h.errorName()).toBeUndefined();
    expect(h.ops()).toEqual(['InitiateAuth', 'AssociateSoftwareToken', 'AssociateSoftwareToken']);
  });

  it('TOTP only, the association refused as the session ended: signed out, as before', async () => {
    const h = await inSetup('["SOFTWARE_TOKEN_MFA"]', { AssociateSoftwareToken: [cognitoError('NotAuthorizedException', 'Invalid session for the user.')] });
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('NotAuthorizedException');
  });

  it('EMAIL_OTP (Cognito’s name) chooses email as EMAIL (Amplify v6’s) does; clientMetadata goes with the address', async () => {
    const h = await inSetup(BOTH, {
      RespondToAuthChallenge: [{ ChallengeName: 'EMAIL_OTP', Session: session('emailed'), ChallengeParameters: EMAIL_DELIVERY }],
    });
    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'EMAIL_OTP' });
    expect(h.value()).toEqual({ challenge: { totpSetup: 'emailAddress' } });
    h.send({ type: 'SET_UP_EMAIL_MFA', email: ADDRESS, clientMetadata: { source: 'web' } });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([{ ...emailAnswer(), ClientMetadata: { source: 'web' } }]);
    expect(h.value()).toEqual({ challenge: 'emailOtp' });
  });

  it('email only: straight to emailAddress, no choice and no AssociateSoftwareToken', async () => {
    const h = await inSetup('["EMAIL_OTP"]', {
      RespondToAuthChallenge: [{ ChallengeName: 'EMAIL_OTP', Session: session('emailed'), ChallengeParameters: EMAIL_DELIVERY }],
    });
    expect(h.value()).toEqual({ challenge: { totpSetup: 'emailAddress' } });
    expect(h.ops()).toEqual(['InitiateAuth']);
    h.send({ type: 'SET_UP_EMAIL_MFA', email: ADDRESS });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([emailAnswer()]);
    expect(h.value()).toEqual({ challenge: 'emailOtp' });
  });

  it('SMS and email offered: email is the one that can be set up here, so no choice', async () => {
    const h = await inSetup('["SMS_MFA","EMAIL_OTP"]');
    expect(h.value()).toEqual({ challenge: { totpSetup: 'emailAddress' } });
  });

  it('both offered, TOTP chosen: AssociateSoftwareToken as before, then the app’s code', async () => {
    const h = await inSetup(BOTH, {
      AssociateSoftwareToken: [{ SecretCode: TOTP_SECRET, Session: session('associated') }],
      VerifySoftwareToken: [{ Status: 'SUCCESS', Session: session('verified') }],
      RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens({ username: INTERNAL }) }],
    });
    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'TOTP' });
    expect(h.value()).toEqual({ challenge: { totpSetup: 'associating' } });
    await h.settle();
    expect(h.callsOf('AssociateSoftwareToken')).toEqual([{ Session: session('setup') }]);
    expect(h.value()).toEqual({ challenge: { totpSetup: 'idle' } });
    expect(h.context().challenge?.totpSecret?.reveal()).toBe(TOTP_SECRET);

    h.send({ type: 'VERIFY_TOTP_SETUP', code: '507193' });
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([
      { ClientId: CLIENT_ID, ChallengeName: 'MFA_SETUP', Session: session('verified'), ChallengeResponses: { USERNAME: INTERNAL } },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('a refused TOTP code after choosing TOTP waits in idle again, not in choosing', async () => {
    const h = await inSetup(BOTH, {
      AssociateSoftwareToken: [{ SecretCode: TOTP_SECRET, Session: session('associated') }],
      VerifySoftwareToken: [cognitoError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA')],
    });
    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'SOFTWARE_TOKEN_MFA' });
    await h.settle();
    h.send({ type: 'VERIFY_TOTP_SETUP', code: '000000' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: { totpSetup: 'idle' } });
    expect(h.errorName()).toBe('EnableSoftwareTokenMFAException');
    expect(h.callsOf('AssociateSoftwareToken')).toHaveLength(1);
  });

  it('a refused address waits in emailAddress (after the choice too), and another address can be sent', async () => {
    const h = await inSetup(BOTH, {
      RespondToAuthChallenge: [
        cognitoError('InvalidParameterException', 'Invalid email address format.'),
        { ChallengeName: 'EMAIL_OTP', Session: session('emailed'), ChallengeParameters: EMAIL_DELIVERY },
      ],
    });
    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'EMAIL' });
    h.send({ type: 'SET_UP_EMAIL_MFA', email: 'ada@example.invalid' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: { totpSetup: 'emailAddress' } });
    expect(h.errorName()).toBe('InvalidParameterException');
    expect(h.types()).toEqual(['confirmSignIn_failure']);

    h.send({ type: 'SET_UP_EMAIL_MFA', email: ADDRESS });
    expect(h.context().error).toBeNull();
    await h.settle();
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([emailAnswer('ada@example.invalid'), emailAnswer()]);
    expect(h.value()).toEqual({ challenge: 'emailOtp' });
  });

  it('an answer that ends the session (NotAuthorizedException) → signedOut', async () => {
    const h = await inSetup('["EMAIL_OTP"]', {
      RespondToAuthChallenge: [cognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.')],
    });
    h.send({ type: 'SET_UP_EMAIL_MFA', email: ADDRESS });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.types()).toEqual(['confirmSignIn_failure', 'signIn_failure']);
  });

  it('a type not offered is refused in choosing: ValidationError naming what is offered, no request', async () => {
    const h = await inSetup(BOTH);
    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'SMS' });
    expect(h.value()).toEqual({ challenge: { totpSetup: 'choosing' } });
    expect(h.context().error).toMatchObject({
      name: 'ValidationError',
      message: 'SELECT_MFA_TYPE was not sent: mfaType must be one Cognito offers to set up: SOFTWARE_TOKEN_MFA, EMAIL_OTP',
      fields: [{ path: 'mfaType', message: 'must be one Cognito offers to set up: SOFTWARE_TOKEN_MFA, EMAIL_OTP' }],
    });
    expect(h.context().challenge?.mfaSetupChoice).toBeUndefined();
    expect(h.ops()).toEqual(['InitiateAuth']);
    // A valid choice afterwards clears the error.
    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'EMAIL' });
    expect(h.value()).toEqual({ challenge: { totpSetup: 'emailAddress' } });
    expect(h.context().error).toBeNull();
  });

  it('an invalid SELECT_MFA_TYPE payload in choosing is a ValidationError, no request', async () => {
    const h = await inSetup(BOTH);
    h.sendRaw({ type: 'SELECT_MFA_TYPE', mfaType: 'VOICE' });
    expect(h.value()).toEqual({ challenge: { totpSetup: 'choosing' } });
    expect(h.context().error?.name).toBe('ValidationError');
    // The payload's own check speaks first, not the list of factors offered.
    expect(h.context().error?.message).toBe('SELECT_MFA_TYPE was not sent: mfaType must be one of SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SMS, TOTP, EMAIL');
    expect(h.ops()).toEqual(['InitiateAuth']);
  });

  it.each([
    ['no @', 'ada.example.com'],
    ['a space', 'ada @example.com'],
    ['no domain dot', 'ada@example'],
    ['more than 2048 characters', `${'a'.repeat(2040)}@example.com`],
  ])('an address with %s is a ValidationError, no request', async (_why, email) => {
    const h = await inSetup('["EMAIL_OTP"]');
    h.send({ type: 'SET_UP_EMAIL_MFA', email });
    expect(h.value()).toEqual({ challenge: { totpSetup: 'emailAddress' } });
    expect(h.context().error?.name).toBe('ValidationError');
    expect(h.context().error?.fields?.map((f) => f.path)).toEqual(['email']);
    expect(h.ops()).toEqual(['InitiateAuth']);
  });

  it('each answer only where it belongs: no TOTP code while choosing or giving an address, no address while choosing or after TOTP', async () => {
    const h = await inSetup(BOTH, { AssociateSoftwareToken: [{ SecretCode: TOTP_SECRET, Session: session('associated') }] });
    h.send({ type: 'VERIFY_TOTP_SETUP', code: '507193' });
    expect(h.context().error?.name).toBe('InvalidStateException');
    h.send({ type: 'SET_UP_EMAIL_MFA', email: ADDRESS });
    expect(h.context().error).toMatchObject({ name: 'InvalidStateException', message: expect.stringContaining('challenge.totpSetup.choosing') });
    expect(h.value()).toEqual({ challenge: { totpSetup: 'choosing' } });

    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'EMAIL' });
    h.send({ type: 'VERIFY_TOTP_SETUP', code: '507193' });
    expect(h.context().error?.name).toBe('InvalidStateException');
    expect(h.value()).toEqual({ challenge: { totpSetup: 'emailAddress' } });
    // No way back to choosing once email is chosen: SELECT_MFA_TYPE is not taken there.
    h.send({ type: 'SELECT_MFA_TYPE', mfaType: 'TOTP' });
    expect(h.context().error?.name).toBe('InvalidStateException');
    expect(h.ops()).toEqual(['InitiateAuth']);

    const totp = await inSetup('["SOFTWARE_TOKEN_MFA"]', { AssociateSoftwareToken: [{ SecretCode: TOTP_SECRET, Session: session('associated') }] });
    expect(totp.value()).toEqual({ challenge: { totpSetup: 'idle' } });
    totp.send({ type: 'SET_UP_EMAIL_MFA', email: ADDRESS });
    expect(totp.context().error?.name).toBe('InvalidStateException');
    expect(totp.ops()).toEqual(['InitiateAuth', 'AssociateSoftwareToken']);
  });
});
