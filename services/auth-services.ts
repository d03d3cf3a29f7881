import { fromPromise } from 'xstate';
import { AuthError } from '../machines/auth-error.js';
import { CHALLENGE_SESSION_MS } from '../machines/auth-machine.js';
import type { AuthStepResult, AuthTokens, PendingChallenge } from '../machines/auth-types.js';
import { Secret } from '../machines/secret.js';
import type {
  ChallengeAnswer,
  ChallengeAnswerRequest,
  CodeDeliveryResult,
  ConfirmForgotPasswordRequest,
  ConfirmSignUpRequest,
  ForgotPasswordRequest,
  ResendSignUpCodeRequest,
  SignedInSession,
  SignInRequest,
  SignOutRequest,
  SignUpRequest,
  SignUpResult,
  TotpAssociation,
} from '../machines/service-contracts.js';
import { challengeOf, codeDeliveryOf } from './auth-step.js';
import { challengeResponses } from './challenge-responses.js';
import type { AuthenticationResultType, AuthStepOutput, CognitoOperation, InputOf, OutputOf } from './cognito-api.js';
import { toAuthError } from './error-mapping.js';
import { loadStoredSession, restoreStoredSession } from './restore-session.js';
import { secretHash } from './secret-hash.js';
import { sessionStore } from './session-store.js';
import { tokensFromResult, userFromIdToken } from './token-claims.js';
import type { TokenStorage } from './token-storage.js';
import type { Transport } from './transport.js';
import { passwordVerifierResponses, type SrpStarter } from './password-verifier.js';
import { startSrp } from './srp/srp-client.js';

/**
 * Runs a refresh while holding a lock shared with other tabs. `waited` is true when another holder had it
 * first: its tokens may then be in storage, or on their way there.
 */
export type RefreshLock = <T>(task: (waited: boolean) => Promise<T>) => Promise<T>;

/**
 * How long a refresh that waited for the lock looks for the holder's tokens. Browsers carry a write to
 * localStorage over to other tabs asynchronously, so the holder's finished write may not be visible yet.
 */
const ADOPT_WAIT_MS = 1000;
const ADOPT_POLL_MS = 50;

/** Stored tokens this close to expiry are not worth taking over from another tab. */
const ADOPT_MIN_VALIDITY_MS = 5000;

export interface AuthServicesOptions {
  transport: Transport;
  storage: TokenStorage;
  userPoolId: string;
  clientId: string;
  /** Server-side apps only: the app client's secret, from which every request's SECRET_HASH is made. */
  clientSecret?: string;
  /** How long a challenge's session lives: the app client's AuthSessionValidity (default 3 minutes). */
  challengeSessionMs?: number;
  /**
   * Runs each refresh so that no other tab or process refreshes at the same time (browsers: a Web Lock).
   * Inside it, tokens another holder has just stored are taken instead of refreshing again.
   */
  refreshLock?: RefreshLock;
  /** How an SRP exchange begins; tests fix the secret with it. Default: a random secret, fastest engine. */
  startSrp?: SrpStarter;
  now?: () => number;
}

/** The implementations of every actor the auth machine invokes, doing their Cognito calls through a Transport. */
export function createAuthServices(options: AuthServicesOptions) {
  const { transport, userPoolId, clientId, clientSecret } = options;
  const now = options.now ?? (() => Date.now());
  const sessionMs = options.challengeSessionMs ?? CHALLENGE_SESSION_MS;
  const store = sessionStore(options.storage, clientId);
  /*
   * MFA_SETUP challenges whose code VerifySoftwareToken accepted but whose final answer failed in transit, by the
   * challenge's session: Cognito has replaced that session, so a retry answers with the new one instead of
   * verifying again with a session that is no longer valid.
   */
  const verifiedSetups = new Map<string, string>();

  async function call<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>> {
    let output: OutputOf<Op>;
    try {
      output = await transport.send(op, input, signal);
    } catch (error) {
      throw toAuthError(error);
    }
    // Every Cognito answer is a JSON object; anything else (a proxy's error page) must not pass for success.
    if (typeof output !== 'object' || output === null || Array.isArray(output)) {
      // Retryable: what sends such answers (a gateway, a captive portal) is passing, and Cognito may not have seen the call.
      throw new AuthError('InvalidResponseError', `Cognito's answer to ${op} was not a JSON object`, { retryable: true });
    }
    return output;
  }

  async function hashFor(username: string): Promise<{ SecretHash?: string }> {
    return clientSecret ? { SecretHash: await secretHash(clientSecret, username, clientId) } : {};
  }

  async function hashParam(username: string): Promise<{ SECRET_HASH?: string }> {
    return clientSecret ? { SECRET_HASH: await secretHash(clientSecret, username, clientId) } : {};
  }

  /** Work for an actor the machine has already left must not touch storage. */
  function ensureCurrent(signal: AbortSignal): void {
    if (signal.aborted) throw new AuthError('AbortError', 'The request was cancelled');
  }

  async function persist(result: AuthenticationResultType, signal: AbortSignal, previousRefresh?: string): Promise<SignedInSession> {
    const tokens = tokensFromResult(result, now(), previousRefresh);
    const user = userFromIdToken(tokens.idToken);
    ensureCurrent(signal);
    await store.save({
      username: user.username,
      idToken: tokens.idToken,
      accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      clockDrift: tokens.clockDrift,
    });
    return { user, tokens };
  }

  /** Tokens end the sign-in (and are stored before the machine hears of them); anything else is a challenge. */
  async function stepOf(output: AuthStepOutput, typedUsername: string, signal: AbortSignal): Promise<AuthStepResult> {
    if (output.AuthenticationResult) return { type: 'signedIn', ...(await persist(output.AuthenticationResult, signal)) };
    return { type: 'challenge', challenge: challengeOf(output, { typedUsername, now: now(), sessionMs }) };
  }

  /** MFA_SETUP: the app's code is checked by VerifySoftwareToken, whose session the answer then carries. */
  async function verifiedSetupSession(
    challenge: PendingChallenge,
    token: NonNullable<ChallengeAnswer['softwareToken']>,
    signal: AbortSignal,
  ): Promise<string> {
    const verifiedSession = verifiedSetups.get(challenge.session);
    if (verifiedSession !== undefined) return verifiedSession;
    const verified = await call(
      'VerifySoftwareToken',
      {
        Session: challenge.session,
        UserCode: token.code.reveal(),
        ...(token.friendlyDeviceName ? { FriendlyDeviceName: token.friendlyDeviceName } : {}),
      },
      signal,
    );
    if (verified.Status && verified.Status !== 'SUCCESS') {
      throw new AuthError('EnableSoftwareTokenMFAException', 'The code did not match the authenticator app');
    }
    const session = verified.Session ?? challenge.session;
    verifiedSetups.set(challenge.session, session);
    return session;
  }

  async function srpSignIn(input: SignInRequest, signal: AbortSignal): Promise<AuthStepResult> {
    if (!input.password) throw new AuthError('ValidationError', 'password is required for SRP sign-in');
    const srp = await (options.startSrp ?? startSrp)();
    const custom = input.authFlow === 'CUSTOM_WITH_SRP';
    let output = await call(
      'InitiateAuth',
      {
        AuthFlow: custom ? 'CUSTOM_AUTH' : 'USER_SRP_AUTH',
        ClientId: clientId,
        AuthParameters: {
          USERNAME: input.username,
          SRP_A: srp.srpA,
          ...(custom ? { CHALLENGE_NAME: 'SRP_A' } : {}),
          ...(await hashParam(input.username)),
        },
        ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
      },
      signal,
    );
    if (output.ChallengeName === 'PASSWORD_VERIFIER') {
      const parameters = output.ChallengeParameters ?? {};
      const responses = await passwordVerifierResponses(srp, parameters, {
        userPoolId,
        typedUsername: input.username,
        password: input.password,
        now: new Date(now()),
      });
      output = await call(
        'RespondToAuthChallenge',
        {
          ClientId: clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          ...(output.Session ? { Session: output.Session } : {}),
          ChallengeResponses: { ...responses, ...(await hashParam(responses.USERNAME)) },
          ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
        },
        signal,
      );
    }
    return stepOf(output, input.username, signal);
  }

  return {
    restoreSession: fromPromise<SignedInSession | null, void>(async ({ signal }) =>
      restoreStoredSession({
        store,
        userPoolId,
        clientId,
        now,
        refresh: (tokens, username) => refreshWith(tokens, username, signal),
      }),
    ),

    signUp: fromPromise<SignUpResult, SignUpRequest>(async ({ input, signal }) => {
      const output = await call(
        'SignUp',
        {
          ClientId: clientId,
          Username: input.username,
          Password: input.password.reveal(),
          UserAttributes: Object.entries(input.attributes).map(([Name, Value]) => ({ Name, Value })),
          ...(input.validationData
            ? { ValidationData: Object.entries(input.validationData).map(([Name, Value]) => ({ Name, Value })) }
            : {}),
          ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
          ...(await hashFor(input.username)),
        },
        signal,
      );
      const codeDelivery = codeDeliveryOf(output.CodeDeliveryDetails);
      return { userConfirmed: output.UserConfirmed, userSub: output.UserSub, ...(codeDelivery ? { codeDelivery } : {}) };
    }),

    confirmSignUp: fromPromise<void, ConfirmSignUpRequest>(async ({ input, signal }) => {
      await call(
        'ConfirmSignUp',
        {
          ClientId: clientId,
          Username: input.username,
          ConfirmationCode: input.code.reveal(),
          ForceAliasCreation: input.forceAliasCreation,
          ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
          ...(await hashFor(input.username)),
        },
        signal,
      );
    }),

    resendSignUpCode: fromPromise<CodeDeliveryResult, ResendSignUpCodeRequest>(async ({ input, signal }) => {
      const output = await call(
        'ResendConfirmationCode',
        {
          ClientId: clientId,
          Username: input.username,
          ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
          ...(await hashFor(input.username)),
        },
        signal,
      );
      const codeDelivery = codeDeliveryOf(output.CodeDeliveryDetails);
      return codeDelivery ? { codeDelivery } : {};
    }),

    signIn: fromPromise<AuthStepResult, SignInRequest>(async ({ input, signal }) => {
      if (input.authFlow === 'USER_SRP_AUTH' || input.authFlow === 'CUSTOM_WITH_SRP') return srpSignIn(input, signal);
      const custom = input.authFlow === 'CUSTOM_WITHOUT_SRP';
      if (!custom && !input.password) throw new AuthError('ValidationError', 'password is required for USER_PASSWORD_AUTH');
      const output = await call(
        'InitiateAuth',
        {
          AuthFlow: custom ? 'CUSTOM_AUTH' : 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: {
            USERNAME: input.username,
            ...(!custom && input.password ? { PASSWORD: input.password.reveal() } : {}),
            ...(await hashParam(input.username)),
          },
          ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
        },
        signal,
      );
      return stepOf(output, input.username, signal);
    }),

    respondToChallenge: fromPromise<AuthStepResult, ChallengeAnswerRequest>(async ({ input, signal }) => {
      const { challenge, answer } = input;
      const session = answer.softwareToken ? await verifiedSetupSession(challenge, answer.softwareToken, signal) : challenge.session;
      try {
        const output = await call(
          'RespondToAuthChallenge',
          {
            ClientId: clientId,
            ChallengeName: challenge.name,
            Session: session,
            ChallengeResponses: {
              USERNAME: challenge.username,
              ...challengeResponses(answer),
              ...(await hashParam(challenge.username)),
            },
            ...(answer.clientMetadata ? { ClientMetadata: answer.clientMetadata } : {}),
          },
          signal,
        );
        verifiedSetups.delete(challenge.session);
        return await stepOf(output, challenge.username, signal);
      } catch (error) {
        if (answer.softwareToken && !toAuthError(error).retryable) verifiedSetups.delete(challenge.session);
        throw error;
      }
    }),

    associateTotp: fromPromise<TotpAssociation, { challenge: PendingChallenge }>(async ({ input, signal }) => {
      const output = await call('AssociateSoftwareToken', { Session: input.challenge.session }, signal);
      if (!output.SecretCode) throw new AuthError('InvalidResponseError', 'Cognito answered AssociateSoftwareToken without a secret');
      return { secretCode: new Secret(output.SecretCode), session: output.Session ?? input.challenge.session };
    }),

    refreshTokens: fromPromise<SignedInSession, SignedInSession>(async ({ input, signal }) =>
      refreshWith(input.tokens, input.user.username, signal),
    ),

    signOut: fromPromise<void, SignOutRequest>(async ({ input, signal }) => {
      const { tokens } = input;
      if (input.global) {
        try {
          await call('GlobalSignOut', { AccessToken: tokens.accessToken }, signal);
        } catch (error) {
          const authError = toAuthError(error);
          // Not retryable means Cognito has already ended this session (revoked, expired): end it here too.
          if (!authError.retryable) await store.clear();
          throw authError;
        }
        await store.clear();
        return;
      }
      // Clear first: a sign-out on this device must hold even when Cognito cannot be reached.
      await store.clear();
      // Revoke whenever there is a refresh token. Cognito can only revoke tokens that carry origin_jti and
      // answers UnsupportedTokenTypeException for older ones; that costs one ignored call, and emulators that
      // leave origin_jti out still get their refresh token revoked.
      if (tokens.refreshToken) {
        await call(
          'RevokeToken',
          { Token: tokens.refreshToken, ClientId: clientId, ...(clientSecret ? { ClientSecret: clientSecret } : {}) },
          signal,
        ).catch(() => undefined);
      }
    }),

    forgotPassword: fromPromise<CodeDeliveryResult, ForgotPasswordRequest>(async ({ input, signal }) => {
      const output = await call(
        'ForgotPassword',
        {
          ClientId: clientId,
          Username: input.username,
          ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
          ...(await hashFor(input.username)),
        },
        signal,
      );
      const codeDelivery = codeDeliveryOf(output.CodeDeliveryDetails);
      return codeDelivery ? { codeDelivery } : {};
    }),

    confirmForgotPassword: fromPromise<void, ConfirmForgotPasswordRequest>(async ({ input, signal }) => {
      await call(
        'ConfirmForgotPassword',
        {
          ClientId: clientId,
          Username: input.username,
          ConfirmationCode: input.code.reveal(),
          Password: input.newPassword.reveal(),
          ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
          ...(await hashFor(input.username)),
        },
        signal,
      );
    }),
  };

  async function refreshWith(tokens: AuthTokens, username: string, signal: AbortSignal): Promise<SignedInSession> {
    const lock = options.refreshLock;
    if (!lock) return refreshNow(tokens, username, signal);
    return lock(async (waited) => {
      ensureCurrent(signal);
      // Whoever held the lock before may have refreshed this very session: take its tokens, send nothing.
      const deadline = now() + (waited ? ADOPT_WAIT_MS : 0);
      for (;;) {
        const current = await loadStoredSession(store, userPoolId, clientId);
        if (
          current &&
          current.user.username === username &&
          current.tokens.accessToken !== tokens.accessToken &&
          current.tokens.expiresAt - current.tokens.clockDrift - now() > ADOPT_MIN_VALIDITY_MS
        ) {
          return current;
        }
        if (now() >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, ADOPT_POLL_MS));
        ensureCurrent(signal);
      }
      return refreshNow(tokens, username, signal);
    });
  }

  async function refreshNow(tokens: AuthTokens, username: string, signal: AbortSignal): Promise<SignedInSession> {
    if (!tokens.refreshToken) {
      await store.clear();
      throw new AuthError('NotAuthorizedException', 'The session has no refresh token: sign in again');
    }
    try {
      const output = await call(
        'InitiateAuth',
        {
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: clientId,
          // With a client secret, Cognito hashes the refresh over the internal username (reference 3.1).
          AuthParameters: { REFRESH_TOKEN: tokens.refreshToken, ...(await hashParam(username)) },
        },
        signal,
      );
      if (!output.AuthenticationResult) throw new AuthError('InvalidResponseError', 'Cognito answered a refresh without tokens');
      return await persist(output.AuthenticationResult, signal, tokens.refreshToken);
    } catch (error) {
      const authError = toAuthError(error);
      if (!authError.retryable && !signal.aborted) await store.clear();
      throw authError;
    }
  }
}

export type AuthServices = ReturnType<typeof createAuthServices>;
