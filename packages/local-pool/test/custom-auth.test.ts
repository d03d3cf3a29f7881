import { describe, expect, it, vi } from 'vitest';
import { createLocalUserPool } from '../src/local-user-pool.js';
import type { LocalTriggers } from '../src/triggers.js';
import { call, decodeJwt, expectError, srpSignIn } from './helpers.js';

const PASSWORD = 'Passw0rd!';

/** A quiz: three tries at "4", as the Cognito docs' sample custom flow does. */
function quizTriggers(log: Array<Record<string, any>>): LocalTriggers {
  return {
    DefineAuthChallenge: async (event) => {
      log.push(structuredClone(event));
      const session = event.request.session;
      const last = session.at(-1);
      if (last?.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
      else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
      else if (session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE').length >= 3) event.response.failAuthentication = true;
      else event.response.challengeName = 'CUSTOM_CHALLENGE';
      return event;
    },
    CreateAuthChallenge: async (event) => {
      log.push(structuredClone(event));
      const round = event.request.session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE').length + 1;
      event.response.publicChallengeParameters = { question: '2 + 2', round: String(round) };
      event.response.privateChallengeParameters = { answer: '4' };
      event.response.challengeMetadata = `QUIZ-${round}`;
      return event;
    },
    VerifyAuthChallengeResponse: async (event) => {
      log.push(structuredClone(event));
      event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
      return event;
    },
  };
}

async function customPool(triggers: LocalTriggers) {
  const pool = await createLocalUserPool({ triggers });
  await pool.admin.createUser('pat', { attributes: [{ Name: 'email', Value: 'pat@example.com' }], suppress: true });
  await pool.admin.setPassword('pat', PASSWORD, true);
  return { pool, send: call(pool.cognito) };
}

describe('custom authentication with triggers', () => {
  it('runs several rounds: wrong answer, then right one, with Cognito session history', async () => {
    const log: Array<Record<string, any>> = [];
    const { pool, send } = await customPool(quizTriggers(log));
    const first = await send('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'pat' } });
    expect(first.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(first.ChallengeParameters).toEqual({ question: '2 + 2', round: '1', USERNAME: 'pat' });
    const answer = (Session: string, ANSWER: string) =>
      send('RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session, ChallengeResponses: { USERNAME: 'pat', ANSWER }, ClientMetadata: { app: 'quiz' } });
    const second = await answer(first.Session, '5');
    expect(second.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(second.ChallengeParameters.round).toBe('2');
    expect(second.Session).not.toBe(first.Session);
    await expectError(answer(first.Session, '4'), 'NotAuthorizedException', /only be used once/);
    const done = await answer(second.Session, '4');
    expect(decodeJwt(done.AuthenticationResult.IdToken)['cognito:username']).toBe('pat');
    const lastDefine = log.filter((e) => e.triggerSource === 'DefineAuthChallenge_Authentication').at(-1)!;
    expect(lastDefine.request.session).toEqual([
      { challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'QUIZ-1' },
      { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'QUIZ-2' },
    ]);
    expect(lastDefine.request.clientMetadata).toEqual({ app: 'quiz' });
    const verify = log.find((e) => e.triggerSource === 'VerifyAuthChallengeResponse_Authentication')!;
    expect(verify).toMatchObject({ userName: 'pat', request: { challengeAnswer: '5', privateChallengeParameters: { answer: '4' }, userNotFound: false } });
  });

  it('fails authentication after three wrong answers', async () => {
    const { pool, send } = await customPool(quizTriggers([]));
    let step = await send('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'pat' } });
    for (let i = 0; i < 2; i++) {
      step = await send('RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: step.Session, ChallengeResponses: { USERNAME: 'pat', ANSWER: 'no' } });
    }
    await expectError(
      send('RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: step.Session, ChallengeResponses: { USERNAME: 'pat', ANSWER: 'no' } }),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
  });

  it('CUSTOM_AUTH with SRP_A: PASSWORD_VERIFIER first, then the custom challenge', async () => {
    const log: Array<Record<string, any>> = [];
    const { pool, send } = await customPool(quizTriggers(log));
    const step = await srpSignIn(send, {
      userPoolId: pool.userPoolId, clientId: pool.clientId, username: 'pat', password: PASSWORD, authFlow: 'CUSTOM_AUTH', extra: { CHALLENGE_NAME: 'SRP_A' },
    });
    expect(step.ChallengeName).toBe('CUSTOM_CHALLENGE');
    const create = log.find((e) => e.triggerSource === 'CreateAuthChallenge_Authentication')!;
    expect(create.request.session).toEqual([
      { challengeName: 'SRP_A', challengeResult: true },
      { challengeName: 'PASSWORD_VERIFIER', challengeResult: true },
    ]);
    const done = await send('RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: step.Session, ChallengeResponses: { USERNAME: 'pat', ANSWER: '4' } });
    expect(done.AuthenticationResult.AccessToken).toBeTruthy();
  });

  it('reports a throwing trigger as UserLambdaValidationException and a missing Define trigger', async () => {
    const { pool, send } = await customPool({
      DefineAuthChallenge: async () => {
        throw new Error('boom');
      },
    });
    await expectError(
      send('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'pat' } }),
      'UserLambdaValidationException',
      'DefineAuthChallenge failed with error boom.',
    );
    const plain = await createLocalUserPool({ cognito: pool.cognito });
    await expectError(
      send('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: plain.clientId, AuthParameters: { USERNAME: 'pat' } }),
      'InvalidParameterException',
    );
  });

  it('a trigger that never answers fails the call after 5 s instead of hanging it', async () => {
    const pool = await createLocalUserPool({ triggers: { PreSignUp: () => new Promise(() => undefined) } });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const pending = call(pool.cognito)('SignUp', { ClientId: pool.clientId, Username: 'slow', Password: PASSWORD });
      const settled = expectError(pending, 'UnexpectedLambdaException', 'PreSignUp failed due to timeout.');
      await vi.advanceTimersByTimeAsync(5_000);
      await settled;
    } finally {
      vi.useRealTimers();
    }
  });

  it('PreTokenGeneration adds and suppresses ID-token claims but cannot touch protected ones', async () => {
    const { pool, send } = await customPool({
      PreTokenGeneration: async (event) => {
        event.response.claimsOverrideDetails = {
          claimsToAddOrOverride: { plan: 'gold', sub: 'forged' },
          claimsToSuppress: ['email'],
        };
        return event;
      },
    });
    const out = await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'pat', PASSWORD } });
    const id = decodeJwt(out.AuthenticationResult.IdToken);
    expect(id.plan).toBe('gold');
    expect(id.email).toBeUndefined();
    expect(id.sub).not.toBe('forged');
  });
});
