import { serviceActors } from '../../machines/service-registry.js';
import { describe, expect, it } from 'vitest';
import { createActor, toPromise, type AnyActorLogic, type InputFrom, type OutputFrom } from 'xstate';
import { memoryStorage } from '../../adapters/memory-storage.js';
import type { PendingChallenge } from '../../machines/auth-types.js';
import { Secret } from '../../machines/secret.js';
import { createAuthServices } from '../../services/auth-services.js';
import type { SrpStarter } from '../../services/password-verifier.js';
import { sessionStore } from '../../services/session-store.js';
import { tokensFromResult, userFromIdToken } from '../../services/token-claims.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { cognitoError, scriptedTransport } from '../support/scripted-transport.js';

/* The services on their own, where the chart cannot reach: odd answers, missing inputs, retries of a TOTP setup. */

const noSrp: SrpStarter = async () => {
  throw new Error('no SRP exchange should begin');
};

function setup(startSrp: SrpStarter = noSrp) {
  const storage = memoryStorage();
  const transport = scriptedTransport();
  const services = serviceActors(createAuthServices({ transport, storage, userPoolId: POOL_ID, clientId: CLIENT_ID, startSrp }));
  return { storage, transport, services };
}

function run<L extends AnyActorLogic>(logic: L, input: InputFrom<L>): Promise<OutputFrom<L>> {
  return toPromise(createActor(logic, { input }).start());
}

const session = (name: string) => `${name}-session-`.padEnd(64, 'x');

function challenge(name: PendingChallenge['name'], id: string): PendingChallenge {
  return { name, session: session(id), username: 'alice', parameters: {}, expiresAt: Date.now() + 180_000 };
}

describe('answers that are not JSON objects', () => {
  it.each([
    ['an HTML page', '<html>Bad gateway</html>'],
    ['a number', 42],
    ['null', null],
    ['an array', []],
  ])('%s → retryable InvalidResponseError naming the operation', async (_label, answer) => {
    const { transport, services } = setup();
    transport.reply('ForgotPassword', answer);
    await expect(run(services.forgotPassword, { username: 'alice' })).rejects.toMatchObject({
      name: 'InvalidResponseError',
      message: "Cognito's answer to ForgotPassword was not a JSON object",
      retryable: true,
    });
  });
});

describe('sign-in inputs', () => {
  it.each(['USER_SRP_AUTH', 'CUSTOM_WITH_SRP'] as const)('%s without a password → ValidationError, nothing sent', async (authFlow) => {
    const { transport, services } = setup();
    await expect(run(services.signIn, { username: 'alice', authFlow })).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'password is required for SRP sign-in',
    });
    expect(transport.calls).toEqual([]);
  });

  it('USER_PASSWORD_AUTH without a password → ValidationError, nothing sent', async () => {
    const { transport, services } = setup();
    await expect(run(services.signIn, { username: 'alice', authFlow: 'USER_PASSWORD_AUTH' })).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'password is required for USER_PASSWORD_AUTH',
    });
    expect(transport.calls).toEqual([]);
  });

  it('CUSTOM_WITHOUT_SRP never sends a password, even when one is given', async () => {
    const { transport, services } = setup();
    transport.reply('InitiateAuth', { ChallengeName: 'CUSTOM_CHALLENGE', Session: session('custom'), ChallengeParameters: {} });
    await run(services.signIn, { username: 'alice', password: new Secret('Passw0rd!'), authFlow: 'CUSTOM_WITHOUT_SRP' });
    expect(transport.callsOf('InitiateAuth')).toEqual([
      { AuthFlow: 'CUSTOM_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice' } },
    ]);
  });

  it('CUSTOM_WITH_SRP: a custom challenge straight after SRP_A is the next step, no PASSWORD_VERIFIER answer', async () => {
    const { transport, services } = setup(async () => ({
      srpA: 'abc123',
      respond: async () => {
        throw new Error('no PASSWORD_VERIFIER was asked for');
      },
    }));
    transport.reply('InitiateAuth', { ChallengeName: 'CUSTOM_CHALLENGE', Session: session('custom'), ChallengeParameters: { q: '2+2' } });
    const step = await run(services.signIn, { username: 'alice', password: new Secret('Passw0rd!'), authFlow: 'CUSTOM_WITH_SRP' });
    expect(step).toMatchObject({ type: 'challenge', challenge: { name: 'CUSTOM_CHALLENGE', session: session('custom') } });
    expect(transport.calls.map((c) => c.op)).toEqual(['InitiateAuth']);
    expect(transport.callsOf('InitiateAuth')).toEqual([
      { AuthFlow: 'CUSTOM_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'alice', SRP_A: 'abc123', CHALLENGE_NAME: 'SRP_A' } },
    ]);
  });
});

describe('clientMetadata on answers', () => {
  it('is forwarded when the answer carries it', async () => {
    const { transport, services } = setup();
    transport.reply('RespondToAuthChallenge', { ChallengeName: 'CUSTOM_CHALLENGE', Session: session('next'), ChallengeParameters: {} });
    await run(services.respondToChallenge, {
      challenge: challenge('CUSTOM_CHALLENGE', 'custom'),
      answer: { responses: { ANSWER: new Secret('4') }, clientMetadata: { source: 'web' } },
    });
    expect(transport.callsOf('RespondToAuthChallenge')).toEqual([
      {
        ClientId: CLIENT_ID,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: session('custom'),
        ChallengeResponses: { USERNAME: 'alice', ANSWER: '4' },
        ClientMetadata: { source: 'web' },
      },
    ]);
  });

  it.each([
    ['has no clientMetadata', { responses: { SMS_MFA_CODE: new Secret('123456') } }],
    ['has clientMetadata: undefined', { responses: { SMS_MFA_CODE: new Secret('123456') }, clientMetadata: undefined }],
  ] as const)('is left out when the answer %s', async (_label, answer) => {
    const { transport, services } = setup();
    transport.reply('RespondToAuthChallenge', { ChallengeName: 'SMS_MFA', Session: session('next'), ChallengeParameters: {} });
    await run(services.respondToChallenge, { challenge: challenge('SMS_MFA', 'sms'), answer });
    const [sent] = transport.callsOf('RespondToAuthChallenge');
    expect(sent).not.toHaveProperty('ClientMetadata');
  });
});

describe('TOTP setup', () => {
  const INTERNAL = '9f8e7d6c-0000-4000-8000-123456789abc';

  it('AssociateSoftwareToken answered without SecretCode → InvalidResponseError', async () => {
    const { transport, services } = setup();
    transport.reply('AssociateSoftwareToken', { Session: session('associated') });
    await expect(run(services.associateTotp, { challenge: challenge('MFA_SETUP', 'setup') })).rejects.toMatchObject({
      name: 'InvalidResponseError',
      message: 'Cognito answered AssociateSoftwareToken without a secret',
    });
  });

  it('a code VerifySoftwareToken rejects → EnableSoftwareTokenMFAException, no MFA_SETUP answer', async () => {
    const { transport, services } = setup();
    transport.reply('VerifySoftwareToken', { Status: 'ERROR' });
    await expect(run(services.respondToChallenge, { challenge: challenge('MFA_SETUP', 'setup'), answer: { responses: {}, softwareToken: { code: new Secret('000000') } } })).rejects.toMatchObject({
      name: 'EnableSoftwareTokenMFAException',
      message: 'The code did not match the authenticator app',
    });
    expect(transport.callsOf('RespondToAuthChallenge')).toEqual([]);
  });

  it('a retry after the final answer failed in transit reuses the verified session instead of verifying again', async () => {
    const { transport, services } = setup();
    const setupChallenge = { ...challenge('MFA_SETUP', 'associated'), username: INTERNAL };
    transport.reply('VerifySoftwareToken', { Status: 'SUCCESS', Session: session('verified') });
    transport.reply('RespondToAuthChallenge', cognitoError('NetworkError', 'socket hang up', true), {
      AuthenticationResult: fakeTokens({ username: INTERNAL }),
    });
    await expect(run(services.respondToChallenge, { challenge: setupChallenge, answer: { responses: {}, softwareToken: { code: new Secret('507193') } } })).rejects.toMatchObject({
      name: 'NetworkError',
    });
    const step = await run(services.respondToChallenge, { challenge: setupChallenge, answer: { responses: {}, softwareToken: { code: new Secret('507193') } } });
    expect(step.type).toBe('signedIn');
    expect(transport.calls.map((c) => c.op)).toEqual(['VerifySoftwareToken', 'RespondToAuthChallenge', 'RespondToAuthChallenge']);
    const answer = { ClientId: CLIENT_ID, ChallengeName: 'MFA_SETUP', Session: session('verified'), ChallengeResponses: { USERNAME: INTERNAL } };
    expect(transport.callsOf('RespondToAuthChallenge')).toEqual([answer, answer]);
  });

  it('a final answer Cognito refused is forgotten: the next attempt verifies the code again', async () => {
    const { transport, services } = setup();
    const setupChallenge = challenge('MFA_SETUP', 'associated');
    transport.reply('VerifySoftwareToken', { Status: 'SUCCESS', Session: session('verified') }, { Status: 'SUCCESS', Session: session('again') });
    transport.reply('RespondToAuthChallenge', cognitoError('NotAuthorizedException', 'Invalid session for the user.'), cognitoError('NotAuthorizedException'));
    await expect(run(services.respondToChallenge, { challenge: setupChallenge, answer: { responses: {}, softwareToken: { code: new Secret('507193') } } })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
    await expect(run(services.respondToChallenge, { challenge: setupChallenge, answer: { responses: {}, softwareToken: { code: new Secret('618204') } } })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    expect(transport.calls.map((c) => c.op)).toEqual(['VerifySoftwareToken', 'RespondToAuthChallenge', 'VerifySoftwareToken', 'RespondToAuthChallenge']);
    expect(transport.callsOf('VerifySoftwareToken')[1]).toEqual({ Session: session('associated'), UserCode: '618204' });
    expect(transport.callsOf('RespondToAuthChallenge').map((input) => (input as { Session: string }).Session)).toEqual([
      session('verified'),
      session('again'),
    ]);
  });

  it('a finished setup is not remembered: the same challenge again is verified afresh', async () => {
    const { transport, services } = setup();
    const setupChallenge = challenge('MFA_SETUP', 'associated');
    transport.reply('VerifySoftwareToken', { Status: 'SUCCESS', Session: session('verified') }, { Status: 'SUCCESS', Session: session('again') });
    transport.reply('RespondToAuthChallenge', { AuthenticationResult: fakeTokens() }, { AuthenticationResult: fakeTokens() });
    await run(services.respondToChallenge, { challenge: setupChallenge, answer: { responses: {}, softwareToken: { code: new Secret('507193') } } });
    await run(services.respondToChallenge, { challenge: setupChallenge, answer: { responses: {}, softwareToken: { code: new Secret('618204') } } });
    expect(transport.callsOf('VerifySoftwareToken')).toHaveLength(2);
  });
});

describe('refresh edges', () => {
  function signedIn(withRefreshToken: boolean) {
    const result = fakeTokens();
    const tokens = tokensFromResult(withRefreshToken ? result : { ...result, RefreshToken: undefined }, Date.now());
    return { user: userFromIdToken(tokens.idToken), tokens };
  }

  async function stored(storage: ReturnType<typeof memoryStorage>, session: ReturnType<typeof signedIn>) {
    await sessionStore(storage, CLIENT_ID).save({
      username: session.user.username,
      idToken: session.tokens.idToken,
      accessToken: session.tokens.accessToken,
      clockDrift: 0,
    });
  }

  it('a session without a refresh token → NotAuthorizedException, nothing sent, storage cleared', async () => {
    const { storage, transport, services } = setup();
    const session = signedIn(false);
    await stored(storage, session);
    await expect(run(services.refreshTokens, session)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'The session has no refresh token: sign in again',
    });
    expect(transport.calls).toEqual([]);
    expect(storage.snapshot()).toEqual({});
  });

  it('a refresh answered without tokens → InvalidResponseError, storage cleared', async () => {
    const { storage, transport, services } = setup();
    const session = signedIn(true);
    await stored(storage, session);
    transport.reply('InitiateAuth', {});
    await expect(run(services.refreshTokens, session)).rejects.toMatchObject({
      name: 'InvalidResponseError',
      message: 'Cognito answered a refresh without tokens',
    });
    expect(storage.snapshot()).toEqual({});
  });
});
