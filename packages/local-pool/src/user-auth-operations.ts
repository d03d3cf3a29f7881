import { randomInt } from 'node:crypto';
import { runPreAuthentication } from './authentication-triggers.js';
import { customiseMessage } from './custom-message.js';
import { maskEmail, maskPhone } from './delivery-masking.js';
import { fail } from './local-cognito-error.js';
import { enabledFactors } from './mfa-settings.js';
import { checkNotLockedOut, rightPassword, wrongPassword } from './password-lockout.js';
import { allowedFirstFactors, allowsUserAuth, SIGN_UP_CONFIRMED, verified } from './passwordless-settings.js';
import type { ClientRecord, PoolRecord, SessionRecord, UserRecord } from './pool-records.js';
import {
  deliver,
  openSession,
  sessionOf,
  spendSession,
  userNotFound,
  wrongAnswer,
  type ServiceState,
} from './service-state.js';
import { issueTokens } from './token-issuer.js';
import { findUser } from './user-directory.js';
import { passkeyRequestOptions, verifyPasskeyAssertion } from './passkey-sign-in.js';

type Input = Record<string, unknown>;
type Params = Record<string, string>;
type Step = Input;

/** The steps of the password flows that USER_AUTH reuses (auth-operations.ts). */
export interface PasswordSteps {
  afterPassword(user: UserRecord): Promise<Step>;
  /** MFA if the pool and user need it, else tokens. */
  afterFirstFactor(user: UserRecord): Promise<Step>;
  passwordVerifier(user: UserRecord, srpA: string): Promise<Step>;
}

/** The first factors USER_AUTH names, in PREFERRED_CHALLENGE, AvailableChallenges and SELECT_CHALLENGE answers. */
export const USER_AUTH_CHALLENGES = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const;
export type UserAuthChallenge = (typeof USER_AUTH_CHALLENGES)[number];

function required(map: Params, name: string): string {
  const value = map[name];
  if (value === undefined || value === '') fail('InvalidParameterException', `Missing required parameter ${name}`);
  return value;
}

/** Passwordless one-time codes have eight digits (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html). */
export function otpCode(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0');
}

/**
 * The first factors this user can answer with: the pool's AllowedFirstAuthFactors narrowed to what the user has —
 * a password, a verified email or phone number, a registered passkey. A user who has MFA set up is offered only the
 * password factors, since a one-time code or passkey alone would skip their second factor
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html).
 */
export function availableChallenges(pool: PoolRecord, user: UserRecord): UserAuthChallenge[] {
  const allowed = allowedFirstFactors(pool);
  const hasMfa = pool.mfaConfiguration !== 'OFF' && enabledFactors(pool, user).length > 0;
  const out: UserAuthChallenge[] = [];
  if (allowed.includes('PASSWORD') && user.password !== '') out.push('PASSWORD', 'PASSWORD_SRP');
  if (hasMfa) return out;
  if (allowed.includes('EMAIL_OTP') && verified(user, 'email')) out.push('EMAIL_OTP');
  if (allowed.includes('SMS_OTP') && verified(user, 'phone_number')) out.push('SMS_OTP');
  if (allowed.includes('WEB_AUTHN') && pool.webAuthn && (user.passkeys?.length ?? 0) > 0) out.push('WEB_AUTHN');
  return out;
}

function checkEnabled(user: UserRecord): void {
  if (!user.enabled) fail('NotAuthorizedException', 'User is disabled.');
}

function checkConfirmed(user: UserRecord): void {
  if (user.status === 'UNCONFIRMED') fail('UserNotConfirmedException', 'User is not confirmed.');
}

/**
 * InitiateAuth / AdminInitiateAuth with AuthFlow USER_AUTH
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html): the
 * PREFERRED_CHALLENGE is started at once when the user can answer it; otherwise, or without one, SELECT_CHALLENGE
 * lists what the user can choose. A Session from ConfirmSignUp signs the user in with no further factor.
 */
export async function startUserAuth(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  input: Input,
  auth: Params,
  steps: PasswordSteps,
): Promise<Step> {
  if (!allowsUserAuth(client)) fail('InvalidParameterException', 'USER_AUTH flow not enabled for this client');
  const typed = required(auth, 'USERNAME');
  const clientMetadata = (input.ClientMetadata as Params | undefined) ?? {};
  const user = findUser(pool, typed);
  if (!user) {
    await runPreAuthentication(state, pool, client, { typed }, clientMetadata);
    userNotFound(client);
  }
  checkEnabled(user);
  if (typeof input.Session === 'string') return signInAfterConfirmation(state, client, user, input.Session, steps);
  await runPreAuthentication(state, pool, client, { user }, clientMetadata);
  checkConfirmed(user);
  const available = availableChallenges(pool, user);
  const preferred = auth.PREFERRED_CHALLENGE;
  if (preferred !== undefined && !(USER_AUTH_CHALLENGES as readonly string[]).includes(preferred)) {
    fail('InvalidParameterException', `Invalid PREFERRED_CHALLENGE: ${preferred}`);
  }
  if (preferred !== undefined && available.includes(preferred as UserAuthChallenge)) {
    return startChallenge(state, pool, client, user, preferred as UserAuthChallenge, auth, steps);
  }
  if (available.length === 0) fail('NotAuthorizedException', 'No sign-in method is available for this user.');
  const session = openSession(state, client, user, { challenge: 'SELECT_CHALLENGE', flow: 'PASSWORD', availableChallenges: available });
  return { ChallengeName: 'SELECT_CHALLENGE', Session: session, ChallengeParameters: {}, AvailableChallenges: available };
}

/** One chosen first factor: a password answered inline, an SRP start, a code sent, or passkey options. */
async function startChallenge(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  challenge: UserAuthChallenge,
  answers: Params,
  steps: PasswordSteps,
): Promise<Step> {
  switch (challenge) {
    case 'PASSWORD': {
      const password = required(answers, 'PASSWORD');
      checkNotLockedOut(user, state.clock);
      if (user.password !== password) wrongPassword(user, state.clock);
      rightPassword(user);
      return steps.afterPassword(user);
    }
    case 'PASSWORD_SRP':
      return steps.passwordVerifier(user, required(answers, 'SRP_A'));
    case 'EMAIL_OTP':
    case 'SMS_OTP':
      return sendOtp(state, pool, client, user, challenge, false);
    case 'WEB_AUTHN': {
      const options = passkeyRequestOptions(pool, user);
      const session = openSession(state, client, user, { challenge: 'WEB_AUTHN', flow: 'PASSWORD', webAuthnChallenge: options.challenge });
      return { ChallengeName: 'WEB_AUTHN', Session: session, ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) } };
    }
  }
}

/**
 * Sends a one-time code to the user's email (EMAIL_OTP, as first factor or as MFA after a password) or phone
 * (SMS_OTP), into the outbox; the code lives as long as the session it belongs to.
 */
export async function sendOtp(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  challenge: 'EMAIL_OTP' | 'SMS_OTP',
  isMfa: boolean,
  /** Set when the code confirms an address given in MFA_SETUP rather than the user's own. */
  setupEmail?: string,
): Promise<Step> {
  const medium = challenge === 'EMAIL_OTP' ? 'EMAIL' : 'SMS';
  const code = otpCode();
  const session = openSession(state, client, user, { challenge, flow: 'PASSWORD', otpCode: code, otpIsMfa: isMfa, ...(setupEmail ? { setupEmail } : {}) });
  const sent = deliver(state, pool, user, medium, code, 'Authentication', client.authSessionMinutes * 60_000);
  if (setupEmail) sent.destination = setupEmail;
  if (medium === 'EMAIL' && pool.emailMfa?.message) sent.message = pool.emailMfa.message.split('{####}').join(code);
  if (medium === 'EMAIL' && pool.emailMfa?.subject) sent.subject = pool.emailMfa.subject;
  await customiseMessage(state, pool, user, sent, { source: 'CustomMessage_Authentication', clientId: client.id, clientMetadata: {} });
  const destination = setupEmail ?? user.attributes.get(medium === 'EMAIL' ? 'email' : 'phone_number') ?? '';
  return {
    ChallengeName: challenge,
    Session: session,
    ChallengeParameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: medium,
      CODE_DELIVERY_DESTINATION: medium === 'EMAIL' ? maskEmail(destination) : maskPhone(destination),
      USERNAME: user.username,
    },
  };
}

/**
 * Answers to SELECT_CHALLENGE, EMAIL_OTP, SMS_OTP and WEB_AUTHN. Called with the session found and not yet spent:
 * everything up to spending it (or counting a wrong code) runs with no `await`, so of concurrent answers exactly one
 * gets past.
 */
export function respondUserAuth(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  session: SessionRecord,
  challengeName: string,
  responses: Params,
  steps: PasswordSteps,
): Promise<Step> {
  switch (challengeName) {
    case 'SELECT_CHALLENGE': {
      const answer = required(responses, 'ANSWER');
      if (!session.availableChallenges?.includes(answer)) {
        fail('InvalidParameterException', `Invalid ANSWER: ${answer} is not one of the available challenges.`);
      }
      if (answer === 'PASSWORD') required(responses, 'PASSWORD');
      if (answer === 'PASSWORD_SRP') required(responses, 'SRP_A');
      if (answer === 'WEB_AUTHN' && responses.CREDENTIAL !== undefined) {
        fail('InvalidParameterException', 'Answer WEB_AUTHN first, then the WEB_AUTHN challenge with CREDENTIAL.');
      }
      spendSession(session);
      return startChallenge(state, pool, client, user, answer as UserAuthChallenge, responses, steps);
    }
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const code = required(responses, challengeName === 'EMAIL_OTP' ? 'EMAIL_OTP_CODE' : 'SMS_OTP_CODE');
      if (code !== session.otpCode) wrongAnswer(session);
      const held = spendSession(session);
      if (held.setupEmail !== undefined) {
        // The code reached the address given in MFA_SETUP: it becomes the user's verified email and email MFA is on.
        user.attributes.set('email', held.setupEmail);
        user.attributes.set('email_verified', 'true');
        user.emailMfaEnabled = true;
        user.emailMfaPreferred = true;
        user.smsMfaPreferred = user.totpMfaPreferred = false;
        user.modifiedAt = state.clock.now();
      }
      const medium = challengeName === 'EMAIL_OTP' ? 'email' : 'phone_number';
      // A code that reached the address proves it, as confirming the attribute would.
      if (!held.otpIsMfa) user.attributes.set(`${medium}_verified`, 'true');
      return tokens(state, pool, client, user);
    }
    case 'WEB_AUTHN': {
      const credential = required(responses, 'CREDENTIAL');
      const held = spendSession(session);
      return verifyPasskeyAssertion(pool, user, credential, held.webAuthnChallenge ?? '').then(() => tokens(state, pool, client, user));
    }
    default:
      fail('InvalidParameterException', `Unsupported challenge: ${challengeName}`);
  }
}

async function tokens(state: ServiceState, pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<Step> {
  const result = await issueTokens(state, pool, client, user, { source: 'TokenGeneration_Authentication', clientMetadata: {} });
  return { ChallengeParameters: {}, AuthenticationResult: result };
}

/**
 * InitiateAuth USER_AUTH with the Session ConfirmSignUp returned: the confirmation code was the first factor
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html#CognitoUserPools-InitiateAuth-request-Session).
 * Spent once, within the auth-session lifetime, for the user it was issued to.
 */
function signInAfterConfirmation(
  state: ServiceState,
  client: ClientRecord,
  user: UserRecord,
  sessionId: string,
  steps: PasswordSteps,
): Promise<Step> {
  const session = sessionOf(state, client.id, sessionId);
  if (session.challenge !== SIGN_UP_CONFIRMED || session.username !== user.username) {
    fail('NotAuthorizedException', 'Invalid session for the user.');
  }
  spendSession(session);
  return steps.afterFirstFactor(user);
}

const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+$/;

/**
 * MFA_SETUP answered with EMAIL: the pool sends an EMAIL_OTP code to that address; the right code makes it the
 * user's verified email with email MFA enabled and preferred
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa-sms-email-message.html).
 * Called with the MFA_SETUP session found and not yet spent; it is spent here, before anything is awaited.
 */
export function setUpEmailMfa(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  session: SessionRecord,
  email: string,
): Promise<Step> {
  if (!pool.emailMfa) fail('InvalidParameterException', 'Email MFA is not enabled for this user pool.');
  if (!EMAIL_SHAPE.test(email)) fail('InvalidParameterException', 'Invalid email address format.');
  spendSession(session);
  return sendOtp(state, pool, client, user, 'EMAIL_OTP', true, email);
}
