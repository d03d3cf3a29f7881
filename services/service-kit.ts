import { AuthError } from '../machines/auth-error.js';
import { CHALLENGE_SESSION_MS, isServiceAnsweredChallenge } from '../machines/challenges.js';
import type { AuthStepResult } from '../machines/auth-types.js';
import type { CodeDeliveryResult, SignedInSession } from '../machines/service-contracts.js';
import { challengeOf, codeDeliveryOf } from './auth-step.js';
import { answerDeviceChallenge, keepNewDevice } from './device-sign-in.js';
import { deviceStore, type DeviceStore } from './device-store.js';
import type { AuthenticationResultType, AuthStepOutput, CognitoOperation, InputOf, OutputOf } from './cognito-api.js';
import { toAuthError } from './error-mapping.js';
import type { SrpStarter } from './password-verifier.js';
import { secretHash } from './secret-hash.js';
import { sessionStore, type SessionStore } from './session-store.js';
import { tokensFromResult, userFromIdToken } from './token-claims.js';
import type { TokenStorage } from './token-storage.js';
import type { Transport } from './transport.js';

/**
 * Runs a refresh while holding a lock shared with other tabs. `waited` is true when another holder had it
 * first: its tokens may then be in storage, or on their way there.
 */
export type RefreshLock = <T>(task: (waited: boolean) => Promise<T>) => Promise<T>;

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
  /** How an SRP exchange begins; a fixed secret gives known answers to check against. Default: a random secret, fastest engine. */
  startSrp?: SrpStarter;
  now?: () => number;
}

/**
 * What every service shares: the Cognito call, SECRET_HASH, the session store and the clock. A class, so that
 * each actor's services cost a few fields, not a closure per helper.
 */
export class ServiceKit {
  readonly store: SessionStore;
  #verifiedSetups: Map<string, string> | undefined;
  #devices: DeviceStore | undefined;

  constructor(readonly options: AuthServicesOptions) {
    this.store = sessionStore(options.storage, options.clientId);
  }

  get userPoolId(): string {
    return this.options.userPoolId;
  }

  get clientId(): string {
    return this.options.clientId;
  }

  get clientSecret(): string | undefined {
    return this.options.clientSecret;
  }

  /** MFA_SETUP challenges whose code VerifySoftwareToken accepted, by the challenge's session: the session to answer with. */
  get verifiedSetups(): Map<string, string> {
    return (this.#verifiedSetups ??= new Map());
  }

  /** Remembered devices, beside the session in the same storage. */
  get devices(): DeviceStore {
    return (this.#devices ??= deviceStore(this.options.storage, this.options.clientId));
  }

  now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  async call<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>> {
    let output: OutputOf<Op>;
    try {
      output = await this.options.transport.send(op, input, signal);
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

  async hashFor(username: string): Promise<{ SecretHash?: string }> {
    const secret = this.clientSecret;
    return secret ? { SecretHash: await secretHash(secret, username, this.clientId) } : {};
  }

  async hashParam(username: string): Promise<{ SECRET_HASH?: string }> {
    const secret = this.clientSecret;
    return secret ? { SECRET_HASH: await secretHash(secret, username, this.clientId) } : {};
  }

  /** ResendConfirmationCode and ForgotPassword take the same request, and answer with where the code went. */
  async requestCode(
    op: 'ResendConfirmationCode' | 'ForgotPassword',
    request: { username: string; clientMetadata?: Record<string, string> },
    signal: AbortSignal,
  ): Promise<CodeDeliveryResult> {
    const output = await this.call(
      op,
      {
        ClientId: this.clientId,
        Username: request.username,
        ...(request.clientMetadata ? { ClientMetadata: request.clientMetadata } : {}),
        ...(await this.hashFor(request.username)),
      },
      signal,
    );
    const codeDelivery = codeDeliveryOf(output.CodeDeliveryDetails);
    return codeDelivery ? { codeDelivery } : {};
  }

  /** Work for an actor the machine has already left must not touch storage. */
  ensureCurrent(signal: AbortSignal): void {
    if (signal.aborted) throw new AuthError('AbortError', 'The request was cancelled');
  }

  async persist(result: AuthenticationResultType, signal: AbortSignal, previousRefresh?: string): Promise<SignedInSession> {
    const tokens = tokensFromResult(result, this.now(), previousRefresh);
    const user = userFromIdToken(tokens.idToken);
    this.ensureCurrent(signal);
    await this.store.save({
      username: user.username,
      idToken: tokens.idToken,
      accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      clockDrift: tokens.clockDrift,
    });
    return { user, tokens };
  }

  /**
   * Tokens end the sign-in (and are stored before the machine hears of them, with a newly issued device confirmed);
   * a device challenge is answered here; anything else is a challenge for the machine.
   */
  async stepOf(output: AuthStepOutput, typedUsername: string, signal: AbortSignal): Promise<AuthStepResult> {
    if (output.ChallengeName && isServiceAnsweredChallenge(output.ChallengeName)) {
      output = await answerDeviceChallenge(this, output, typedUsername, signal);
    }
    if (output.AuthenticationResult) {
      const session = await this.persist(output.AuthenticationResult, signal);
      const deviceNotRemembered = await keepNewDevice(this, output.AuthenticationResult, session.user.username, signal);
      return { type: 'signedIn', ...session, ...(deviceNotRemembered ? { deviceNotRemembered } : {}) };
    }
    const sessionMs = this.options.challengeSessionMs ?? CHALLENGE_SESSION_MS;
    return { type: 'challenge', challenge: challengeOf(output, { typedUsername, now: this.now(), sessionMs }) };
  }
}
