import { waitFor, type SnapshotFrom } from 'xstate';
import { AuthError } from '../machines/auth-error.js';
import type { AuthEvent } from '../machines/auth-events.js';
import type { AuthEmitted, CodeDelivery } from '../machines/auth-types.js';
import type { AccountEmitted } from '../machines/account-contracts.js';
import { challengesAnsweredBy, type AnswerEventType } from '../machines/challenges.js';
import { acceptedEvents } from '../machines/refused-event.js';
import type { AuthActor } from '../runtime/auth-actor.js';
import type { AuthConfig, CreateAuthOptions } from '../runtime/create-auth.js';
import { AmplifyAuthError, argumentError } from './amplify-error.js';
import type { AmplifyHub, HubPayload } from './amplify-hub.js';
import { authConfigOf, authOptionsOf, createAuthOptionsOf, type AmplifyAuthOptions, type AmplifyConfigureInput } from './amplify-auth-options.js';
import { AmplifyUser, attributesOf } from './amplify-user.js';
import { AmplifyUserSession } from './amplify-user-session.js';
import { callBesideSession, type BesideSessionEvent } from './beside-session.js';
import { deliveryDetails, type CodeDeliveryDetails } from './code-delivery.js';
import {
  allFactorsOff,
  attributesObject,
  attributeUpdateResults,
  mfaMethodChange,
  preferredMfaOf,
  userAttributeList,
  type AmplifyUserAttribute,
  type CurrentUserInfo,
  type MfaMethod,
  type PreferredMfa,
} from './amplify-account-shapes.js';

type AuthSnapshot = SnapshotFrom<AuthActor>;
/** The events the machine emits when an account action succeeds. */
type AccountSuccessType = Exclude<AccountEmitted, { error: unknown }>['type'];
export type CreateAuthFn = (config: AuthConfig, options?: CreateAuthOptions) => AuthActor;
type StringMap = Record<string, string>;

/** v5 rejected these two with bare strings, not errors; apps compare them. */
export const NOT_AUTHENTICATED = 'The user is not authenticated';
export const NO_CURRENT_USER = 'No current user';

export type { CodeDeliveryDetails } from './code-delivery.js';

export interface SignUpParams {
  username: string;
  password: string;
  /** Cognito's attribute names; `custom:` ones included. Undefined values are left out, as JSON leaves them out. */
  attributes?: Record<string, string | undefined>;
  validationData?: StringMap;
  clientMetadata?: StringMap;
  autoSignIn?: { enabled: boolean; clientMetaData?: StringMap; validationData?: StringMap };
}

export interface SignUpResult {
  user: AmplifyUser;
  userConfirmed: boolean;
  userSub: string;
  codeDeliveryDetails?: CodeDeliveryDetails;
}

export interface ConfirmSignUpOptions {
  forceAliasCreation?: boolean;
  clientMetadata?: StringMap;
}

export interface SignInOptions {
  username: string;
  password?: string;
  validationData?: StringMap;
}

export interface SignOutOptions {
  global?: boolean;
}

/** A step is over when the machine stops working, or when sign-up is done and auto sign-in has taken over. */
const settled = (s: AuthSnapshot): boolean => !s.hasTag('busy') || s.matches('autoSigningIn');
const idle = (s: AuthSnapshot): boolean => !s.hasTag('busy');

function definedOnly(values: Record<string, string | undefined> | undefined): StringMap | undefined {
  if (!values) return undefined;
  const out: StringMap = {};
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== null) out[name] = value;
  return out;
}

/**
 * `Auth` with the calls of the Amplify v5 guide (v5's shapes), each one an event sent to the one auth machine: the
 * promise settles when the machine has settled, with what its context then holds. What the machine emits is
 * published on the Hub's `auth` channel with v5's payloads. The facade keeps no auth state of its own beyond
 * the user objects it hands out.
 */
export class AmplifyAuth {
  readonly #hub: AmplifyHub;
  readonly #createAuth: CreateAuthFn;
  #options: Partial<AmplifyAuthOptions> = {};
  #actor: AuthActor | null = null;
  #unbridge: (() => void) | null = null;
  /** The signed-in user object: the same one signIn() resolves to and the Hub's signIn event carries. */
  #user: AmplifyUser | null = null;
  #signUpResult: SignUpResult | null = null;
  /** The username of the call in progress, for Hub messages of events that carry none. */
  #username = '';

  constructor(hub: AmplifyHub, createAuth: CreateAuthFn) {
    this.#hub = hub;
    this.#createAuth = createAuth;
  }

  /** Merges the options with earlier ones and starts a new auth machine for them (stopping the old one). */
  configure(input?: AmplifyConfigureInput): Partial<AmplifyAuthOptions> {
    if (!input) return this.#options;
    const options = { ...this.#options, ...authOptionsOf(input) };
    this.#options = options;
    if (!options.userPoolId) return options;
    this.stop();
    const config = authConfigOf(options);
    const actor = this.#createAuth(config, createAuthOptionsOf(config));
    this.#actor = actor;
    this.#bridge(actor);
    this.#publish({ event: 'configured', data: null, message: 'The Auth category has been configured successfully' });
    return options;
  }

  /** The auth machine behind the facade: for inspection, and for moving on to the machine itself. */
  get actor(): AuthActor {
    if (!this.#actor) throw argumentError('noConfig');
    return this.#actor;
  }

  /** Not in v5: stops the machine and its timers (token refresh). `configure` starts a new one. */
  stop(): void {
    this.#unbridge?.();
    this.#unbridge = null;
    this.#actor?.stop();
    this.#actor = null;
    this.#user = null;
  }

  async signUp(params: SignUpParams | string, ...legacy: string[]): Promise<SignUpResult> {
    const input: SignUpParams | undefined =
      typeof params === 'string'
        ? {
            username: params,
            password: legacy[0] ?? '',
            attributes: { ...(legacy[1] ? { email: legacy[1] } : {}), ...(legacy[2] ? { phone_number: legacy[2] } : {}) },
          }
        : params;
    if (!input || typeof input !== 'object') throw argumentError('signUpError');
    if (!input.username) throw argumentError('emptyUsername');
    if (!input.password) throw argumentError('emptyPassword');
    await this.#abandonPendingFlow();
    this.#username = input.username;
    this.#signUpResult = null;
    const attributes = definedOnly(input.attributes);
    const clientMetadata = input.clientMetadata ?? this.#options.clientMetadata;
    const autoSignIn = input.autoSignIn?.enabled === true;
    const event = {
      type: 'SIGN_UP',
      username: input.username,
      password: input.password,
      ...(attributes ? { attributes } : {}),
      autoSignIn,
      ...(clientMetadata ? { clientMetadata } : {}),
      ...(input.validationData ? { validationData: input.validationData } : {}),
    } as const;
    const beside = await this.#besideMachineFor(event);
    if (beside) {
      await this.#besideSession(beside, { ...event, autoSignIn: false });
      // v5 would sign the new account in over the current one; the machine keeps the session it holds.
      if (autoSignIn) {
        const holder = beside.getSnapshot().context.user?.username;
        this.#publish({
          event: 'autoSignIn_failure',
          data: holder
            ? new AmplifyAuthError('UserAlreadyAuthenticatedException', `${holder} is signed in: sign out, then sign ${input.username} in`)
            : new AmplifyAuthError('AutoSignInError', `The sign-up of ${input.username} was made beside another flow: sign in once it is confirmed`),
          message: 'autoSignInError',
        });
      }
    } else {
      this.#throwIfFailed(await this.#drive(event));
    }
    if (!this.#signUpResult) throw new AmplifyAuthError('UnknownError', 'The sign-up ended without a result');
    return this.#signUpResult;
  }

  async resendSignUp(username: string, clientMetadata: StringMap | undefined = this.#options.clientMetadata): Promise<{ CodeDeliveryDetails?: CodeDeliveryDetails }> {
    if (!username) throw argumentError('emptyUsername');
    await this.#abandonChallenge();
    const event = { type: 'RESEND_SIGN_UP_CODE', username, ...(clientMetadata ? { clientMetadata } : {}) } as const;
    const beside = await this.#besideMachineFor(event);
    if (beside) {
      const details = deliveryDetails((await this.#besideSession(beside, event)).codeDelivery);
      return details ? { CodeDeliveryDetails: details } : {};
    }
    const snapshot = await this.#drive(event);
    this.#throwIfFailed(snapshot);
    const details = deliveryDetails(snapshot.context.signUp?.codeDelivery);
    return details ? { CodeDeliveryDetails: details } : {};
  }

  async confirmSignUp(username: string, code: string, options: ConfirmSignUpOptions = {}): Promise<'SUCCESS'> {
    if (!username) throw argumentError('emptyUsername');
    if (!code) throw argumentError('emptyCode');
    await this.#abandonChallenge();
    this.#username = username;
    const clientMetadata = options.clientMetadata ?? this.#options.clientMetadata;
    const event = {
      type: 'CONFIRM_SIGN_UP',
      username,
      code,
      // v5's default: a verified alias held by another user moves to this one.
      forceAliasCreation: typeof options.forceAliasCreation === 'boolean' ? options.forceAliasCreation : true,
      ...(clientMetadata ? { clientMetadata } : {}),
    } as const;
    const beside = await this.#besideMachineFor(event);
    if (beside) {
      await this.#besideSession(beside, event);
      return 'SUCCESS';
    }
    const snapshot = await this.#drive(event);
    if (!snapshot.matches('autoSigningIn')) this.#throwIfFailed(snapshot);
    return 'SUCCESS';
  }

  /** With no password, a custom-auth sign-in (CUSTOM_AUTH without SRP), as in v5. */
  async signIn(
    usernameOrOptions: string | SignInOptions,
    password?: string,
    clientMetadata: StringMap | undefined = this.#options.clientMetadata,
  ): Promise<AmplifyUser> {
    const options = typeof usernameOrOptions === 'string' ? { username: usernameOrOptions, password } : usernameOrOptions;
    if (!options || typeof options !== 'object') {
      throw new AmplifyAuthError('AuthError', 'The username should either be a string or one of the sign in types');
    }
    if (!options.username) throw argumentError('emptyUsername');
    await this.#abandonPendingFlow();
    this.#username = options.username;
    const snapshot = await this.#drive({
      type: 'SIGN_IN',
      username: options.username,
      ...(options.password ? { password: options.password } : { authFlow: 'CUSTOM_WITHOUT_SRP' as const }),
      ...(clientMetadata ? { clientMetadata } : {}),
    });
    return this.#outcome(snapshot);
  }

  /** The answer to SMS_MFA or SOFTWARE_TOKEN_MFA; the machine knows which one is pending, `mfaType` may say it too. */
  async confirmSignIn(
    user: AmplifyUser,
    code: string,
    mfaType?: 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | null,
    clientMetadata: StringMap | undefined = this.#options.clientMetadata,
  ): Promise<AmplifyUser> {
    if (!code) throw argumentError('emptyCode');
    await this.#pendingChallenge(user, 'CONFIRM_SIGN_IN');
    const snapshot = await this.#drive({
      type: 'CONFIRM_SIGN_IN',
      code,
      ...(mfaType ? { mfaType } : {}),
      ...(clientMetadata ? { clientMetadata } : {}),
    });
    return this.#outcome(snapshot);
  }

  async sendCustomChallengeAnswer(
    user: AmplifyUser,
    challengeResponses: string,
    clientMetadata: StringMap | undefined = this.#options.clientMetadata,
  ): Promise<AmplifyUser> {
    if (!challengeResponses) throw argumentError('emptyChallengeResponse');
    await this.#pendingChallenge(user, 'SEND_CUSTOM_CHALLENGE_ANSWER');
    const snapshot = await this.#drive({
      type: 'SEND_CUSTOM_CHALLENGE_ANSWER',
      answer: challengeResponses,
      ...(clientMetadata ? { clientMetadata } : {}),
    });
    return this.#outcome(snapshot);
  }

  async completeNewPassword(
    user: AmplifyUser,
    password: string,
    requiredAttributes: Record<string, string | undefined> = {},
    clientMetadata: StringMap | undefined = this.#options.clientMetadata,
  ): Promise<AmplifyUser> {
    if (!password) throw argumentError('emptyPassword');
    await this.#pendingChallenge(user, 'COMPLETE_NEW_PASSWORD');
    const attributes = definedOnly(requiredAttributes);
    const snapshot = await this.#drive({
      type: 'COMPLETE_NEW_PASSWORD',
      newPassword: password,
      ...(attributes && Object.keys(attributes).length ? { requiredAttributes: attributes } : {}),
      ...(clientMetadata ? { clientMetadata } : {}),
    });
    return this.#outcome(snapshot);
  }

  /** Revokes the refresh token (or, with `global`, signs out every device) and forgets the session here. */
  async signOut(options: SignOutOptions = {}): Promise<void> {
    const actor = await this.#idleActor();
    if (!actor.getSnapshot().matches('signedIn')) {
      await this.#abandonPendingFlow();
      return;
    }
    const snapshot = await this.#drive({ type: 'SIGN_OUT', global: options.global === true });
    // A local sign-out always succeeds here (v5 ignored a failed revocation too); a global one reports Cognito's answer.
    if (options.global === true || snapshot.matches('signedIn')) this.#throwIfFailed(snapshot);
  }

  /** Sends a code to reset the password with; resolves to Cognito's CodeDeliveryDetails as v5 did. */
  async forgotPassword(
    username: string,
    clientMetadata: StringMap | undefined = this.#options.clientMetadata,
  ): Promise<{ CodeDeliveryDetails?: CodeDeliveryDetails }> {
    if (!username) throw argumentError('emptyUsername');
    await this.#abandonPendingFlow();
    this.#username = username;
    const event = { type: 'FORGOT_PASSWORD', username, ...(clientMetadata ? { clientMetadata } : {}) } as const;
    const beside = await this.#besideMachineFor(event);
    if (beside) {
      const details = deliveryDetails((await this.#besideSession(beside, event)).codeDelivery);
      return details ? { CodeDeliveryDetails: details } : {};
    }
    const snapshot = await this.#drive(event);
    this.#throwIfFailed(snapshot);
    const details = deliveryDetails(snapshot.context.passwordReset?.codeDelivery);
    return details ? { CodeDeliveryDetails: details } : {};
  }

  async forgotPasswordSubmit(
    username: string,
    code: string,
    password: string,
    clientMetadata: StringMap | undefined = this.#options.clientMetadata,
  ): Promise<'SUCCESS'> {
    if (!username) throw argumentError('emptyUsername');
    if (!code) throw argumentError('emptyCode');
    if (!password) throw argumentError('emptyPassword');
    const event = {
      type: 'CONFIRM_FORGOT_PASSWORD',
      username,
      code,
      newPassword: password,
      ...(clientMetadata ? { clientMetadata } : {}),
    } as const;
    this.#username = username;
    // The machine takes a code inside the reset it started; v5 took one at any time, even after a reload.
    const beside = await this.#besideMachineFor(event);
    if (beside) {
      await this.#besideSession(beside, event);
      return 'SUCCESS';
    }
    const snapshot = await this.#drive(event);
    this.#throwIfFailed(snapshot);
    return 'SUCCESS';
  }

  async currentAuthenticatedUser(): Promise<AmplifyUser> {
    const snapshot = (await this.#idleActor().catch(() => null))?.getSnapshot();
    if (!snapshot?.matches('signedIn')) throw NOT_AUTHENTICATED;
    return this.#signedInUser(snapshot);
  }

  async currentUserPoolUser(): Promise<AmplifyUser> {
    const snapshot = (await this.#idleActor().catch(() => null))?.getSnapshot();
    if (!snapshot?.matches('signedIn')) throw NO_CURRENT_USER;
    return this.#signedInUser(snapshot);
  }

  /** The signed-in user's attributes as Cognito holds them (GetUser), as v5's CognitoUserAttribute list. */
  async userAttributes(_user?: AmplifyUser): Promise<AmplifyUserAttribute[]> {
    const fetched = await this.#account({ type: 'FETCH_USER_ATTRIBUTES' }, 'fetchUserAttributes');
    return userAttributeList(fetched.attributes);
  }

  /** `{ id, username, attributes }` of the signed-in user, or `null` when nobody is; `id` is the identity pool's, never set here. */
  async currentUserInfo(): Promise<Partial<CurrentUserInfo> | null> {
    const snapshot = (await this.#idleActor().catch(() => null))?.getSnapshot();
    const username = snapshot?.matches('signedIn') ? snapshot.context.user?.username : undefined;
    if (!username) return null;
    try {
      const fetched = await this.#account({ type: 'FETCH_USER_ATTRIBUTES' }, 'fetchUserAttributes');
      return { id: undefined, username, attributes: attributesObject(fetched.attributes) };
    } catch {
      // v5 logged the failure and resolved to an empty object.
      return {};
    }
  }

  /** v5 left `sub` and `*_verified` out of the update (Cognito sets them); resolves to 'SUCCESS'. */
  async updateUserAttributes(
    _user: AmplifyUser | undefined,
    attributes: Record<string, string | undefined>,
    clientMetadata: StringMap | undefined = this.#options.clientMetadata,
  ): Promise<'SUCCESS'> {
    const sent: StringMap = {};
    for (const [name, value] of Object.entries(attributes ?? {})) {
      if (name !== 'sub' && !name.includes('_verified') && value !== undefined && value !== null) sent[name] = value;
    }
    await this.#account({ type: 'UPDATE_USER_ATTRIBUTES', attributes: sent, ...(clientMetadata ? { clientMetadata } : {}) }, 'updateUserAttributes');
    await this.#refreshAfterAttributeChange();
    return 'SUCCESS';
  }

  /** Sends a code to verify the attribute (`email`, `phone_number`); resolves to 'SUCCESS' as v5. */
  async verifyUserAttribute(_user: AmplifyUser | undefined, attr: string, clientMetadata: StringMap | undefined = this.#options.clientMetadata): Promise<'SUCCESS'> {
    await this.#account(
      { type: 'SEND_USER_ATTRIBUTE_VERIFICATION_CODE', attributeName: attr, ...(clientMetadata ? { clientMetadata } : {}) },
      'sendUserAttributeVerificationCode',
    );
    return 'SUCCESS';
  }

  async verifyUserAttributeSubmit(_user: AmplifyUser | undefined, attr: string, code: string): Promise<'SUCCESS'> {
    if (!code) throw argumentError('emptyCode');
    await this.#account({ type: 'CONFIRM_USER_ATTRIBUTE', attributeName: attr, code }, 'confirmUserAttribute');
    return 'SUCCESS';
  }

  /** v5 looked the current user up first, and rejected with 'No current user' when there was none. */
  async verifyCurrentUserAttribute(attr: string): Promise<'SUCCESS'> {
    await this.#requireSignedIn(NO_CURRENT_USER);
    return this.verifyUserAttribute(undefined, attr);
  }

  async verifyCurrentUserAttributeSubmit(attr: string, code: string): Promise<'SUCCESS'> {
    await this.#requireSignedIn(NO_CURRENT_USER);
    return this.verifyUserAttributeSubmit(undefined, attr, code);
  }

  async deleteUserAttributes(_user: AmplifyUser | undefined, attributeNames: string[]): Promise<'SUCCESS'> {
    await this.#account({ type: 'DELETE_USER_ATTRIBUTES', attributeNames }, 'deleteUserAttributes');
    await this.#refreshAfterAttributeChange();
    return 'SUCCESS';
  }

  /** ChangePassword for the signed-in user; the session stays. The machine's UPDATE_PASSWORD takes no client metadata. */
  async changePassword(_user: AmplifyUser | undefined, oldPassword: string, newPassword: string, _clientMetadata?: StringMap): Promise<'SUCCESS'> {
    await this.#account({ type: 'UPDATE_PASSWORD', oldPassword, newPassword }, 'updatePassword');
    return 'SUCCESS';
  }

  /**
   * The secret for the authenticator app, as v5: while signed in, a TOTP setup begins (AssociateSoftwareToken);
   * during the MFA_SETUP challenge of a sign-in, the machine has begun it already and holds the secret. Where the
   * pool offers email MFA as well (which v5 did not know), the machine waits for a choice: TOTP is chosen here.
   */
  async setupTOTP(user?: AmplifyUser): Promise<string> {
    const actor = await this.#idleActor();
    if (actor.getSnapshot().matches({ challenge: 'totpSetup' })) {
      await this.#pendingChallenge(user as AmplifyUser, 'VERIFY_TOTP_SETUP');
      if (actor.getSnapshot().matches({ challenge: { totpSetup: 'choosing' } })) {
        this.#throwIfFailed(await this.#drive({ type: 'SELECT_MFA_TYPE', mfaType: 'TOTP' }));
      }
      const secret = actor.getSnapshot().context.challenge?.totpSecret;
      if (!secret) throw new AmplifyAuthError('UnknownError', 'The MFA_SETUP challenge holds no TOTP secret');
      return secret.reveal();
    }
    await this.#account({ type: 'SET_UP_TOTP' }, 'setUpTOTP');
    const secret = this.actor.getSnapshot().context.totpSetup?.sharedSecret;
    if (!secret) throw new AmplifyAuthError('UnknownError', 'The TOTP setup ended without a secret');
    return secret.reveal();
  }

  /**
   * Checks the authenticator's code (VerifySoftwareToken). As v5: during the MFA_SETUP challenge it answers the
   * challenge and resolves to the new session; while signed in it resolves to Cognito's `{ Status: 'SUCCESS' }`.
   * Hub `verify` either way.
   */
  async verifyTotpToken(user: AmplifyUser | undefined, challengeAnswer: string): Promise<AmplifyUserSession | { Status: 'SUCCESS' }> {
    if (!challengeAnswer) throw argumentError('emptyCode');
    const actor = await this.#idleActor();
    if (!actor.getSnapshot().matches({ challenge: 'totpSetup' })) {
      await this.#account({ type: 'VERIFY_TOTP_SETUP', code: challengeAnswer }, 'verifyTOTPSetup');
      return { Status: 'SUCCESS' };
    }
    await this.#pendingChallenge(user as AmplifyUser, 'VERIFY_TOTP_SETUP');
    const signedIn = this.#outcome(await this.#drive({ type: 'VERIFY_TOTP_SETUP', code: challengeAnswer }));
    this.#publish({ event: 'verify', data: signedIn, message: `A user ${signedIn.username} has been verified` });
    if (!signedIn.signInUserSession) throw new AmplifyAuthError('UnknownError', `The sign-in of ${signedIn.username} goes on with ${signedIn.challengeName}`);
    return signedIn.signInUserSession;
  }

  /**
   * v5's MFA methods: `TOTP`/`SOFTWARE_TOKEN_MFA` and `SMS`/`SMS_MFA` enable that factor and prefer it; `NOMFA`
   * turns off every factor that is on. Resolves to 'SUCCESS', or 'No change for mfa type' when nothing was on.
   */
  async setPreferredMFA(_user: AmplifyUser | undefined, mfaMethod: MfaMethod): Promise<'SUCCESS' | 'No change for mfa type'> {
    const method = mfaMethodChange(mfaMethod);
    if (!method) throw argumentError('noMFA');
    const change = method === 'NOMFA' ? allFactorsOff((await this.#account({ type: 'FETCH_MFA_PREFERENCE' }, 'fetchMFAPreference')).preference) : method;
    if (change === 'unchanged') return 'No change for mfa type';
    if (change === 'unknown') throw argumentError('invalidMFA');
    await this.#account({ type: 'UPDATE_MFA_PREFERENCE', ...change }, 'updateMFAPreference');
    return 'SUCCESS';
  }

  /** The preferred factor as Cognito names it (`SOFTWARE_TOKEN_MFA`, `SMS_MFA`), or `NOMFA`. `bypassCache` is moot: it is always read from Cognito. */
  async getPreferredMFA(_user?: AmplifyUser, _params?: { bypassCache?: boolean }): Promise<PreferredMfa> {
    const fetched = await this.#account({ type: 'FETCH_MFA_PREFERENCE' }, 'fetchMFAPreference');
    const preferred = preferredMfaOf(fetched.preference);
    // v5 rejected with this bare string when factors were on but none preferred.
    if (!preferred) throw 'invalid MFA Type';
    return preferred;
  }

  /** Deletes the signed-in user (DeleteUser) and ends the session: Hub `userDeleted`, then `signOut`, as v5. */
  async deleteUser(): Promise<'SUCCESS'> {
    await this.#requireSignedIn(new AmplifyAuthError('AuthError', 'No current user.'));
    await this.#account({ type: 'DELETE_USER' }, 'deleteUser');
    return 'SUCCESS';
  }

  /** Marks this device remembered (UpdateDeviceStatus), for pools that remember devices when the user agrees. */
  async rememberDevice(): Promise<'SUCCESS'> {
    await this.#deviceAction({ type: 'REMEMBER_DEVICE' }, 'rememberDevice');
    return 'SUCCESS';
  }

  /** Forgets this device (ForgetDevice); the next sign-in here is as on a new device. */
  async forgetDevice(): Promise<'SUCCESS'> {
    await this.#deviceAction({ type: 'FORGET_DEVICE' }, 'forgetDevice');
    return 'SUCCESS';
  }

  /** The user's devices (ListDevices) as v5 listed them: `{ id, name }`, the id being Cognito's device key. */
  async fetchDevices(): Promise<Array<{ id: string; name?: string }>> {
    // v5 threw an Error here where the other device calls rejected with the bare string.
    await this.#requireSignedIn(new AmplifyAuthError('AuthError', NOT_AUTHENTICATED));
    const fetched = await this.#deviceAction({ type: 'FETCH_DEVICES' }, 'fetchDevices');
    return fetched.devices.map((device) => ({ id: device.id, name: device.name }));
  }

  /** The current tokens; expired ones are refreshed first, as v5 did. */
  async currentSession(): Promise<AmplifyUserSession> {
    const actor = await this.#idleActor().catch(() => null);
    let snapshot = actor?.getSnapshot();
    if (!actor || !snapshot?.matches('signedIn') || !snapshot.context.tokens) throw NO_CURRENT_USER;
    if (!new AmplifyUserSession(snapshot.context.tokens).isValid()) {
      actor.send({ type: 'REFRESH' });
      snapshot = await waitFor(actor, idle);
      if (!snapshot.matches('signedIn') || !snapshot.context.tokens) {
        throw AmplifyAuthError.from(snapshot.context.error ?? NO_CURRENT_USER);
      }
    }
    return new AmplifyUserSession(snapshot.context.tokens);
  }

  async #idleActor(): Promise<AuthActor> {
    const actor = this.#actor;
    if (!actor) throw argumentError('noConfig');
    await waitFor(actor, idle);
    return actor;
  }

  /** Sends one event and waits until the machine has settled; refuses what the machine refused or ignored. */
  async #drive(event: AuthEvent): Promise<AuthSnapshot> {
    const actor = await this.#idleActor();
    const before = actor.getSnapshot();
    actor.send(event);
    const after = actor.getSnapshot();
    if (after === before) {
      throw new AmplifyAuthError(
        'InvalidStateException',
        `${event.type} cannot be done now: the auth machine is in ${JSON.stringify(before.value)}`,
      );
    }
    // Refused at the transition (invalid payload, already signed in): the state stays and the error says why.
    const stayed = JSON.stringify(after.value) === JSON.stringify(before.value);
    if (!after.hasTag('busy') && after.context.error && (stayed || after.context.error !== before.context.error)) {
      throw AmplifyAuthError.from(after.context.error);
    }
    return settled(after) ? after : waitFor(actor, settled);
  }

  /**
   * A device action; v5 told a pool without device tracking (where Cognito refuses the device key, or where no
   * device was confirmed here) by one message.
   */
  async #deviceAction<T extends 'rememberDevice' | 'forgetDevice' | 'fetchDevices'>(event: AuthEvent, emits: T) {
    try {
      return await this.#account(event, emits);
    } catch (error) {
      if (error instanceof AuthError && (error.name === 'InvalidParameterException' || error.name === 'DeviceNotRememberedError')) {
        throw argumentError('deviceConfig');
      }
      throw error;
    }
  }

  /**
   * v5 refreshed the tokens after changing or deleting attributes, so that the ID token carries the new values; a
   * failed refresh did not fail the call (the machine reports it as tokenRefresh_failure).
   */
  async #refreshAfterAttributeChange(): Promise<void> {
    const actor = await this.#idleActor();
    if (!actor.getSnapshot().matches('signedIn')) return;
    actor.send({ type: 'REFRESH' });
    await waitFor(actor, idle);
  }

  async #requireSignedIn(otherwise: unknown): Promise<AuthActor> {
    const actor = await this.#idleActor().catch(() => null);
    if (!actor?.getSnapshot().matches('signedIn')) throw otherwise;
    return actor;
  }

  /**
   * One account event while signed in: resolves with the event the machine emitted for its success, rejects with
   * the error of its `_failure` event (or the machine's refusal of the event).
   */
  async #account<T extends AccountSuccessType>(event: AuthEvent, emits: T): Promise<Extract<AuthEmitted, { type: T }>> {
    const actor = await this.#requireSignedIn(NOT_AUTHENTICATED);
    let outcome: AuthEmitted | null = null;
    const failure = `${emits}_failure`;
    const listener = actor.on('*', (emitted) => {
      if (emitted.type === emits || emitted.type === failure) outcome = emitted;
    });
    try {
      await this.#drive(event);
    } finally {
      listener.unsubscribe();
    }
    const result = outcome as AuthEmitted | null;
    if (result?.type === emits) return result as Extract<AuthEmitted, { type: T }>;
    if (result && 'error' in result) throw AmplifyAuthError.from(result.error);
    throw AmplifyAuthError.from(actor.getSnapshot().context.error ?? new AmplifyAuthError('UnknownError', `${event.type} ended without ${emits}`));
  }

  /**
   * The machine once idle, if its state does not take this event (someone is signed in, a password reset waits for
   * its code, …): then the call, which needs no session, is made beside it.
   */
  async #besideMachineFor(event: BesideSessionEvent): Promise<AuthActor | null> {
    const actor = await this.#idleActor();
    return acceptedEvents(actor.getSnapshot()).includes(event.type) ? null : actor;
  }

  /** A call that needs no session, made beside the machine: published on the Hub as the machine's would be. */
  async #besideSession(actor: AuthActor, event: BesideSessionEvent): Promise<{ codeDelivery?: CodeDelivery }> {
    const outcome = await callBesideSession(actor, event).catch((error: unknown) => {
      throw AmplifyAuthError.from(error);
    });
    if (outcome.emitted) this.#publishEmitted(outcome.emitted, actor.getSnapshot());
    if (!outcome.ok) throw AmplifyAuthError.from(outcome.error);
    return outcome;
  }

  #throwIfFailed(snapshot: AuthSnapshot): void {
    if (snapshot.context.error) throw AmplifyAuthError.from(snapshot.context.error);
  }

  /** Where a sign-in step left the machine, as v5's promise told it. */
  #outcome(snapshot: AuthSnapshot): AmplifyUser {
    if (snapshot.matches('signedIn')) return this.#signedInUser(snapshot);
    this.#throwIfFailed(snapshot);
    const challenge = snapshot.context.challenge;
    if (snapshot.matches('challenge') && challenge) return AmplifyUser.challenged(challenge);
    throw new AmplifyAuthError('UnknownError', `The sign-in stopped in ${JSON.stringify(snapshot.value)}`);
  }

  /**
   * The machine answers only the challenge it holds, with the event the challenge table names for it; a user
   * object from an older sign-in has nothing to answer.
   */
  async #pendingChallenge(user: AmplifyUser, answer: AnswerEventType): Promise<void> {
    const names = challengesAnsweredBy(answer);
    const snapshot = (await this.#idleActor()).getSnapshot();
    const challenge = snapshot.context.challenge;
    const matches =
      snapshot.matches('challenge') &&
      challenge !== null &&
      names.includes(challenge.name) &&
      (!user?.username || user.username === challenge.username || user.username === snapshot.context.signInUsername);
    if (!matches) {
      throw new AmplifyAuthError(
        'NotAuthorizedException',
        `Invalid session for the user: no ${names.join(' or ')} challenge of ${user?.username ?? 'this user'} is pending.`,
      );
    }
  }

  /** v5 let a new sign-up or sign-in simply start over; the machine wants the open flow cancelled first. */
  async #abandonPendingFlow(): Promise<void> {
    const actor = await this.#idleActor();
    const snapshot = actor.getSnapshot();
    if (snapshot.matches('confirmingSignUp') || snapshot.matches('challenge') || snapshot.matches('resettingPassword')) {
      actor.send({ type: 'CANCEL' });
    }
  }

  /** A sign-up can be confirmed (or its code resent) while a sign-in challenge is open; that challenge ends. */
  async #abandonChallenge(): Promise<void> {
    const actor = await this.#idleActor();
    if (actor.getSnapshot().matches('challenge')) actor.send({ type: 'CANCEL' });
  }

  /** The signed-in user object, its attributes as the machine now holds them. */
  #refreshUser(snapshot: AuthSnapshot): void {
    const user = snapshot.context.user;
    if (this.#user && user && this.#user.username === user.username) this.#user.attributes = attributesOf(user);
  }

  #signedInUser(snapshot: AuthSnapshot): AmplifyUser {
    const { user, tokens } = snapshot.context;
    if (!user || !tokens) throw NOT_AUTHENTICATED;
    const current = this.#user;
    if (current && current.username === user.username) {
      if (current.signInUserSession?.getAccessToken().getJwtToken() !== tokens.accessToken) {
        current.signInUserSession = new AmplifyUserSession(tokens);
      }
      current.attributes = attributesOf(user);
      return current;
    }
    this.#user = AmplifyUser.signedIn(user, tokens);
    return this.#user;
  }

  /**
   * Emitted events are queued and published once the transition that emitted them is over, so that a Hub
   * listener (and the user object it gets) sees the machine's new context, as v5's listeners saw Auth's state.
   */
  #bridge(actor: AuthActor): void {
    const queue: AuthEmitted[] = [];
    const emitted = actor.on('*', (event) => {
      queue.push(event);
    });
    let previous = actor.getSnapshot();
    const snapshots = actor.subscribe({
      next: (snapshot) => {
        while (queue.length) this.#publishEmitted(queue.shift()!, snapshot);
        // v5 told an auto sign-in that met a challenge (MFA) with autoSignIn and the challenged user, whom the
        // app then answers with confirmSignIn. The machine just enters the challenge; this says so on the Hub.
        if (previous.matches('autoSigningIn') && snapshot.matches('challenge') && snapshot.context.challenge) {
          const user = AmplifyUser.challenged(snapshot.context.challenge);
          this.#publish({ event: 'autoSignIn', data: user, message: `${user.username} has signed in successfully` });
        }
        previous = snapshot;
      },
      error: () => undefined,
    });
    this.#unbridge = () => {
      emitted.unsubscribe();
      snapshots.unsubscribe();
    };
  }

  #publish(payload: HubPayload): void {
    this.#hub.dispatch('auth', payload, 'Auth');
  }

  /** v5's payload (`data`, `message`) for each Hub event the machine emits. */
  #publishEmitted(event: AuthEmitted, snapshot: AuthSnapshot): void {
    const username = this.#username;
    switch (event.type) {
      case 'signUp': {
        const codeDeliveryDetails = deliveryDetails(event.codeDelivery);
        this.#signUpResult = {
          user: new AmplifyUser(event.user.username),
          userConfirmed: event.userConfirmed,
          userSub: event.user.userSub ?? '',
          ...(codeDeliveryDetails ? { codeDeliveryDetails } : {}),
        };
        return this.#publish({ event: 'signUp', data: this.#signUpResult, message: `${event.user.username} has signed up successfully` });
      }
      case 'signUp_failure':
        return this.#publish({ event: 'signUp_failure', data: AmplifyAuthError.from(event.error), message: `${username} failed to signup` });
      case 'confirmSignUp':
        return this.#publish({ event: 'confirmSignUp', data: 'SUCCESS', message: `${event.username} has been confirmed successfully` });
      case 'confirmSignUp_failure':
        // v5 published nothing when a confirmation failed; the promise's rejection says it.
        return;
      case 'signIn': {
        this.#user = null;
        const user = this.#signedInUser(snapshot);
        return this.#publish({ event: 'signIn', data: user, message: `A user ${user.username} has been signed in` });
      }
      case 'autoSignIn': {
        const user = this.#signedInUser(snapshot);
        return this.#publish({ event: 'autoSignIn', data: user, message: `${user.username} has signed in successfully` });
      }
      case 'autoSignIn_failure':
        return this.#publish({ event: 'autoSignIn_failure', data: AmplifyAuthError.from(event.error), message: 'autoSignInError' });
      case 'signIn_failure':
        return this.#publish({
          event: 'signIn_failure',
          data: AmplifyAuthError.from(event.error),
          message: `${snapshot.context.signInUsername ?? username} failed to signin`,
        });
      case 'signOut': {
        const user = this.#user;
        this.#user = null;
        return this.#publish({ event: 'signOut', data: user, message: 'A user has been signed out' });
      }
      case 'tokenRefresh':
        if (snapshot.matches('signedIn')) this.#signedInUser(snapshot);
        return this.#publish({ event: 'tokenRefresh', data: undefined, message: 'New token retrieved' });
      case 'tokenRefresh_failure':
        return this.#publish({ event: 'tokenRefresh_failure', data: AmplifyAuthError.from(event.error), message: 'Failed to retrieve new token' });
      case 'confirmSignIn_failure':
        // v5 published nothing when an MFA code or a custom answer was refused; the promise's rejection says it.
        return;
      case 'completeNewPassword_failure':
        return this.#publish({
          event: 'completeNewPassword_failure',
          data: AmplifyAuthError.from(event.error),
          message: `${username} failed to complete the new password flow`,
        });
      case 'forgotPassword':
        return this.#publish({ event: 'forgotPassword', data: new AmplifyUser(event.username), message: `${event.username} has initiated forgot password flow` });
      case 'forgotPassword_failure':
        return this.#publish({ event: 'forgotPassword_failure', data: AmplifyAuthError.from(event.error), message: `${username} forgotPassword failed` });
      case 'forgotPasswordSubmit':
        return this.#publish({ event: 'forgotPasswordSubmit', data: new AmplifyUser(event.username), message: `${event.username} forgotPasswordSubmit successful` });
      case 'forgotPasswordSubmit_failure':
        return this.#publish({ event: 'forgotPasswordSubmit_failure', data: AmplifyAuthError.from(event.error), message: `${username} forgotPasswordSubmit failed` });
      case 'updateUserAttributes':
        this.#refreshUser(snapshot);
        return this.#publish({ event: 'updateUserAttributes', data: attributeUpdateResults(event.attributes), message: 'Attributes successfully updated' });
      case 'updateUserAttributes_failure':
        return this.#publish({ event: 'updateUserAttributes_failure', data: AmplifyAuthError.from(event.error), message: 'Failed to update attributes' });
      case 'verifyTOTPSetup': {
        const user = this.#user ?? new AmplifyUser(snapshot.context.user?.username ?? username);
        return this.#publish({ event: 'verify', data: user, message: `A user ${user.username} has been verified` });
      }
      case 'deleteUser':
        // The signOut that follows carries no user, as v5's did: the user is gone.
        this.#user = null;
        return this.#publish({ event: 'userDeleted', data: 'SUCCESS', message: 'The authenticated user has been deleted.' });
      case 'fetchUserAttributes':
      case 'confirmUserAttribute':
      case 'deleteUserAttributes':
        // The signed-in user object shows the attributes as they now are; v5 published nothing for these.
        this.#refreshUser(snapshot);
        return;
      case 'fetchUserAttributes_failure':
      case 'confirmUserAttribute_failure':
      case 'sendUserAttributeVerificationCode':
      case 'sendUserAttributeVerificationCode_failure':
      case 'deleteUserAttributes_failure':
      case 'updatePassword':
      case 'updatePassword_failure':
      case 'setUpTOTP':
      case 'setUpTOTP_failure':
      case 'verifyTOTPSetup_failure':
      case 'updateMFAPreference':
      case 'updateMFAPreference_failure':
      case 'fetchMFAPreference':
      case 'fetchMFAPreference_failure':
      case 'deleteUser_failure':
      case 'rememberDevice':
      case 'rememberDevice_failure':
      case 'forgetDevice':
      case 'forgetDevice_failure':
      case 'fetchDevices':
      case 'fetchDevices_failure':
        // v5 published nothing for these; the call's promise tells the outcome.
        return;
    }
  }
}


