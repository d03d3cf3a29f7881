import * as admin from './admin-operations.js';
import * as auth from './auth-operations.js';
import { realClock, type Clock } from './clock.js';
import * as controlPlane from './control-plane-operations.js';
import { LocalCognitoError } from './local-cognito-error.js';
import { isLocalOperation, LOCAL_OPERATIONS, validateInput, type LocalOperation } from './operation-inputs.js';
import type { ServiceState, DeliveredMessage } from './service-state.js';
import * as signUp from './sign-up-operations.js';
import { issuerOf, jwksOf } from './token-issuer.js';
import type { LocalTriggers } from './triggers.js';
import * as user from './user-operations.js';

export type { DeliveredMessage } from './service-state.js';

export interface LocalCognitoOptions {
  clock?: Clock;
  /** Trigger functions for every pool of this service; a pool's own (see `setPoolTriggers`) take precedence. */
  triggers?: LocalTriggers;
  /** Invoke functions named in a pool's LambdaConfig over Lambda's Invoke API at this base URL. */
  lambdaEndpoint?: string;
  /** Region in generated pool ids and ARNs; default us-east-1. */
  region?: string;
  /** Tokens' `iss` is `<issuerBase>/<userPoolId>`; default `http://localhost`, set to the endpoint by the server. */
  issuerBase?: string;
}

/** Cognito user pools in memory (as many as needed), their clients and users, behind one `send`. */
export interface LocalCognito {
  /** Runs one Cognito operation (control plane and user plane) with Cognito's input and output shapes. */
  send(operation: string, input: unknown): Promise<unknown>;
  /** The outbox: every code and invitation sent so far, oldest first. */
  messages(): DeliveredMessage[];
  readonly clock: Clock;
  readonly region: string;
  /** Operations `send` understands. */
  readonly operations: readonly string[];
  /** Trigger functions for one pool only, used before the service-wide ones. */
  setPoolTriggers(userPoolId: string, triggers: LocalTriggers): void;
  /** The pool's JSON Web Key Set, as served at `/{userPoolId}/.well-known/jwks.json`. */
  jwks(userPoolId: string): Promise<{ keys: Record<string, unknown>[] }>;
  issuer(userPoolId: string): string;
  setIssuerBase(base: string): void;
}

type Handler = (state: ServiceState, input: Record<string, unknown>) => unknown;

const HANDLERS: Record<LocalOperation, Handler> = {
  CreateUserPool: controlPlane.createUserPool,
  CreateUserPoolClient: controlPlane.createUserPoolClient,
  DescribeUserPool: controlPlane.describeUserPool,
  DescribeUserPoolClient: controlPlane.describeUserPoolClient,
  SetUserPoolMfaConfig: controlPlane.setUserPoolMfaConfig,
  GetUserPoolMfaConfig: controlPlane.getUserPoolMfaConfig,
  AdminCreateUser: admin.adminCreateUser,
  AdminSetUserPassword: admin.adminSetUserPassword,
  AdminGetUser: admin.adminGetUser,
  AdminConfirmSignUp: admin.adminConfirmSignUp,
  AdminSetUserMFAPreference: admin.adminSetUserMfaPreference,
  AdminUpdateUserAttributes: admin.adminUpdateUserAttributes,
  AdminDeleteUser: admin.adminDeleteUser,
  AdminUserGlobalSignOut: admin.adminUserGlobalSignOut,
  AdminResetUserPassword: admin.adminResetUserPassword,
  SignUp: signUp.signUp,
  ResendConfirmationCode: signUp.resendConfirmationCode,
  ConfirmSignUp: signUp.confirmSignUp,
  ForgotPassword: signUp.forgotPassword,
  ConfirmForgotPassword: signUp.confirmForgotPassword,
  InitiateAuth: auth.initiateAuth,
  RespondToAuthChallenge: auth.respondToAuthChallenge,
  GetTokensFromRefreshToken: auth.getTokensFromRefreshToken,
  AssociateSoftwareToken: user.associateSoftwareToken,
  VerifySoftwareToken: user.verifySoftwareToken,
  SetUserMFAPreference: user.setUserMfaPreference,
  GetUser: user.getUser,
  UpdateUserAttributes: user.updateUserAttributes,
  VerifyUserAttribute: user.verifyUserAttribute,
  GetUserAttributeVerificationCode: user.getUserAttributeVerificationCode,
  ChangePassword: user.changePassword,
  DeleteUser: user.deleteUser,
  GlobalSignOut: user.globalSignOut,
  RevokeToken: user.revokeToken,
};

export function createLocalCognito(options: LocalCognitoOptions = {}): LocalCognito {
  const state: ServiceState = {
    clock: options.clock ?? realClock,
    region: options.region ?? 'us-east-1',
    issuerBase: options.issuerBase ?? 'http://localhost',
    pools: new Map(),
    clients: new Map(),
    sessions: new Map(),
    refreshTokens: new Map(),
    accessTokens: new Map(),
    revokedOrigins: new Set(),
    signedOut: new Map(),
    sequence: 0,
    outbox: [],
    triggers: options.triggers ?? {},
    poolTriggers: new Map(),
    ...(options.lambdaEndpoint ? { lambdaEndpoint: options.lambdaEndpoint } : {}),
  };
  return {
    clock: state.clock,
    region: state.region,
    operations: LOCAL_OPERATIONS,
    async send(operation, input) {
      if (!isLocalOperation(operation)) {
        throw new LocalCognitoError('UnknownOperationException', `Operation ${operation} is not supported by the local user pool.`);
      }
      const checked = validateInput(operation, input);
      try {
        return await HANDLERS[operation](state, checked);
      } catch (error) {
        if (error instanceof LocalCognitoError) throw error;
        // Anything unexpected is our bug, reported the way Cognito reports its own.
        throw new LocalCognitoError('InternalErrorException', error instanceof Error ? error.message : String(error));
      }
    },
    messages: () => state.outbox.map((m) => ({ ...m })),
    setPoolTriggers(userPoolId, triggers) {
      state.poolTriggers.set(userPoolId, triggers);
    },
    jwks: (userPoolId) => jwksOf(state, userPoolId),
    issuer: (userPoolId) => issuerOf(state, userPoolId),
    setIssuerBase(base) {
      state.issuerBase = base;
    },
  };
}
