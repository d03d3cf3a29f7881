import { afterEach, describe, expect, it } from 'vitest';
import { cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID, fakeTokens } from '../support/fake-tokens.js';
import { session, startAuth, stopAll, type HarnessOptions } from '../support/auth-harness.js';

afterEach(stopAll);

const INTERNAL = '9f8e7d6c-0000-4000-8000-123456789abc';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const mfaSetup = (canSetup = '["SOFTWARE_TOKEN_MFA"]') => ({
  ChallengeName: 'MFA_SETUP',
  Session: session('setup'),
  ChallengeParameters: { MFAS_CAN_SETUP: canSetup, USER_ID_FOR_SRP: INTERNAL },
});

async function inSetup(script: HarnessOptions['script']) {
  const h = await startAuth({ script: { InitiateAuth: [mfaSetup()], ...script } });
  h.send({ type: 'SIGN_IN', username: 'alice@example.com', password: 'Corr3ct-Horse!' });
  await h.settle();
  return h;
}

describe('MFA_SETUP (TOTP)', () => {
  it('AssociateSoftwareToken with the challenge session, VerifySoftwareToken with the new one, then MFA_SETUP with Verify’s', async () => {
    const h = await inSetup({
      AssociateSoftwareToken: [{ SecretCode: TOTP_SECRET, Session: session('associated') }],
      VerifySoftwareToken: [{ Status: 'SUCCESS', Session: session('verified') }],
      RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens({ username: INTERNAL }) }],
    });
    expect(h.callsOf('AssociateSoftwareToken')).toEqual([{ Session: session('setup') }]);
    expect(h.value()).toEqual({ challenge: { totpSetup: 'idle' } });
    const challenge = h.context().challenge!;
    expect(challenge.name).toBe('MFA_SETUP');
    expect(challenge.mfaTypes).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(challenge.session).toBe(session('associated'));
    // The secret is there for the QR code, but only through reveal(): JSON sees it redacted.
    expect(challenge.totpSecret?.reveal()).toBe(TOTP_SECRET);
    expect(JSON.stringify(h.snapshot())).not.toContain(TOTP_SECRET);

    h.send({ type: 'VERIFY_TOTP_SETUP', code: '507193', friendlyDeviceName: 'Phone' });
    expect(h.value()).toEqual({ challenge: 'responding' });
    await h.settle();
    expect(h.transport.calls.map((c) => c.op)).toEqual([
      'InitiateAuth',
      'AssociateSoftwareToken',
      'VerifySoftwareToken',
      'RespondToAuthChallenge',
    ]);
    expect(h.callsOf('VerifySoftwareToken')).toEqual([{ Session: session('associated'), UserCode: '507193', FriendlyDeviceName: 'Phone' }]);
    expect(h.callsOf('RespondToAuthChallenge')).toEqual([
      { ClientId: CLIENT_ID, ChallengeName: 'MFA_SETUP', Session: session('verified'), ChallengeResponses: { USERNAME: INTERNAL } },
    ]);
    expect(h.value()).toEqual({ signedIn: 'idle' });
    expect(h.types()).toEqual(['signIn']);
    expect(h.context().challenge).toBeNull();
  });

  it('a wrong code → EnableSoftwareTokenMFAException, stays in totpSetup.idle, then the right one completes', async () => {
    const h = await inSetup({
      AssociateSoftwareToken: [{ SecretCode: TOTP_SECRET, Session: session('associated') }],
      VerifySoftwareToken: [
        cognitoError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA'),
        { Status: 'SUCCESS', Session: session('verified') },
      ],
      RespondToAuthChallenge: [{ AuthenticationResult: fakeTokens() }],
    });
    h.send({ type: 'VERIFY_TOTP_SETUP', code: '000000' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: { totpSetup: 'idle' } });
    expect(h.errorName()).toBe('EnableSoftwareTokenMFAException');
    expect(h.callsOf('RespondToAuthChallenge')).toHaveLength(0);
    expect(h.types()).toEqual(['confirmSignIn_failure']);

    h.send({ type: 'VERIFY_TOTP_SETUP', code: '654321' });
    await h.settle();
    expect(h.callsOf('VerifySoftwareToken')[1]).toEqual({ Session: session('associated'), UserCode: '654321' });
    expect(h.value()).toEqual({ signedIn: 'idle' });
  });

  it('Status ERROR without an exception is the same wrong code', async () => {
    const h = await inSetup({
      AssociateSoftwareToken: [{ SecretCode: TOTP_SECRET, Session: session('associated') }],
      VerifySoftwareToken: [{ Status: 'ERROR' }],
    });
    h.send({ type: 'VERIFY_TOTP_SETUP', code: '000000' });
    await h.settle();
    expect(h.value()).toEqual({ challenge: { totpSetup: 'idle' } });
    expect(h.errorName()).toBe('EnableSoftwareTokenMFAException');
  });

  it('AssociateSoftwareToken failing → signedOut with signIn_failure', async () => {
    const h = await inSetup({ AssociateSoftwareToken: [cognitoError('SoftwareTokenMFANotFoundException')] });
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('SoftwareTokenMFANotFoundException');
    expect(h.types()).toEqual(['signIn_failure']);
  });

  it('an expired session at Verify (NotAuthorizedException) → signedOut', async () => {
    const h = await inSetup({
      AssociateSoftwareToken: [{ SecretCode: TOTP_SECRET, Session: session('associated') }],
      VerifySoftwareToken: [cognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.')],
    });
    h.send({ type: 'VERIFY_TOTP_SETUP', code: '507193' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.types()).toEqual(['confirmSignIn_failure', 'signIn_failure']);
  });

  it('MFA_SETUP offering only SMS is refused: signedOut with UnsupportedChallengeError', async () => {
    const h = await startAuth({ script: { InitiateAuth: [mfaSetup('["SMS_MFA"]')] } });
    h.send({ type: 'SIGN_IN', username: 'alice', password: 'Corr3ct-Horse!' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('UnsupportedChallengeError');
    expect(h.ops()).toEqual(['InitiateAuth']);
  });

  it('CANCEL during setup → signedOut', async () => {
    const h = await inSetup({ AssociateSoftwareToken: [{ SecretCode: TOTP_SECRET, Session: session('associated') }] });
    h.send({ type: 'CANCEL' });
    expect(h.value()).toBe('signedOut');
    expect(h.context().challenge).toBeNull();
  });
});
