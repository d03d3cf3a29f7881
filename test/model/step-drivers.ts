import { waitFor } from 'xstate';
import type { AuthEvent, AuthFlow } from '../../machines/auth-events.js';
import type { AuthActor } from '../../runtime/auth-actor.js';
import type { CognitoOperation } from '../../services/cognito-api.js';
import type { ModelEventType } from './auth-model.js';
import type { Feature, World } from './backends.js';
import type { StepFault } from './fault-transport.js';
import { ACCOUNT_DRIVERS } from './account-drivers.js';

/*
 * How each model step is performed on a real backend: arrange what Cognito needs to give the modelled outcome
 * (a user with SMS MFA, an admin-created user, …), then send the app's event to the real actor.
 */

export const PASSWORD = 'Passw0rd!';
export const NEW_PASSWORD = 'N3w-Passw0rd!';
const TEMPORARY_PASSWORD = 'Temp-Passw0rd1';
/** Longer than a challenge's session and than the wait before a refresh (cognito-local's tokens live 24 hours). */
const TWO_DAYS = 2 * 24 * 60 * 60 * 1000;

export type { PathRun, Principal, StepDriver } from './path-run.js';
import type { PathRun, Principal, StepDriver } from './path-run.js';

const email = (username: string) => ({ email: `${username}@example.com` });
const verifiedEmail = (username: string) => ({ ...email(username), email_verified: 'true' });

function principal(r: PathRun): Principal {
  if (!r.user) throw new Error('this step needs a user from an earlier step');
  return r.user;
}

/** A confirmed user with a passkey on the run's authenticator. */
async function passkeyUser(r: PathRun): Promise<Principal> {
  const user = await confirmedUser(r, 'passkey');
  await r.passkeys.register(r.world, await r.passkeys.accessTokenOf(r.world, user.username, user.password));
  return user;
}

async function confirmedUser(r: PathRun, prefix: string, attributes: Record<string, string> = {}): Promise<Principal> {
  const username = r.fresh(prefix);
  await r.world.createConfirmedUser(username, PASSWORD, { ...verifiedEmail(username), ...attributes });
  r.user = { username, password: PASSWORD };
  return r.user;
}

/** Signs in out of band and turns TOTP on, as the app's settings page would. */
async function enableTotp(r: PathRun, user: Principal, preferred: boolean, alsoSms = false): Promise<void> {
  const { world } = r;
  const signedIn = await world.arrange.send('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: world.clientId,
    AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
  });
  const AccessToken = signedIn.AuthenticationResult?.AccessToken;
  if (!AccessToken) throw new Error('arranging TOTP: no access token');
  const { SecretCode } = await world.arrange.send('AssociateSoftwareToken', { AccessToken });
  if (!SecretCode) throw new Error('arranging TOTP: no secret');
  await world.arrange.send('VerifySoftwareToken', { AccessToken, UserCode: world.totp(SecretCode) });
  await world.arrange.send('SetUserMFAPreference', {
    AccessToken,
    SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: preferred },
    ...(alsoSms ? { SMSMfaSettings: { Enabled: true, PreferredMfa: false } } : {}),
  });
  user.totpSecret = SecretCode;
  // The code just used may not be used again: let the next one come.
  world.advance(30_000);
}

function signIn(r: PathRun, user: Principal, extra: Record<string, unknown> = {}): void {
  r.send({ type: 'SIGN_IN', username: user.username, password: user.password, ...extra });
}

function wrongCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

/** The pending sign-up's code; the username goes along only when the machine holds another one. */
function confirmSignUp(r: PathRun, code: (user: Principal) => string): void {
  const user = principal(r);
  const held = r.actor.getSnapshot().context.signUp?.username;
  r.send({ type: 'CONFIRM_SIGN_UP', code: code(user), ...(held === user.username ? {} : { username: user.username }) });
}

/** Whether the pending challenge's code was sent by Cognito (SMS MFA, email or SMS one-time codes), not made by the app. */
function sentCodeChallenge(r: PathRun): boolean {
  const snapshot = r.actor.getSnapshot();
  return (['smsMfa', 'emailOtp', 'smsOtp'] as const).some((state) => snapshot.matches({ challenge: state }));
}

function challengeSecret(r: PathRun): string {
  const secret = r.actor.getSnapshot().context.challenge?.totpSecret;
  if (!secret) throw new Error('no TOTP secret in the pending MFA_SETUP challenge');
  return secret.reveal();
}

export const STEP_DRIVERS: Record<ModelEventType, StepDriver> = {
  'SIGN_UP/needsCode': {
    run(r) {
      const username = r.fresh('signup');
      r.user = { username, password: PASSWORD };
      r.send({ type: 'SIGN_UP', username, password: PASSWORD, attributes: email(username) });
    },
  },
  'SIGN_UP/needsCodeAutoSignIn': {
    run(r) {
      const username = r.fresh('auto');
      r.user = { username, password: PASSWORD };
      r.send({ type: 'SIGN_UP', username, password: PASSWORD, attributes: email(username), autoSignIn: true });
    },
  },
  'SIGN_UP/autoConfirmed': {
    needs: ['triggers'],
    run(r) {
      const username = r.fresh('preconf');
      r.user = { username, password: PASSWORD };
      r.send({ type: 'SIGN_UP', username, password: PASSWORD, attributes: email(username), clientMetadata: { autoConfirm: 'yes' } });
    },
  },
  'SIGN_UP/autoConfirmedAutoSignIn': {
    needs: ['triggers'],
    run(r) {
      const username = r.fresh('preauto');
      r.user = { username, password: PASSWORD };
      r.send({
        type: 'SIGN_UP',
        username,
        password: PASSWORD,
        attributes: email(username),
        autoSignIn: true,
        clientMetadata: { autoConfirm: 'yes' },
      });
    },
  },
  'SIGN_UP/usernameExists': {
    async run(r) {
      const taken = await confirmedUser(r, 'taken');
      r.send({ type: 'SIGN_UP', username: taken.username, password: PASSWORD, attributes: email(taken.username) });
    },
  },
  'SIGN_UP/weakPassword': {
    needs: ['passwordPolicy'],
    run(r) {
      const username = r.fresh('weak');
      r.send({ type: 'SIGN_UP', username, password: 'weak', attributes: email(username) });
    },
  },
  'SIGN_UP/invalid': { run: (r) => r.send({ type: 'SIGN_UP', username: 'has space', password: '' }) },
  'SEND/malformed': { run: (r) => r.send(null as unknown as AuthEvent) },

  'SIGN_IN/signedIn': {
    async run(r) {
      signIn(r, await confirmedUser(r, 'user'));
    },
  },
  'SIGN_IN/signedInSrp': {
    needs: ['srp'],
    async run(r) {
      signIn(r, await confirmedUser(r, 'srp'), { authFlow: 'USER_SRP_AUTH' });
    },
  },
  'SIGN_IN/wrongPassword': {
    async run(r) {
      const user = await confirmedUser(r, 'wrongpw');
      r.send({ type: 'SIGN_IN', username: user.username, password: 'Wrong-Passw0rd!' });
    },
  },
  'SIGN_IN/unconfirmed': {
    async run(r) {
      const username = r.fresh('unconf');
      await r.world.arrange.send('SignUp', {
        ClientId: r.world.clientId,
        Username: username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: email(username).email }],
      });
      r.user = { username, password: PASSWORD };
      signIn(r, r.user);
    },
  },
  'SIGN_IN/resetRequired': {
    needs: ['resetRequired'],
    async run(r) {
      const user = await confirmedUser(r, 'reset');
      await r.world.requirePasswordReset(user.username);
      signIn(r, user);
    },
  },
  'SIGN_IN/smsMfa': {
    needs: ['smsMfa'],
    async run(r) {
      const user = await confirmedUser(r, 'sms', { phone_number: '+14325551212' });
      await r.world.enableSmsMfa(user.username, true);
      signIn(r, user);
    },
  },
  'SIGN_IN/totpMfa': {
    async run(r) {
      const user = await confirmedUser(r, 'totp');
      await enableTotp(r, user, true);
      signIn(r, user);
    },
  },
  'SIGN_IN/selectMfaType': {
    needs: ['smsMfa'],
    async run(r) {
      const user = await confirmedUser(r, 'select', { phone_number: '+14325551213' });
      await enableTotp(r, user, false, true);
      signIn(r, user);
    },
  },
  'SIGN_IN/totpSetup': {
    needs: ['mfaSetup'],
    async run(r) {
      signIn(r, await confirmedUser(r, 'setup'));
    },
  },
  'SIGN_IN/customChallenge': {
    needs: ['customAuth', 'triggers'],
    async run(r) {
      const user = await confirmedUser(r, 'custom');
      r.send({ type: 'SIGN_IN', username: user.username, authFlow: 'CUSTOM_WITHOUT_SRP' });
    },
  },
  'SIGN_IN/newPasswordRequired': {
    async run(r) {
      const username = r.fresh('temp');
      await r.world.createTemporaryUser(username, TEMPORARY_PASSWORD, email(username));
      r.user = { username, password: TEMPORARY_PASSWORD };
      signIn(r, r.user);
    },
  },
  'SIGN_IN/invalid': { run: (r) => r.send({ type: 'SIGN_IN', username: 'nobody' }) },
  'SIGN_IN/totpSetupUnreachable': {
    needs: ['mfaSetup'],
    async run(r) {
      const user = await confirmedUser(r, 'setupoff');
      r.failNext('AssociateSoftwareToken', 'network');
      signIn(r, user);
    },
  },
  'SIGN_IN/alreadySignedIn': { run: (r) => signIn(r, principal(r)) },
  'SIGN_IN/cancelled': {
    async run(r) {
      const user = await confirmedUser(r, 'cancel');
      r.failNext('InitiateAuth', 'noAnswer');
      signIn(r, user);
      r.send({ type: 'CANCEL' });
    },
  },

  'CONFIRM_SIGN_UP/right': {
    async run(r) {
      if (!r.user) {
        // From signed out: a sign-up made earlier, elsewhere.
        const username = r.fresh('elsewhere');
        await r.world.arrange.send('SignUp', {
          ClientId: r.world.clientId,
          Username: username,
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: email(username).email }],
        });
        r.user = { username, password: PASSWORD };
      }
      confirmSignUp(r, (user) => r.world.code(user.username, 'SignUp'));
    },
  },
  'CONFIRM_SIGN_UP/wrongCode': {
    async run(r) {
      if (!r.user) {
        const username = r.fresh('elsewhere');
        await r.world.arrange.send('SignUp', {
          ClientId: r.world.clientId,
          Username: username,
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: email(username).email }],
        });
        r.user = { username, password: PASSWORD };
      }
      confirmSignUp(r, (user) => wrongCode(r.world.code(user.username, 'SignUp')));
    },
  },
  'CONFIRM_SIGN_UP/invalid': { run: (r) => r.send({ type: 'CONFIRM_SIGN_UP', code: '' }) },
  'CONFIRM_SIGN_UP/rightThenSmsMfa': {
    needs: ['smsMfa'],
    async run(r) {
      // An administrator gives the pending user a phone and turns SMS MFA on before the code is entered.
      const user = principal(r);
      await r.world.addPhone(user.username, '+14325551214');
      await r.world.enableSmsMfa(user.username, true);
      confirmSignUp(r, (u) => r.world.code(u.username, 'SignUp'));
    },
  },
  'CONFIRM_SIGN_UP/rightThenTotpSetup': {
    needs: ['mfaSetup'],
    run: (r) => confirmSignUp(r, (u) => r.world.code(u.username, 'SignUp')),
  },
  'CONFIRM_SIGN_UP/rightThenCustomChallenge': {
    needs: ['customAuth', 'triggers'],
    appAuthFlow: 'CUSTOM_WITHOUT_SRP',
    run: (r) => confirmSignUp(r, (u) => r.world.code(u.username, 'SignUp')),
  },
  'CONFIRM_SIGN_UP/rightThenUnreachable': {
    run(r) {
      r.failNext('InitiateAuth', 'network');
      confirmSignUp(r, (u) => r.world.code(u.username, 'SignUp'));
    },
  },
  'CONFIRM_SIGN_UP/rightThenCancelled': {
    async run(r) {
      r.failNext('InitiateAuth', 'noAnswer');
      confirmSignUp(r, (u) => r.world.code(u.username, 'SignUp'));
      // The confirmation's own answer comes first; the sign-in after it never gets one. A confirmation that
      // failed (a fault at its call) leaves nothing to cancel: the step ends there, with its error.
      await waitFor(r.actor, (s) => s.matches('autoSigningIn') || !s.hasTag('busy'), { timeout: 10_000 });
      if (r.actor.getSnapshot().matches('autoSigningIn')) r.send({ type: 'CANCEL' });
    },
  },
  'RESEND_SIGN_UP_CODE/sent': {
    needs: ['resendCode'],
    async run(r) {
      if (!r.user) {
        const username = r.fresh('resend');
        await r.world.arrange.send('SignUp', {
          ClientId: r.world.clientId,
          Username: username,
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: email(username).email }],
        });
        r.user = { username, password: PASSWORD };
        r.send({ type: 'RESEND_SIGN_UP_CODE', username });
        return;
      }
      r.send({ type: 'RESEND_SIGN_UP_CODE' });
    },
  },
  'RESEND_SIGN_UP_CODE/unknownUser': {
    needs: ['resendCode'],
    run: (r) => r.send({ type: 'RESEND_SIGN_UP_CODE', username: r.fresh('ghost') }),
  },
  'RESEND_SIGN_UP_CODE/invalid': {
    run: (r) => r.send(r.user ? { type: 'RESEND_SIGN_UP_CODE', username: '' } : { type: 'RESEND_SIGN_UP_CODE' }),
  },

  'CONFIRM_SIGN_IN/right': {
    run(r) {
      const user = principal(r);
      const smsChallenge = sentCodeChallenge(r);
      const code = smsChallenge ? r.world.code(user.username, 'Authentication') : r.world.totp(user.totpSecret ?? '');
      r.send({ type: 'CONFIRM_SIGN_IN', code });
    },
  },
  'CONFIRM_SIGN_IN/wrongCode': {
    run(r) {
      const user = principal(r);
      const smsChallenge = sentCodeChallenge(r);
      const code = smsChallenge ? r.world.code(user.username, 'Authentication') : r.world.totp(user.totpSecret ?? '');
      r.send({ type: 'CONFIRM_SIGN_IN', code: wrongCode(code) });
    },
  },
  'CONFIRM_SIGN_IN/expiredSession': {
    needs: ['sessionExpiry'],
    run(r) {
      const user = principal(r);
      const smsChallenge = sentCodeChallenge(r);
      const code = smsChallenge ? r.world.code(user.username, 'Authentication') : r.world.totp(user.totpSecret ?? '');
      // Cognito's clock passes the 3-minute session; the machine's own timer has not fired yet.
      r.world.advance(3 * 60_000 + 1_000);
      r.send({ type: 'CONFIRM_SIGN_IN', code: smsChallenge ? code : r.world.totp(user.totpSecret ?? '') });
    },
  },
  'CONFIRM_SIGN_IN/invalid': { run: (r) => r.send({ type: 'CONFIRM_SIGN_IN', code: '12 34' }) },
  'CONFIRM_SIGN_IN/noAnswer': {
    run(r) {
      const user = principal(r);
      const smsChallenge = sentCodeChallenge(r);
      const code = smsChallenge ? r.world.code(user.username, 'Authentication') : r.world.totp(user.totpSecret ?? '');
      r.failNext('RespondToAuthChallenge', 'noAnswer');
      r.send({ type: 'CONFIRM_SIGN_IN', code });
      r.elapse(TWO_DAYS);
    },
  },

  'SELECT_MFA_TYPE/sms': { run: (r) => r.send({ type: 'SELECT_MFA_TYPE', mfaType: 'SMS' }) },
  'SELECT_MFA_TYPE/totp': { run: (r) => r.send({ type: 'SELECT_MFA_TYPE', mfaType: 'SOFTWARE_TOKEN_MFA' }) },
  'SELECT_MFA_TYPE/invalid': {
    run(r) {
      r.send({ type: 'SELECT_MFA_TYPE', mfaType: 'VOICE' });
      // Told by the payload check (every type the event takes), not as a factor Cognito did not offer.
      const said = r.actor.getSnapshot().context.error?.message ?? '';
      if (!said.includes('mfaType must be one of SMS_MFA')) throw new Error(`an unknown MFA type was refused as: ${said}`);
    },
  },
  'CONFIRM_SIGN_IN/notAsked': { run: (r) => r.send({ type: 'CONFIRM_SIGN_IN', code: '123456' }) },
  'SELECT_MFA_TYPE/notAsked': { run: (r) => r.send({ type: 'SELECT_MFA_TYPE', mfaType: 'SMS' }) },
  'VERIFY_TOTP_SETUP/notAsked': { run: (r) => r.send({ type: 'VERIFY_TOTP_SETUP', code: '123456' }) },
  'SEND_CUSTOM_CHALLENGE_ANSWER/notAsked': { run: (r) => r.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: '4' }) },
  'COMPLETE_NEW_PASSWORD/notAsked': { run: (r) => r.send({ type: 'COMPLETE_NEW_PASSWORD', newPassword: NEW_PASSWORD }) },
  'SELECT_MFA_TYPE/unreachable': {
    run(r) {
      r.failNext('RespondToAuthChallenge', 'network');
      r.send({ type: 'SELECT_MFA_TYPE', mfaType: 'SMS' });
    },
  },

  'VERIFY_TOTP_SETUP/right': {
    run: (r) => r.send({ type: 'VERIFY_TOTP_SETUP', code: r.world.totp(challengeSecret(r)), friendlyDeviceName: 'phone' }),
  },
  'VERIFY_TOTP_SETUP/wrongCode': {
    run: (r) => r.send({ type: 'VERIFY_TOTP_SETUP', code: wrongCode(r.world.totp(challengeSecret(r))) }),
  },
  'VERIFY_TOTP_SETUP/invalid': { run: (r) => r.send({ type: 'VERIFY_TOTP_SETUP', code: '12345' }) },

  'SEND_CUSTOM_CHALLENGE_ANSWER/right': { run: (r) => r.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: '4' }) },
  'SEND_CUSTOM_CHALLENGE_ANSWER/anotherRound': {
    run: (r) => r.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: '5', clientMetadata: { retry: 'yes' } }),
  },
  'SEND_CUSTOM_CHALLENGE_ANSWER/wrong': { run: (r) => r.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: '5' }) },
  'SEND_CUSTOM_CHALLENGE_ANSWER/invalid': { run: (r) => r.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: '' }) },
  'SEND_CUSTOM_CHALLENGE_ANSWER/rightThenSelectMfaType': {
    needs: ['smsMfa'],
    async run(r) {
      // Meanwhile, in another session, the user added a phone and turned on both SMS and TOTP MFA (once: the
      // step may be sent again).
      const user = principal(r);
      if (!user.totpSecret) {
        await r.world.addPhone(user.username, '+14325551215');
        await enableTotp(r, user, false, true);
      }
      r.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: '4' });
    },
  },
  'SEND_CUSTOM_CHALLENGE_ANSWER/unreachable': {
    run(r) {
      r.failNext('RespondToAuthChallenge', 'network');
      r.send({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: '4' });
    },
  },

  'COMPLETE_NEW_PASSWORD/right': {
    run(r) {
      principal(r).password = NEW_PASSWORD;
      r.send({ type: 'COMPLETE_NEW_PASSWORD', newPassword: NEW_PASSWORD });
    },
  },
  'COMPLETE_NEW_PASSWORD/weakPassword': {
    needs: ['passwordPolicy'],
    run: (r) => r.send({ type: 'COMPLETE_NEW_PASSWORD', newPassword: 'weak' }),
  },
  'COMPLETE_NEW_PASSWORD/rightThenTotpSetup': {
    needs: ['mfaSetup'],
    run(r) {
      principal(r).password = NEW_PASSWORD;
      r.send({ type: 'COMPLETE_NEW_PASSWORD', newPassword: NEW_PASSWORD });
    },
  },
  'COMPLETE_NEW_PASSWORD/invalid': { run: (r) => r.send({ type: 'COMPLETE_NEW_PASSWORD', newPassword: ' padded ' }) },

  'SIGN_OUT/local': { run: (r) => r.send({ type: 'SIGN_OUT' }) },
  'SIGN_OUT/global': { needs: ['globalSignOut'], run: (r) => r.send({ type: 'SIGN_OUT', global: true }) },
  'SIGN_OUT/invalid': { run: (r) => r.send({ type: 'SIGN_OUT', global: 'yes' }) },
  'SIGN_OUT/whileSignedOut': { run: (r) => r.send({ type: 'SIGN_OUT' }) },
  'SIGN_OUT/globalUnreachable': {
    needs: ['globalSignOut'],
    run(r) {
      r.failNext('GlobalSignOut', 'network');
      r.send({ type: 'SIGN_OUT', global: true });
    },
  },
  'SIGN_OUT/globalRevoked': {
    needs: ['globalSignOut'],
    async run(r) {
      // The user signs in on another device and signs out everywhere there: this device's tokens are revoked.
      const user = principal(r);
      const other = await r.world.arrange.send('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: r.world.clientId,
        AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
      });
      const AccessToken = other.AuthenticationResult?.AccessToken;
      if (!AccessToken) throw new Error('signing in on another device: no access token');
      await r.world.arrange.send('GlobalSignOut', { AccessToken });
      r.send({ type: 'SIGN_OUT', global: true });
    },
  },
  'REFRESH/refreshed': { run: (r) => r.send({ type: 'REFRESH' }) },
  'REFRESH/twice': {
    run(r) {
      r.send({ type: 'REFRESH' });
      r.send({ type: 'REFRESH' });
    },
  },
  'REFRESH/unreachable': {
    run(r) {
      r.failNext('InitiateAuth', 'network');
      r.send({ type: 'REFRESH' });
    },
  },
  'REFRESH/revoked': {
    async run(r) {
      // The refresh token is revoked elsewhere (another tab signed out): the next refresh is refused.
      const token = r.actor.getSnapshot().context.tokens?.refreshToken;
      if (!token) throw new Error('no refresh token to revoke');
      await r.world.arrange.send('RevokeToken', { Token: token, ClientId: r.world.clientId });
      r.send({ type: 'REFRESH' });
    },
  },
  'RELOAD/restored': { run: (r) => r.reload() },
  'RELOAD/restoredLater': { run: (r) => r.reload({ asyncStorage: true }) },
  'RELOAD/resumed': { run: (r) => r.resume() },
  'RELOAD/resumedLate': { run: (r) => r.resume({ late: true }) },
  'RELOAD/resumedThenWait': {
    async run(r) {
      await r.resume();
      r.elapse(TWO_DAYS);
    },
  },

  'ELSEWHERE/signedIn': {
    async run(r) {
      // Another tab signs in a user of its own; this tab takes that session (and is about that user from now on).
      const user = await confirmedUser(r, 'tab');
      await r.elsewhere((other) => other.send({ type: 'SIGN_IN', username: user.username, password: user.password }));
    },
  },
  'ELSEWHERE/refreshed': { run: (r) => r.elsewhere((other) => other.send({ type: 'REFRESH' })) },
  'ELSEWHERE/refreshedDuringRefresh': {
    async run(r) {
      r.failNext('InitiateAuth', 'noAnswer');
      r.send({ type: 'REFRESH' });
      await r.elsewhere((other) => other.send({ type: 'REFRESH' }));
    },
  },
  'ELSEWHERE/signedOut': { run: (r) => r.elsewhere((other) => other.send({ type: 'SIGN_OUT' })) },
  // A change announced that this tab already holds (e.g. its own write heard back).
  'ELSEWHERE/unchanged': { run: (r) => r.elsewhere(() => undefined) },

  'FORGOT_PASSWORD/sent': {
    async run(r) {
      const user = r.user ?? (await confirmedUser(r, 'forgot'));
      r.send({ type: 'FORGOT_PASSWORD', username: user.username });
    },
  },
  'FORGOT_PASSWORD/unknownUser': { run: (r) => r.send({ type: 'FORGOT_PASSWORD', username: r.fresh('ghost') }) },
  'FORGOT_PASSWORD/invalid': { run: (r) => r.send({ type: 'FORGOT_PASSWORD', username: '' }) },
  'CONFIRM_FORGOT_PASSWORD/right': {
    run(r) {
      const user = principal(r);
      user.password = NEW_PASSWORD;
      r.send({ type: 'CONFIRM_FORGOT_PASSWORD', code: r.world.code(user.username, 'ForgotPassword'), newPassword: NEW_PASSWORD });
    },
  },
  'CONFIRM_FORGOT_PASSWORD/wrongCode': {
    run: (r) =>
      r.send({
        type: 'CONFIRM_FORGOT_PASSWORD',
        code: wrongCode(r.world.code(principal(r).username, 'ForgotPassword')),
        newPassword: NEW_PASSWORD,
      }),
  },
  'CONFIRM_FORGOT_PASSWORD/invalid': { run: (r) => r.send({ type: 'CONFIRM_FORGOT_PASSWORD', code: '', newPassword: NEW_PASSWORD }) },
  CANCEL: { run: (r) => r.send({ type: 'CANCEL' }) },
  'SIGN_IN_WITH_REDIRECT/returned': {
    async run(r) {
      const user = await confirmedUser(r, 'oauth');
      r.managedLogin.returnAtOnce(user);
      r.send({ type: 'SIGN_IN_WITH_REDIRECT', customState: 'model' });
    },
  },
  'SIGN_IN_WITH_REDIRECT/away': {
    async run(r) {
      await confirmedUser(r, 'oauth');
      r.send({ type: 'SIGN_IN_WITH_REDIRECT', provider: 'Google' });
    },
  },
  'SIGN_IN_WITH_REDIRECT/notOpened': {
    run(r) {
      r.managedLogin.failNextOpen();
      r.send({ type: 'SIGN_IN_WITH_REDIRECT' });
    },
  },
  'SIGN_IN_WITH_REDIRECT/invalid': { run: (r) => r.send({ type: 'SIGN_IN_WITH_REDIRECT', provider: '' }) },
  'SIGN_IN_WITH_REDIRECT/alreadySignedIn': { run: (r) => r.send({ type: 'SIGN_IN_WITH_REDIRECT' }) },
  'REDIRECT_RETURNED/signedIn': { run: (r) => r.send({ type: 'REDIRECT_RETURNED', url: r.managedLogin.signedInReturn(principal(r)) }) },
  'REDIRECT_RETURNED/denied': { run: (r) => r.send({ type: 'REDIRECT_RETURNED', url: r.managedLogin.deniedReturn() }) },
  'REDIRECT_RETURNED/invalid': { run: (r) => r.send({ type: 'REDIRECT_RETURNED', url: '' }) },
  // A return URL with a code, on an app that started no redirect sign-in (another tab's, a replayed link).
  'REDIRECT_RETURNED/notStartedHere': { run: (r) => r.send({ type: 'REDIRECT_RETURNED', url: 'myapp://signed-in?code=stolen&state=forged' }) },
  'WAIT/sessionExpired': { run: (r) => r.elapse(TWO_DAYS) },
  'SIGN_IN/selectChallenge': {
    needs: ['passwordless'],
    async run(r) {
      const user = await confirmedUser(r, 'choose', { phone_number: '+14325551216', phone_number_verified: 'true' });
      r.send({ type: 'SIGN_IN', username: user.username, authFlow: 'USER_AUTH' });
    },
  },
  'SIGN_IN/emailOtp': {
    needs: ['passwordless'],
    async run(r) {
      const user = await confirmedUser(r, 'emailotp');
      r.send({ type: 'SIGN_IN', username: user.username, authFlow: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' });
    },
  },
  'SIGN_IN/smsOtp': {
    needs: ['passwordless'],
    async run(r) {
      const user = await confirmedUser(r, 'smsotp', { phone_number: '+14325551217', phone_number_verified: 'true' });
      r.send({ type: 'SIGN_IN', username: user.username, authFlow: 'USER_AUTH', preferredChallenge: 'SMS_OTP' });
    },
  },
  'SIGN_IN/webAuthn': {
    needs: ['passwordless', 'passkeys'],
    async run(r) {
      const user = await passkeyUser(r);
      r.send({ type: 'SIGN_IN', username: user.username, authFlow: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' });
    },
  },
  'SIGN_IN/webAuthnCancelled': {
    needs: ['passwordless', 'passkeys'],
    async run(r) {
      const user = await passkeyUser(r);
      r.passkeys.cancelNext();
      r.send({ type: 'SIGN_IN', username: user.username, authFlow: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' });
    },
  },
  'SIGN_IN/selectChallengeWithPasskey': {
    needs: ['passwordless', 'passkeys'],
    async run(r) {
      const user = await passkeyUser(r);
      r.send({ type: 'SIGN_IN', username: user.username, authFlow: 'USER_AUTH' });
    },
  },
  'SELECT_CHALLENGE/webAuthn': { run: (r) => r.send({ type: 'SELECT_CHALLENGE', challenge: 'WEB_AUTHN' }) },
  'RETRY/webAuthn': { run: (r) => r.send({ type: 'RETRY' }) },
  'RETRY/unreachable': {
    run(r) {
      r.failNext('RespondToAuthChallenge', 'network');
      r.send({ type: 'RETRY' });
    },
  },
  'SELECT_CHALLENGE/emailOtp': { run: (r) => r.send({ type: 'SELECT_CHALLENGE', challenge: 'EMAIL_OTP' }) },
  'SELECT_CHALLENGE/smsOtp': { run: (r) => r.send({ type: 'SELECT_CHALLENGE', challenge: 'SMS_OTP' }) },
  'SELECT_CHALLENGE/password': { run: (r) => r.send({ type: 'SELECT_CHALLENGE', challenge: 'PASSWORD', password: principal(r).password }) },
  // The pool's factors do not include passkeys, so Cognito never offers one.
  'SELECT_CHALLENGE/unavailable': { run: (r) => r.send({ type: 'SELECT_CHALLENGE', challenge: 'WEB_AUTHN' }) },
  'SELECT_CHALLENGE/invalid': { run: (r) => r.send({ type: 'SELECT_CHALLENGE', challenge: 'PASSWORD' }) },
  'WAIT/refreshDue': { run: (r) => r.elapse(TWO_DAYS) },
  'SIGN_IN/emailMfa': {
    needs: ['emailMfa'],
    async run(r) {
      const user = await confirmedUser(r, 'emailmfa');
      await r.world.enableEmailMfa(user.username, true);
      signIn(r, user);
    },
  },
  'SIGN_IN/selectMfaTypeWithEmail': {
    needs: ['emailMfa'],
    async run(r) {
      const user = await confirmedUser(r, 'selectemail');
      await enableTotp(r, user, false);
      await r.world.enableEmailMfa(user.username, false);
      signIn(r, user);
    },
  },
  'SELECT_MFA_TYPE/email': { run: (r) => r.send({ type: 'SELECT_MFA_TYPE', mfaType: 'EMAIL' }) },
  'CONFIRM_SIGN_UP/rightThenEmailMfa': {
    needs: ['emailMfa'],
    async run(r) {
      // An administrator turns email MFA on for the pending user before the code is entered.
      await r.world.enableEmailMfa(principal(r).username, true);
      confirmSignUp(r, (u) => r.world.code(u.username, 'SignUp'));
    },
  },
  'SIGN_UP/needsCodePasswordless': {
    needs: ['passwordless'],
    run(r) {
      const username = r.fresh('nopw');
      r.user = { username, password: '' };
      r.send({ type: 'SIGN_UP', username, attributes: email(username), autoSignIn: true });
    },
  },
  'SELECT_CHALLENGE/notAsked': { run: (r) => r.send({ type: 'SELECT_CHALLENGE', challenge: 'EMAIL_OTP' }) },
  'SIGN_IN/mfaSetupChoice': {
    needs: ['emailMfaSetup'],
    async run(r) {
      // An unverified email: with a verified one, the pool would send it a code at once instead of asking.
      signIn(r, await confirmedUser(r, 'choice', { email_verified: 'false' }));
    },
  },
  'SELECT_MFA_TYPE/setupTotp': { run: (r) => r.send({ type: 'SELECT_MFA_TYPE', mfaType: 'TOTP' }) },
  'SELECT_MFA_TYPE/setupEmail': { run: (r) => r.send({ type: 'SELECT_MFA_TYPE', mfaType: 'EMAIL' }) },
  'SELECT_MFA_TYPE/notOffered': { run: (r) => r.send({ type: 'SELECT_MFA_TYPE', mfaType: 'SMS' }) },
  // The user's own address: it becomes the verified email the ID token carries.
  'SET_UP_EMAIL_MFA/right': { run: (r) => r.send({ type: 'SET_UP_EMAIL_MFA', ...email(principal(r).username) }) },
  'SET_UP_EMAIL_MFA/invalid': { run: (r) => r.send({ type: 'SET_UP_EMAIL_MFA', email: 'not an address' }) },
  'SELECT_MFA_TYPE/setupTotpUnreachable': {
    run(r) {
      r.failNext('AssociateSoftwareToken', 'network');
      r.send({ type: 'SELECT_MFA_TYPE', mfaType: 'TOTP' });
    },
  },
  'SET_UP_EMAIL_MFA/unreachable': {
    run(r) {
      r.failNext('RespondToAuthChallenge', 'network');
      r.send({ type: 'SET_UP_EMAIL_MFA', ...email(principal(r).username) });
    },
  },
  ...ACCOUNT_DRIVERS,
};
