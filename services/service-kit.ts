import { AuthError } from '../machines/auth-error.js';
import { CHALLENGE_SESSION_MS } from '../machines/auth-machine.js';
import type { AuthStepResult } from '../machines/auth-types.js';
import type { SignedInSession } from '../machines/service-contracts.js';
import { challengeOf } from './auth-step.js';
import type { AuthenticationResultType, AuthStepOutput, CognitoOperation, InputOf, OutputOf } from './cognito-api.js';
import { toAuthError } from './error-mapping.js';
import type { SrpStarter } from './password-verifier.js';
import { secretHash } from './secret-hash.js';
import type { RefreshLock } from './session-services.js';
import { sessionStore } from './session-store.js';
import { tokensFromResult, userFromIdToken } from './token-claims.js';
import type { TokenStorage } from './token-storage.js';
import type { Transport } from './transport.js';

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

/** What every group of services shares: the Cognito call, SECRET_HASH, the session store and the clock. */
export function serviceKit(options: AuthServicesOptions) {
  const { transport, userPoolId, clientId, clientSecret } = options;
  const sessionMs = options.challengeSessionMs ?? CHALLENGE_SESSION_MS;
  const kit = {
    options,
    userPoolId,
    clientId,
    clientSecret,
    now: options.now ?? (() => Date.now()),
    store: sessionStore(options.storage, clientId),

    async call<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>> {
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
    },

    async hashFor(username: string): Promise<{ SecretHash?: string }> {
      return clientSecret ? { SecretHash: await secretHash(clientSecret, username, clientId) } : {};
    },

    async hashParam(username: string): Promise<{ SECRET_HASH?: string }> {
      return clientSecret ? { SECRET_HASH: await secretHash(clientSecret, username, clientId) } : {};
    },

    /** Work for an actor the machine has already left must not touch storage. */
    ensureCurrent(signal: AbortSignal): void {
      if (signal.aborted) throw new AuthError('AbortError', 'The request was cancelled');
    },

    async persist(result: AuthenticationResultType, signal: AbortSignal, previousRefresh?: string): Promise<SignedInSession> {
      const tokens = tokensFromResult(result, kit.now(), previousRefresh);
      const user = userFromIdToken(tokens.idToken);
      kit.ensureCurrent(signal);
      await kit.store.save({
        username: user.username,
        idToken: tokens.idToken,
        accessToken: tokens.accessToken,
        ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
        clockDrift: tokens.clockDrift,
      });
      return { user, tokens };
    },

    /** Tokens end the sign-in (and are stored before the machine hears of them); anything else is a challenge. */
    async stepOf(output: AuthStepOutput, typedUsername: string, signal: AbortSignal): Promise<AuthStepResult> {
      if (output.AuthenticationResult) return { type: 'signedIn', ...(await kit.persist(output.AuthenticationResult, signal)) };
      return { type: 'challenge', challenge: challengeOf(output, { typedUsername, now: kit.now(), sessionMs }) };
    },
  };
  return kit;
}

export type ServiceKit = ReturnType<typeof serviceKit>;
