import {
  createLocalUserPool,
  localTransport,
  openLocalUserPool,
  totpCode,
  type LocalCognito,
  type LocalTriggers,
  type LocalUserPool,
} from '@cognito-auth-machine/local-pool';

/**
 * The demo's user pool: email as an alias, the custom attribute `favorite_flavor`, optional SMS and TOTP MFA,
 * a custom-auth quiz, and one user per flow. Used by `npm start` and by the tests that drive the demo.
 */

export const DEMO_PASSWORD = 'Passw0rd!';
export const DEMO_TEMPORARY_PASSWORD = 'Temp-Passw0rd!';
export const QUIZ = { question: 'What is 2 + 3?', answer: '5' };

export interface DemoUsers {
  /** Signs in with SMS MFA; the code arrives in the outbox. */
  sms: string;
  /** Signs in with TOTP; `totpSecret` makes the current code. */
  totp: string;
  totpSecret: string;
  /** Created by an admin: must choose a new password and give a name. */
  newPassword: string;
  /** Answers the quiz with CUSTOM_WITHOUT_SRP. */
  quiz: string;
  /** Has SMS and TOTP enabled and prefers neither: Cognito asks which (SELECT_MFA_TYPE). */
  choice: string;
  /** `choice`'s authenticator secret, for when it picks the app. */
  choiceTotpSecret: string;
  /** In `mfaRequired`, with no second factor yet: Cognito asks it to set up an authenticator app (MFA_SETUP). */
  setup: string;
}

export interface DemoPool {
  pool: LocalUserPool;
  /** A second pool, with MFA required (ON): the only kind of pool where Cognito asks a user to set up a factor. */
  mfaRequired: LocalUserPool;
  users: DemoUsers;
}

/** How many answers the quiz takes before Cognito ends the sign-in. */
export const QUIZ_TRIES = 3;

/**
 * Password-less custom auth: one question, three tries. Each round tells the page, in its public parameters,
 * which try it is and whether the answer before it was wrong: Cognito itself only asks again.
 */
export const quizTriggers: LocalTriggers = {
  DefineAuthChallenge: async (event) => {
    const session = event.request.session;
    const last = session.at(-1);
    if (last?.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
    else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
    else if (session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE').length >= QUIZ_TRIES) event.response.failAuthentication = true;
    else event.response.challengeName = 'CUSTOM_CHALLENGE';
    return event;
  },
  CreateAuthChallenge: async (event) => {
    const asked = event.request.session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE');
    const last = asked.at(-1);
    event.response.publicChallengeParameters = {
      question: QUIZ.question,
      attempt: String(asked.length + 1),
      attempts: String(QUIZ_TRIES),
      ...(last && !last.challengeResult ? { previousAnswer: 'incorrect' } : {}),
    };
    event.response.privateChallengeParameters = { answer: QUIZ.answer };
    return event;
  },
  VerifyAuthChallengeResponse: async (event) => {
    event.response.answerCorrect = event.request.challengeAnswer.trim() === event.request.privateChallengeParameters.answer;
    return event;
  },
};

export { totpCode };

async function permanentUser(pool: LocalUserPool, username: string, attributes: { Name: string; Value: string }[]) {
  await pool.admin.createUser(username, { attributes, suppress: true });
  await pool.admin.setPassword(username, DEMO_PASSWORD, true);
}

/** Signs in once (no MFA yet), registers an authenticator and enables TOTP; returns the authenticator's secret. */
async function enableTotp(pool: LocalUserPool, username: string, preferred: boolean): Promise<string> {
  const transport = localTransport(pool);
  const signedIn = await transport.send('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: DEMO_PASSWORD },
  });
  const accessToken = signedIn.AuthenticationResult?.AccessToken ?? '';
  const { SecretCode } = await transport.send('AssociateSoftwareToken', { AccessToken: accessToken });
  const secret = SecretCode ?? '';
  // A TOTP code is accepted once, as on Cognito: registering takes the previous step's code, so the code the
  // authenticator shows now is still good for the first sign-in.
  await transport.send('VerifySoftwareToken', { AccessToken: accessToken, UserCode: totpCode(secret, pool.cognito.clock.now() - 30_000) });
  await transport.send('SetUserMFAPreference', {
    AccessToken: accessToken,
    SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: preferred },
  });
  return secret;
}

const DEMO_USERS = { sms: 'sam.sms', totp: 'tara.totp', newPassword: 'nina.new', quiz: 'quinn.quiz', choice: 'milo.choice', setup: 'tess.setup' };
const DEMO_POOL_NAMES = { pool: 'demo', mfaRequired: 'demo-mfa-required' } as const;

/**
 * The demo pools a data folder kept from an earlier run, found by name, with their quiz triggers attached again
 * (functions are not kept with the data). Undefined when the service does not hold both, so the caller seeds them.
 */
export async function reopenDemoPool(cognito: LocalCognito): Promise<DemoPool | undefined> {
  const snapshot = await cognito.exportData();
  const clients = new Map(snapshot.collections.clients ?? []) as Map<string, { name?: string }>;
  const find = (name: string) => {
    const kept = snapshot.pools.find((pool) => pool.record.name === name);
    const clientId = (kept?.record.clients as string[] | undefined)?.find((id) => clients.get(id)?.name === 'demo-web');
    return kept && clientId ? { record: kept.record, userPoolId: String(kept.record.id), clientId } : undefined;
  };
  const main = find(DEMO_POOL_NAMES.pool);
  const required = find(DEMO_POOL_NAMES.mfaRequired);
  if (!main || !required) return undefined;
  const users = new Map(((main.record.users as { $map?: Array<[string, { totpSecret?: string }]> }).$map ?? []));
  return {
    pool: openLocalUserPool({ cognito, userPoolId: main.userPoolId, clientId: main.clientId, triggers: quizTriggers }),
    mfaRequired: openLocalUserPool({ cognito, userPoolId: required.userPoolId, clientId: required.clientId }),
    users: {
      ...DEMO_USERS,
      totpSecret: users.get(DEMO_USERS.totp)?.totpSecret ?? '',
      choiceTotpSecret: users.get(DEMO_USERS.choice)?.totpSecret ?? '',
    },
  };
}

export async function createDemoPool(cognito: LocalCognito): Promise<DemoPool> {
  const pool = await createLocalUserPool({
    cognito,
    pool: {
      PoolName: DEMO_POOL_NAMES.pool,
      AliasAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'favorite_flavor', AttributeDataType: 'String', Mutable: true }],
      MfaConfiguration: 'OPTIONAL',
      // SMS goes to the outbox; the role is a placeholder that is never called.
      SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/demo-sms', ExternalId: 'demo' },
      // Devices are tracked, and remembered when the user asks (the settings view): a remembered browser then
      // signs in without the second factor.
      // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    },
    mfa: { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } },
    client: { ClientName: 'demo-web' },
    triggers: quizTriggers,
  });
  const users = DEMO_USERS;

  await permanentUser(pool, users.sms, [
    { Name: 'email', Value: 'sam@example.com' },
    { Name: 'email_verified', Value: 'true' },
    { Name: 'phone_number', Value: '+14325551212' },
    { Name: 'phone_number_verified', Value: 'true' },
  ]);
  await pool.admin.setMfaPreference(users.sms, { sms: { Enabled: true, PreferredMfa: true } });

  await permanentUser(pool, users.totp, [
    { Name: 'email', Value: 'tara@example.com' },
    { Name: 'email_verified', Value: 'true' },
  ]);
  const totpSecret = await enableTotp(pool, users.totp, true);

  await pool.admin.createUser(users.newPassword, {
    attributes: [{ Name: 'email', Value: 'nina@example.com' }, { Name: 'email_verified', Value: 'true' }],
    temporaryPassword: DEMO_TEMPORARY_PASSWORD,
    suppress: true,
  });

  await permanentUser(pool, users.quiz, [{ Name: 'email', Value: 'quinn@example.com' }]);

  await permanentUser(pool, users.choice, [
    { Name: 'email', Value: 'milo@example.com' },
    { Name: 'email_verified', Value: 'true' },
    { Name: 'phone_number', Value: '+14325550199' },
    { Name: 'phone_number_verified', Value: 'true' },
  ]);
  const choiceTotpSecret = await enableTotp(pool, users.choice, false);
  await pool.admin.setMfaPreference(users.choice, { sms: { Enabled: true, PreferredMfa: false } });

  const mfaRequired = await createLocalUserPool({
    cognito,
    pool: {
      PoolName: DEMO_POOL_NAMES.mfaRequired,
      AliasAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'ON',
      SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/demo-sms', ExternalId: 'demo' },
    },
    mfa: { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } },
    client: { ClientName: 'demo-web' },
  });
  // No phone number: with one, Cognito would text a code instead of asking for an authenticator app.
  await permanentUser(mfaRequired, users.setup, [
    { Name: 'email', Value: 'tess@example.com' },
    { Name: 'email_verified', Value: 'true' },
  ]);

  return { pool, mfaRequired, users: { ...users, totpSecret, choiceTotpSecret } };
}
