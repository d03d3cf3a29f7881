import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceActors } from '../../machines/service-registry.js';
import { createActor, waitFor } from 'xstate';
import { authMachine, createAuthServices } from '../../advanced.js';
import { memoryStorage, sdkTransport, type AuthEmitted, type Transport } from '../../index.js';
import {
  createLocalUserPool,
  localTransport,
  startLocalCognito,
  type LocalCognitoServer,
  type LocalTriggers,
  type LocalUserPool,
} from '@cognito-auth-machine/local-pool';
import { startSrp } from '../../services/srp/srp-client.js';
import { bigIntModPow } from '../../services/srp/mod-pow.js';
import { loadNodeModPow } from '../../services/srp/mod-pow-node.js';

/*
 * SRP sign-in end to end: the machine and its services against the local user pool, which verifies the
 * password proof with the same group math. Both exponentiation engines, in process and over HTTP.
 */

const PASSWORD = 'Pässw0rd-☃!';

/** Password first (SRP), then one custom question: "2 + 2". */
const passwordThenQuiz: LocalTriggers = {
  DefineAuthChallenge: async (event) => {
    const last = event.request.session.at(-1);
    if (last?.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
    else if (last?.challengeName === 'PASSWORD_VERIFIER' && last.challengeResult) event.response.challengeName = 'CUSTOM_CHALLENGE';
    else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
    else event.response.failAuthentication = true;
    return event;
  },
  CreateAuthChallenge: async (event) => {
    event.response.publicChallengeParameters = { question: '2 + 2' };
    event.response.privateChallengeParameters = { answer: '4' };
    return event;
  },
  VerifyAuthChallengeResponse: async (event) => {
    event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    return event;
  },
};

let pool: LocalUserPool;
let server: LocalCognitoServer;

beforeAll(async () => {
  // Email is an alias: signing in with it must use USER_ID_FOR_SRP (the username) in the proof.
  pool = await createLocalUserPool({ pool: { AliasAttributes: ['email'] }, triggers: passwordThenQuiz });
  await pool.admin.createUser('sam', {
    attributes: [
      { Name: 'email', Value: 'sam@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ],
    suppress: true,
  });
  await pool.admin.setPassword('sam', PASSWORD, true);
  server = await startLocalCognito({ cognito: pool.cognito });
});
afterAll(async () => {
  await server?.close();
});

const engines = {
  bigint: async () => bigIntModPow,
  'node:crypto': async () => {
    const engine = await loadNodeModPow();
    if (!engine) throw new Error('node:crypto engine unavailable in Node');
    return engine;
  },
};

const transports: Record<string, () => Transport> = {
  'in process': () => localTransport(pool),
  'over HTTP (AWS SDK)': () => sdkTransport({ endpoint: server.endpoint, maxAttempts: 1 }),
};

function start(transport: Transport, engine: keyof typeof engines) {
  const services = createAuthServices({
    transport,
    storage: memoryStorage(),
    userPoolId: pool.userPoolId,
    clientId: pool.clientId,
    startSrp: async () => startSrp({ modPow: await engines[engine]() }),
  });
  const auth = createActor(authMachine.provide({ actors: serviceActors(services) }), { input: { authFlow: 'USER_SRP_AUTH' } }).start();
  const emitted: AuthEmitted[] = [];
  auth.on('*', (e) => emitted.push(e));
  return { auth, emitted };
}

const settled = (auth: ReturnType<typeof start>['auth']) => waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });

describe.each(Object.keys(transports))('SRP sign-in %s', (transportName) => {
  describe.each(Object.keys(engines) as (keyof typeof engines)[])('with the %s engine', (engine) => {
    it('signs in with the email alias and a non-ASCII password', async () => {
      const { auth, emitted } = start(transports[transportName]!(), engine);
      await settled(auth);
      auth.send({ type: 'SIGN_IN', username: 'sam@example.com', password: PASSWORD });
      await settled(auth);
      expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
      expect(auth.getSnapshot().context.user?.username).toBe('sam');
      expect(emitted.map((e) => e.type)).toEqual(['signIn']);
      auth.stop();
    });

    it('a wrong password is NotAuthorizedException', async () => {
      const { auth, emitted } = start(transports[transportName]!(), engine);
      await settled(auth);
      auth.send({ type: 'SIGN_IN', username: 'sam', password: 'Wrong-Passw0rd' });
      await settled(auth);
      expect(auth.getSnapshot().value).toBe('signedOut');
      expect(auth.getSnapshot().context.error?.name).toBe('NotAuthorizedException');
      expect(emitted.map((e) => e.type)).toEqual(['signIn_failure']);
      auth.stop();
    });
  });

  it('CUSTOM_WITH_SRP: the password proof inside the custom flow, then the custom question', async () => {
    const { auth } = start(transports[transportName]!(), 'bigint');
    await settled(auth);
    auth.send({ type: 'SIGN_IN', username: 'sam', password: PASSWORD, authFlow: 'CUSTOM_WITH_SRP' });
    await settled(auth);
    expect(auth.getSnapshot().value).toEqual({ challenge: 'customChallenge' });
    expect(auth.getSnapshot().context.challenge?.parameters.question).toBe('2 + 2');
    auth.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: '4' });
    await settled(auth);
    expect(auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
    auth.stop();
  });

  it('CUSTOM_WITH_SRP with a wrong password never reaches the question', async () => {
    const { auth } = start(transports[transportName]!(), 'bigint');
    await settled(auth);
    auth.send({ type: 'SIGN_IN', username: 'sam', password: 'Wrong-Passw0rd', authFlow: 'CUSTOM_WITH_SRP' });
    await settled(auth);
    expect(auth.getSnapshot().value).toBe('signedOut');
    expect(auth.getSnapshot().context.error?.name).toBe('NotAuthorizedException');
    auth.stop();
  });
});
