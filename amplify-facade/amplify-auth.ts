import { waitFor, type SnapshotFrom } from 'xstate';
import type { AuthEvent } from '../machines/auth-events.js';
import type { AuthEmitted, CodeDelivery } from '../machines/auth-types.js';
import { challengesAnsweredBy, type AnswerEventType } from '../machines/challenges.js';
import type { AuthActor } from '../runtime/auth-actor.js';
import type { AuthConfig, CreateAuthOptions } from '../runtime/create-auth.js';
import { AmplifyAuthError, argumentError } from './amplify-error.js';
import type { AmplifyHub, HubPayload } from './amplify-hub.js';
import { authConfigOf, authOptionsOf, createAuthOptionsOf, type AmplifyAuthOptions, type AmplifyConfigureInput } from './amplify-auth-options.js';
import { AmplifyUser } from './amplify-user.js';
import { AmplifyUserSession } from './amplify-user-session.js';
import { callBesideSession, type BesideSessionEvent } from './beside-session.js';

type AuthSnapshot = SnapshotFrom<AuthActor>;
export type CreateAuthFn = (config: AuthConfig, options?: CreateAuthOptions) => AuthActor;
type StringMap = Record<string, string>;

/** v5 rejected these two with bare strings, not errors; apps compare them. */
export const NOT_AUTHENTICATED = 'The user is not authenticated';
export const NO_CURRENT_USER = 'No current user';

export interface CodeDeliveryDetails {
  AttributeName?: string;
  DeliveryMedium?: string;
  Destination?: string;
}

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

function deliveryDetails(delivery: CodeDelivery | undefined): CodeDeliveryDetails | undefined {
  if (!delivery) return undefined;
  return {
    ...(delivery.attributeName ? { AttributeName: delivery.attributeName } : {}),
    ...(delivery.deliveryMedium ? { DeliveryMedium: delivery.deliveryMedium } : {}),
    ...(delivery.destination ? { Destination: delivery.destination } : {}),
  };
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
    const holder = await this.#sessionHolder();
    if (holder) {
      await this.#besideSession(holder, { ...event, autoSignIn: false });
      // v5 would sign the new account in over the current one; the machine keeps the session it holds.
      if (autoSignIn) {
        this.#publish({
          event: 'autoSignIn_failure',
          data: new AmplifyAuthError('UserAlreadyAuthenticatedException', `${holder.getSnapshot().context.user?.username ?? 'A user'} is signed in: sign out, then sign ${input.username} in`),
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
    const holder = await this.#sessionHolder();
    if (holder) {
      const details = deliveryDetails((await this.#besideSession(holder, event)).codeDelivery);
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
    const holder = await this.#sessionHolder();
    if (holder) {
      await this.#besideSession(holder, event);
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
    const holder = await this.#sessionHolder();
    if (holder) {
      const details = deliveryDetails((await this.#besideSession(holder, event)).codeDelivery);
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
    const actor = await this.#idleActor();
    const event = {
      type: 'CONFIRM_FORGOT_PASSWORD',
      username,
      code,
      newPassword: password,
      ...(clientMetadata ? { clientMetadata } : {}),
    } as const;
    this.#username = username;
    if (actor.getSnapshot().matches('signedIn')) {
      await this.#besideSession(actor, event);
      return 'SUCCESS';
    }
    // The machine takes a code only inside the reset it started (v5 took one at any time, even after a reload).
    if (!actor.getSnapshot().matches({ resettingPassword: 'awaitingCode' })) {
      throw new AmplifyAuthError('InvalidStateException', 'No password reset is pending here: call forgotPassword first');
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

  /** The machine once idle, if someone is signed in: then the calls that need no session go beside it. */
  async #sessionHolder(): Promise<AuthActor | null> {
    const actor = await this.#idleActor();
    return actor.getSnapshot().matches('signedIn') ? actor : null;
  }

  /** A call that needs no session, made while signed in: published on the Hub as the machine's would be. */
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

  #signedInUser(snapshot: AuthSnapshot): AmplifyUser {
    const { user, tokens } = snapshot.context;
    if (!user || !tokens) throw NOT_AUTHENTICATED;
    const current = this.#user;
    if (current && current.username === user.username) {
      if (current.signInUserSession?.getAccessToken().getJwtToken() !== tokens.accessToken) {
        current.signInUserSession = new AmplifyUserSession(tokens);
      }
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
    }
  }
}


