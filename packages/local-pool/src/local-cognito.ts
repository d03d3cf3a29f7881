import * as adminAuth from './admin-auth-operations.js';
import * as admin from './admin-operations.js';
import * as auth from './auth-operations.js';
import { realClock, type Clock } from './clock.js';
import * as clientLifecycle from './client-lifecycle.js';
import * as passkeys from './passkey-operations.js';
import * as poolLifecycle from './pool-lifecycle.js';
import * as domains from './user-pool-domains.js';
import * as resourceServers from './resource-servers.js';
import * as identityProviders from './identity-providers.js';
import * as controlPlane from './control-plane-operations.js';
import { addCustomAttributes } from './custom-attributes.js';
import * as devices from './device-operations.js';
import { adminDeleteUserAttributes } from './delete-user-attributes.js';
import { deleteUserAttributes } from './own-attribute-deletion.js';
import * as groups from './group-operations.js';
import { openDataFolder } from './data-folder.js';
import { LocalCognitoError } from './local-cognito-error.js';
import { listUserPools } from './list-user-pools.js';
import { listUsers } from './list-users.js';
import { isLocalOperation, LOCAL_OPERATIONS, validateInput, type LocalOperation } from './operation-inputs.js';
import { restoreSnapshot, takeSnapshot, type ServiceSnapshot } from './pool-snapshot.js';
import type { ServiceState, DeliveredMessage } from './service-state.js';
import * as signUp from './sign-up-operations.js';
import { maybeSweep, recordCounts, sweep, type RecordCounts } from './record-sweep.js';
import { issuerOf, jwksOf } from './token-issuer.js';
import { handleOAuthRequest, openIdConfiguration } from './oauth-endpoints.js';
import type { OAuthRequest, OAuthResponse } from './oauth-http.js';
import type { LocalTriggers } from './triggers.js';
import * as enablement from './user-enablement.js';
import { getUserAuthFactors } from './user-auth-factors.js';
import * as user from './user-operations.js';

export type { DeliveredMessage } from './service-state.js';
export type { RecordCounts } from './record-sweep.js';
export type { ServiceSnapshot } from './pool-snapshot.js';
export type { OAuthRequest, OAuthResponse } from './oauth-http.js';

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
  /**
   * A folder that keeps pools, clients, users, signing keys, tokens and the outbox across restarts (see
   * data-folder.ts): read when the service is created, saved after every request before it is answered.
   */
  dataDir?: string;
}

/** Cognito user pools in memory (as many as needed), their clients and users, behind one `send`. */
export interface LocalCognito {
  /** Runs one Cognito operation (control plane and user plane) with Cognito's input and output shapes. */
  send(operation: string, input: unknown): Promise<unknown>;
  /**
   * The outbox: the codes and invitations sent, oldest first. A message leaves it an hour after the code in it stops
   * working (for an invitation, its temporary password); at most the newest 10,000 are kept.
   */
  messages(): DeliveredMessage[];
  /**
   * Drops every record whose life has ended by the clock: sessions, tokens, revocations, sign-out marks,
   * attempt-limit windows, codes, lockouts, outbox messages. Requests do this by themselves once a minute of
   * clock time; the HTTP server also does it every minute while idle.
   */
  sweep(): void;
  /** How many records of each kind are held (see `sweep`), to watch a long-running pool's memory. */
  recordCounts(): RecordCounts;
  readonly clock: Clock;
  readonly region: string;
  /** Operations `send` understands. */
  readonly operations: readonly string[];
  /** Trigger functions for one pool only, used before the service-wide ones. */
  setPoolTriggers(userPoolId: string, triggers: LocalTriggers): void;
  /** The pool's JSON Web Key Set, as served at `/{userPoolId}/.well-known/jwks.json`. */
  jwks(userPoolId: string): Promise<{ keys: Record<string, unknown>[] }>;
  issuer(userPoolId: string): string;
  /** The pool's OpenID discovery document. */
  openIdConfiguration(userPoolId: string): Record<string, unknown>;
  /** One request to a pool's domain endpoints (`/<domain>/oauth2/...`, `/login`, `/logout`); undefined for an unknown domain. */
  oauth(request: OAuthRequest): Promise<OAuthResponse | undefined>;
  setIssuerBase(base: string): void;
  /** Every pool's records (or one pool's) as JSON, to save or to seed another service with `importData`. */
  exportData(options?: { userPoolId?: string }): Promise<ServiceSnapshot>;
  /** Puts exported records in: pools in them replace pools of the same id, other pools stay. */
  importData(snapshot: ServiceSnapshot): Promise<void>;
}

type Handler = (state: ServiceState, input: Record<string, unknown>) => unknown;

const HANDLERS: Record<LocalOperation, Handler> = {
  CreateUserPool: controlPlane.createUserPool,
  CreateUserPoolClient: controlPlane.createUserPoolClient,
  DescribeUserPool: controlPlane.describeUserPool,
  UpdateUserPool: poolLifecycle.updateUserPool,
  DeleteUserPool: poolLifecycle.deleteUserPool,
  AddCustomAttributes: addCustomAttributes,
  CreateUserPoolDomain: domains.createUserPoolDomain,
  DescribeUserPoolDomain: domains.describeUserPoolDomain,
  DeleteUserPoolDomain: domains.deleteUserPoolDomain,
  UpdateUserPoolDomain: domains.updateUserPoolDomain,
  CreateResourceServer: resourceServers.createResourceServer,
  DescribeResourceServer: resourceServers.describeResourceServer,
  ListResourceServers: resourceServers.listResourceServers,
  UpdateResourceServer: resourceServers.updateResourceServer,
  DeleteResourceServer: resourceServers.deleteResourceServer,
  CreateIdentityProvider: identityProviders.createIdentityProvider,
  DescribeIdentityProvider: identityProviders.describeIdentityProvider,
  UpdateIdentityProvider: identityProviders.updateIdentityProvider,
  DeleteIdentityProvider: identityProviders.deleteIdentityProvider,
  ListIdentityProviders: identityProviders.listIdentityProviders,
  GetIdentityProviderByIdentifier: identityProviders.getIdentityProviderByIdentifier,
  AdminLinkProviderForUser: identityProviders.adminLinkProviderForUser,
  AdminDisableProviderForUser: identityProviders.adminDisableProviderForUser,
  DescribeUserPoolClient: controlPlane.describeUserPoolClient,
  UpdateUserPoolClient: clientLifecycle.updateUserPoolClient,
  ListUserPoolClients: clientLifecycle.listUserPoolClients,
  DeleteUserPoolClient: clientLifecycle.deleteUserPoolClient,
  SetUserPoolMfaConfig: controlPlane.setUserPoolMfaConfig,
  GetUserPoolMfaConfig: controlPlane.getUserPoolMfaConfig,
  AdminCreateUser: admin.adminCreateUser,
  AdminSetUserPassword: admin.adminSetUserPassword,
  AdminGetUser: admin.adminGetUser,
  AdminConfirmSignUp: admin.adminConfirmSignUp,
  AdminSetUserMFAPreference: admin.adminSetUserMfaPreference,
  AdminUpdateUserAttributes: admin.adminUpdateUserAttributes,
  AdminDeleteUser: admin.adminDeleteUser,
  AdminDeleteUserAttributes: adminDeleteUserAttributes,
  AdminUserGlobalSignOut: admin.adminUserGlobalSignOut,
  AdminResetUserPassword: admin.adminResetUserPassword,
  AdminDisableUser: enablement.adminDisableUser,
  AdminEnableUser: enablement.adminEnableUser,
  ListUsers: listUsers,
  ListUserPools: listUserPools,
  CreateGroup: groups.createGroup,
  GetGroup: groups.getGroup,
  ListGroups: groups.listGroups,
  UpdateGroup: groups.updateGroup,
  DeleteGroup: groups.deleteGroup,
  AdminAddUserToGroup: groups.adminAddUserToGroup,
  AdminRemoveUserFromGroup: groups.adminRemoveUserFromGroup,
  AdminListGroupsForUser: groups.adminListGroupsForUser,
  ListUsersInGroup: groups.listUsersInGroup,
  AdminInitiateAuth: adminAuth.adminInitiateAuth,
  AdminRespondToAuthChallenge: adminAuth.adminRespondToAuthChallenge,
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
  DeleteUserAttributes: deleteUserAttributes,
  GlobalSignOut: user.globalSignOut,
  RevokeToken: user.revokeToken,
  ConfirmDevice: devices.confirmDevice,
  GetDevice: devices.getDevice,
  ListDevices: devices.listDevices,
  UpdateDeviceStatus: devices.updateDeviceStatus,
  ForgetDevice: devices.forgetDevice,
  AdminGetDevice: devices.adminGetDevice,
  AdminListDevices: devices.adminListDevices,
  AdminUpdateDeviceStatus: devices.adminUpdateDeviceStatus,
  AdminForgetDevice: devices.adminForgetDevice,
  GetUserAuthFactors: getUserAuthFactors,
  StartWebAuthnRegistration: passkeys.startWebAuthnRegistration,
  CompleteWebAuthnRegistration: passkeys.completeWebAuthnRegistration,
  ListWebAuthnCredentials: passkeys.listWebAuthnCredentials,
  DeleteWebAuthnCredential: passkeys.deleteWebAuthnCredential,
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
    revokedOrigins: new Map(),
    signedOut: new Map(),
    attempts: new Map(),
    sequence: 0,
    outbox: [],
    lastSweepAt: 0,
    triggers: options.triggers ?? {},
    poolTriggers: new Map(),
    ...(options.lambdaEndpoint ? { lambdaEndpoint: options.lambdaEndpoint } : {}),
  };
  const folder = options.dataDir !== undefined ? openDataFolder(options.dataDir) : undefined;
  const saved = folder?.read();
  if (saved) restoreSnapshot(state, saved);
  const save = async (): Promise<void> => {
    if (!folder) return;
    try {
      await folder.save(state);
    } catch (error) {
      throw new LocalCognitoError('InternalErrorException', `The local user pool could not save its data folder: ${error instanceof Error ? error.message : String(error)}`);
    }
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
      maybeSweep(state);
      let output: unknown;
      try {
        output = await HANDLERS[operation](state, checked);
      } catch (error) {
        // A refused request may still have changed records (a failed sign-in counts towards a lockout).
        if (folder) await save();
        if (error instanceof LocalCognitoError) throw error;
        // Anything unexpected is our bug, reported the way Cognito reports its own.
        throw new LocalCognitoError('InternalErrorException', error instanceof Error ? error.message : String(error));
      }
      if (folder) await save();
      return output;
    },
    exportData: (exportOptions = {}) => takeSnapshot(state, exportOptions.userPoolId),
    async importData(snapshot) {
      restoreSnapshot(state, snapshot);
      await save();
    },
    messages: () => state.outbox.map(({ keepUntil: _keepUntil, ...message }) => message),
    sweep: () => sweep(state),
    recordCounts: () => recordCounts(state),
    setPoolTriggers(userPoolId, triggers) {
      state.poolTriggers.set(userPoolId, triggers);
    },
    jwks: (userPoolId) => jwksOf(state, userPoolId),
    issuer: (userPoolId) => issuerOf(state, userPoolId),
    openIdConfiguration: (userPoolId) => openIdConfiguration(state, userPoolId),
    async oauth(request) {
      maybeSweep(state);
      const response = await handleOAuthRequest(state, request);
      if (response && folder) await save();
      return response;
    },
    setIssuerBase(base) {
      state.issuerBase = base;
    },
  };
}
