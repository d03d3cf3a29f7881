/** The in-memory state of the local user pool: pools, app clients, users, sessions and issued tokens. */

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED' | 'EXTERNAL_PROVIDER';
export type MfaConfiguration = 'OFF' | 'ON' | 'OPTIONAL';

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  TemporaryPasswordValidityDays: number;
}

export interface SchemaAttribute {
  Name: string;
  AttributeDataType: 'String' | 'Number' | 'DateTime' | 'Boolean';
  DeveloperOnlyAttribute: boolean;
  Mutable: boolean;
  Required: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
}

export interface PoolRecord {
  id: string;
  name: string;
  arn: string;
  createdAt: number;
  modifiedAt: number;
  usernameAttributes: string[];
  aliasAttributes: string[];
  autoVerifiedAttributes: string[];
  caseSensitive: boolean;
  passwordPolicy: PasswordPolicy;
  schema: SchemaAttribute[];
  mfaConfiguration: MfaConfiguration;
  softwareTokenMfa: boolean;
  smsMfa: boolean;
  smsAuthenticationMessage?: string;
  lambdaConfig: Record<string, string>;
  allowAdminCreateUserOnly: boolean;
  /** Email MFA and email OTP, set by SetUserPoolMfaConfig (see passwordless-settings.ts). */
  emailMfa?: EmailMfaSettings;
  /** Passkeys' relying party and user-verification rule, set by SetUserPoolMfaConfig (see passwordless-settings.ts). */
  webAuthn?: WebAuthnSettings;
  /** Everything CreateUserPool received, echoed by DescribeUserPool where we do not model it. */
  input: Record<string, unknown>;
  users: Map<string, UserRecord>;
  clients: Map<string, ClientRecord>;
  /** Groups by name (see group-operations.ts). */
  groups: Map<string, GroupRecord>;
  /** Its hosted sign-in domain (see user-pool-domains.ts). */
  domain?: DomainRecord;
  /** Identity providers by ProviderName (see identity-providers.ts). */
  identityProviders?: Record<string, IdentityProviderRecord>;
  /** Resource servers by identifier, with their custom scopes (see resource-servers.ts). */
  resourceServers?: Record<string, ResourceServerRecord>;
  /** Position of the pool in its service; selects its signing keys (see token-keys.ts). */
  keyIndex: number;
  keys?: Promise<PoolKeys>;
}

export interface EmailMfaSettings {
  /** The email text, with `{####}` where the code goes. */
  message?: string;
  subject?: string;
}

export interface WebAuthnSettings {
  relyingPartyId?: string;
  userVerification: 'required' | 'preferred';
  factorConfiguration: 'SINGLE_FACTOR' | 'MULTI_FACTOR_WITH_USER_VERIFICATION';
}

/** A registered passkey (see passkey-operations.ts). */
export interface PasskeyRecord {
  /** base64url credential id. */
  credentialId: string;
  /** base64url COSE public key. */
  publicKey: string;
  counter: number;
  relyingPartyId: string;
  friendlyName: string;
  transports: string[];
  attachment?: string;
  createdAt: number;
}

export interface DomainRecord {
  /** A prefix (`<prefix>.auth.<region>.amazoncognito.com`) or, with a certificate, a custom domain name. */
  domain: string;
  certificateArn?: string;
  managedLoginVersion: number;
}

export interface IdentityProviderRecord {
  name: string;
  type: string;
  details: Record<string, string>;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  createdAt: number;
  modifiedAt: number;
  /** Identities linked by AdminLinkProviderForUser before their first sign-in: IdP subject → destination user's sub. */
  links?: Record<string, string>;
}

export interface ResourceServerRecord {
  identifier: string;
  name: string;
  scopes: Array<{ ScopeName: string; ScopeDescription: string }>;
}

export interface GroupRecord {
  name: string;
  description?: string;
  roleArn?: string;
  precedence?: number;
  createdAt: number;
  modifiedAt: number;
  /** The `sub` of each member, in the order they were added. */
  members: string[];
}

export interface PoolKeys {
  id: { kid: string; privateKey: CryptoKey; publicJwk: Record<string, unknown> };
  access: { kid: string; privateKey: CryptoKey; publicJwk: Record<string, unknown> };
}

export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

export interface ClientRecord {
  id: string;
  name: string;
  poolId: string;
  secret?: string;
  explicitAuthFlows: string[];
  accessTokenSeconds: number;
  idTokenSeconds: number;
  refreshTokenSeconds: number;
  authSessionMinutes: number;
  enableTokenRevocation: boolean;
  preventUserExistenceErrors: 'LEGACY' | 'ENABLED';
  readAttributes?: string[];
  writeAttributes?: string[];
  createdAt: number;
  /** Set by UpdateUserPoolClient. */
  modifiedAt?: number;
  input: Record<string, unknown>;
}

export interface PendingCode {
  code: string;
  expiresAt: number;
  /** Where the code went; confirming it verifies this attribute. */
  attribute?: 'email' | 'phone_number';
  /** Codes this one replaced: using one is ExpiredCodeException, not CodeMismatchException. */
  superseded?: string[];
}

export interface UserRecord {
  username: string;
  sub: string;
  attributes: Map<string, string>;
  password: string;
  /** Hex salt for the SRP verifier, fixed per password. */
  salt: string;
  status: UserStatus;
  enabled: boolean;
  createdAt: number;
  modifiedAt: number;
  temporaryPasswordExpiresAt?: number;
  smsMfaEnabled: boolean;
  smsMfaPreferred: boolean;
  totpMfaEnabled: boolean;
  totpMfaPreferred: boolean;
  /** A verified TOTP secret; `pendingTotpSecret` waits for VerifySoftwareToken. */
  totpSecret?: string;
  /** TOTP time steps whose code was accepted for `totpSecret` and may still be presented (the current window). */
  totpUsedSteps?: number[];
  pendingTotpSecret?: string;
  /** Wrong codes VerifySoftwareToken may still take for `pendingTotpSecret` before the association is dropped. */
  pendingTotpAttemptsLeft?: number;
  signUpCode?: PendingCode;
  forgotPasswordCode?: PendingCode;
  attributeCodes: Map<string, PendingCode>;
  /** New email / phone_number values waiting for VerifyUserAttribute (AttributesRequireVerificationBeforeUpdate). */
  pendingAttributes?: Map<string, string>;
  /** Email MFA (EmailMfaSettings of SetUserMFAPreference). */
  emailMfaEnabled?: boolean;
  emailMfaPreferred?: boolean;
  /** Registered passkeys, oldest first. */
  passkeys?: PasskeyRecord[];
  /** The challenge of a StartWebAuthnRegistration waiting for CompleteWebAuthnRegistration. */
  passkeyRegistration?: { challenge: string; clientId: string; expiresAt: number };
  failedSignIns?: number;
  lastFailedSignInAt?: number;
  lockedUntil?: number;
  /** Devices issued to this user by device tracking, by device key (see device-operations.ts). */
  devices?: Map<string, DeviceRecord>;
}

/**
 * One tracked device (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html):
 * issued with NewDeviceMetadata at sign-in, confirmed with its SRP verifier by ConfirmDevice.
 */
export interface DeviceRecord {
  key: string;
  groupKey: string;
  /** Hex of the SRP verifier and salt ConfirmDevice received; absent until the device is confirmed. */
  verifier?: string;
  salt?: string;
  name?: string;
  remembered: boolean;
  createdAt: number;
  modifiedAt: number;
  lastAuthenticatedAt: number;
}

export interface RefreshRecord {
  poolId: string;
  clientId: string;
  sub: string;
  originJti: string;
  authTime: number;
  expiresAt: number;
  issuedAt: number;
  revoked: boolean;
  /** Scopes granted through the OAuth endpoints; absent for JSON-API sign-ins. */
  scopes?: string[];
  /** The device the sign-in was tied to: refreshing needs its DEVICE_KEY while the device is tracked. */
  deviceKey?: string;
}

export interface SessionRecord {
  poolId: string;
  clientId: string;
  username: string;
  /** The challenge this session may answer. */
  challenge: string;
  expiresAt: number;
  used: boolean;
  flow: 'PASSWORD' | 'SRP' | 'CUSTOM';
  /** For a wrong MFA code, the same session stays usable a limited number of times. */
  attemptsLeft: number;
  smsCode?: string;
  /** The code of an EMAIL_OTP or SMS_OTP challenge. */
  otpCode?: string;
  /** Set when this EMAIL_OTP challenge is MFA after a password rather than the first factor. */
  otpIsMfa?: boolean;
  /** SELECT_CHALLENGE: the first factors this user may answer with. */
  availableChallenges?: string[];
  /** EMAIL_OTP sent while setting up email MFA (MFA_SETUP): the address that becomes the user's on the right code. */
  setupEmail?: string;
  /** WEB_AUTHN: the challenge sent in CREDENTIAL_REQUEST_OPTIONS (base64url). */
  webAuthnChallenge?: string;
  srp?: { srpB: string; secretBlock: string; verify: (input: SrpVerifyInput) => Promise<boolean> };
  customHistory?: CustomChallengeResult[];
  privateChallengeParameters?: Record<string, string>;
  challengeMetadata?: string;
  /** Set when VerifySoftwareToken with this session succeeded: MFA_SETUP may now be answered. */
  totpSetupVerified?: boolean;
  mfasCanChoose?: string[];
  /** The DEVICE_KEY the sign-in named (or, after DEVICE_SRP_AUTH, the device being proven). */
  deviceKey?: string;
}

export interface SrpVerifyInput {
  poolName: string;
  userIdForSrp: string;
  secretBlock: string;
  timestamp: string;
  signature: string;
}

export interface CustomChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}
