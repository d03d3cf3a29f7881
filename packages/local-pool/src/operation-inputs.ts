import { fail } from './local-cognito-error.js';

/**
 * The input members of each supported operation with the constraints of Cognito's API reference
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html, the request parameters
 * of each action and the data types they use): required members, JSON types, string lengths, patterns, enum values,
 * integer ranges and list sizes, for top-level members and for the nested structures the pool reads. A request that breaks them fails before any state changes, with InvalidParameterException worded as
 * Cognito words it:
 *
 *   `2 validation errors detected: Value '' at 'userAttributes.1.member.name' failed to satisfy constraint: Member
 *   must have length greater than or equal to 1; Value '' at ...`
 *
 * Values of members the model marks sensitive (passwords, usernames, tokens, sessions, …) are not echoed. Patterns
 * match the whole value, as Cognito (Java) matches them. Members not listed are ignored, as are unknown members.
 */

type StringShape = {
  kind: 'string';
  min?: number;
  max?: number;
  pattern?: { shown: string; test: RegExp };
  values?: readonly string[];
  sensitive?: boolean;
};
type Shape =
  | StringShape
  | { kind: 'boolean' }
  | { kind: 'integer'; min?: number; max?: number }
  /** Without members: an object of whatever members (structures the pool stores but does not read). */
  | { kind: 'structure'; members?: Members }
  | { kind: 'list'; member: Shape; min?: number; max?: number }
  | { kind: 'map'; key: StringShape; value: StringShape };
type Member = Shape & { required?: boolean };
type Members = Record<string, Member>;

function str(options: Omit<StringShape, 'kind'> = {}): StringShape {
  return { kind: 'string', ...options };
}

/** A model pattern; `test` is given where Java's and JavaScript's classes differ (`\s`, `\S`, `.`). */
function pattern(shown: string, test: RegExp = new RegExp(`^(?:${shown})$`, shown.includes('\\p{') ? 'u' : '')): StringShape['pattern'] {
  return { shown, test };
}

function oneOf(...values: string[]): StringShape {
  return str({ values });
}

const bool: Shape = { kind: 'boolean' };
function int(min?: number, max?: number): Shape {
  return { kind: 'integer', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}
function struct(members?: Members): Shape {
  return { kind: 'structure', ...(members ? { members } : {}) };
}
function list(member: Shape, min?: number, max?: number): Shape {
  return { kind: 'list', member, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}
function map(key: StringShape, value: StringShape): Shape {
  return { kind: 'map', key, value };
}
function req<S extends Shape>(shape: S): S & { required: true } {
  return { ...shape, required: true };
}

// Java's `\s` is ASCII whitespace only, and `.` stops at line terminators.
const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';
const NOT_SPACE = `[^${JAVA_SPACE}]`;
const JAVA_DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';

const UserPoolId = str({ min: 1, max: 55, pattern: pattern('[\\w-]+_[0-9a-zA-Z]+') });
const ClientId = str({ min: 1, max: 128, pattern: pattern('[\\w+]+'), sensitive: true });
const ClientSecret = str({ min: 24, max: 64, pattern: pattern('[\\w+]+'), sensitive: true });
const NamePattern = pattern('[\\w\\s+=,.@-]+', new RegExp(`^[\\w${JAVA_SPACE}+=,.@-]+$`));
const Username = str({ min: 1, max: 128, pattern: pattern('[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+'), sensitive: true });
/**
 * Cognito accepts inner spaces in passwords, but not leading or trailing whitespace (and needs two characters): the
 * pattern the service enforces and names in its validation messages.
 */
const Password = str({
  max: 256,
  pattern: pattern('^[\\S]+.*[\\S]+$', new RegExp(`^${NOT_SPACE}+${JAVA_DOT}*${NOT_SPACE}+$`)),
  sensitive: true,
});
const SecretHash = str({ min: 1, max: 128, pattern: pattern('[\\w+=/]+'), sensitive: true });
const ConfirmationCode = str({ min: 1, max: 2048, pattern: pattern('[\\S]+', new RegExp(`^${NOT_SPACE}+$`)) });
const Session = str({ min: 20, max: 2048, sensitive: true });
const Token = str({ pattern: pattern('[A-Za-z0-9-_=.]+', /^[A-Za-z0-9\-_=.]+$/), sensitive: true });
const DeviceKey = str({ min: 1, max: 55, pattern: pattern('[\\w-]+_[0-9a-f-]+') });
const UserCode = str({ min: 6, max: 6, pattern: pattern('[0-9]+'), sensitive: true });
const AttributeName = str({ min: 1, max: 32, pattern: pattern('[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r ]+') });
const AttributeValue = str({ max: 2048, sensitive: true });
const BigString = str({ min: 0, max: 131072 });
const Arn = str({
  min: 20,
  max: 2048,
  pattern: pattern('arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?'),
});
const PageToken = str({ min: 1, pattern: pattern('[\\S]+', new RegExp(`^${NOT_SPACE}+$`)) });
const GroupName = str({ min: 1, max: 128, pattern: pattern('[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+') });
const GroupSettings = { Description: str({ max: 2048 }), RoleArn: Arn, Precedence: int(0, 2147483647) };
const SmsMessage = str({ min: 6, max: 140, pattern: pattern('.*\\{####\\}.*', new RegExp(`^${JAVA_DOT}*\\{####\\}${JAVA_DOT}*$`)) });

const Attributes = list(struct({ Name: req(AttributeName), Value: AttributeValue }));
const StringMap = map(BigString, BigString);
const SensitiveMap = map(str({ min: 0, max: 131072, sensitive: true }), str({ min: 0, max: 131072, sensitive: true }));
const MfaSettings = struct({ Enabled: bool, PreferredMfa: bool });
const AnalyticsMetadata = struct({ AnalyticsEndpointId: BigString });
const UserContextData = struct({ IpAddress: BigString, EncodedData: BigString });
const Unsigned = { AnalyticsMetadata, UserContextData };

const AUTH_FLOWS = [
  'USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH',
];
const CHALLENGE_NAMES = [
  'SMS_MFA', 'EMAIL_OTP', 'SOFTWARE_TOKEN_MFA', 'SELECT_MFA_TYPE', 'MFA_SETUP', 'PASSWORD_VERIFIER', 'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER', 'ADMIN_NO_SRP_AUTH', 'NEW_PASSWORD_REQUIRED',
  'SMS_OTP', 'PASSWORD', 'WEB_AUTHN', 'PASSWORD_SRP',
];
const EXPLICIT_AUTH_FLOWS = [
  'ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH',
];
const RememberedStatus = oneOf('remembered', 'not_remembered');
const TimeUnit = oneOf('seconds', 'minutes', 'hours', 'days');
const TRIGGERS = [
  'PreSignUp', 'CustomMessage', 'PostConfirmation', 'PreAuthentication', 'PostAuthentication', 'DefineAuthChallenge',
  'CreateAuthChallenge', 'VerifyAuthChallengeResponse', 'PreTokenGeneration', 'UserMigration', 'KMSKeyID',
];

const SmsConfiguration = struct({ SnsCallerArn: req(Arn), ExternalId: BigString, SnsRegion: str({ min: 5, max: 32 }) });

const ResourceServerIdentifier = str({ min: 1, max: 256, pattern: pattern('[\\x21\\x23-\\x5B\\x5D-\\x7E]+', /^[\x21\x23-\x5B\x5D-\x7E]+$/) });
const ScopeName = str({ min: 1, max: 256, pattern: pattern('[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+', /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/) });

const SchemaAttribute = struct({
  Name: str({ min: 1, max: 20, pattern: pattern('[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+') }),
  AttributeDataType: oneOf('String', 'Number', 'DateTime', 'Boolean'),
  DeveloperOnlyAttribute: bool,
  Mutable: bool,
  Required: bool,
  NumberAttributeConstraints: struct({ MinValue: BigString, MaxValue: BigString }),
  StringAttributeConstraints: struct({ MinLength: BigString, MaxLength: BigString }),
});

/** CreateUserPool's members; UpdateUserPool takes them less those fixed at creation. */
const PoolMembers = {
  PoolName: req(str({ min: 1, max: 128, pattern: NamePattern })),
  Policies: struct({
    PasswordPolicy: struct({
      MinimumLength: int(6, 99), RequireUppercase: bool, RequireLowercase: bool, RequireNumbers: bool,
      RequireSymbols: bool, PasswordHistorySize: int(0, 24), TemporaryPasswordValidityDays: int(0, 365),
    }),
    SignInPolicy: struct(),
  }),
  DeletionProtection: oneOf('ACTIVE', 'INACTIVE'),
  LambdaConfig: struct(Object.fromEntries(TRIGGERS.map((name) => [name, Arn]))),
  AutoVerifiedAttributes: list(oneOf('phone_number', 'email')),
  AliasAttributes: list(oneOf('phone_number', 'email', 'preferred_username')),
  UsernameAttributes: list(oneOf('phone_number', 'email')),
  SmsVerificationMessage: SmsMessage,
  EmailVerificationMessage: str({ min: 6, max: 20000 }),
  EmailVerificationSubject: str({ min: 1, max: 140 }),
  VerificationMessageTemplate: struct(),
  SmsAuthenticationMessage: SmsMessage,
  MfaConfiguration: oneOf('OFF', 'ON', 'OPTIONAL'),
  UserAttributeUpdateSettings: struct(),
  DeviceConfiguration: struct({ ChallengeRequiredOnNewDevice: bool, DeviceOnlyRememberedOnUserPrompt: bool }),
  EmailConfiguration: struct(),
  SmsConfiguration,
  UserPoolTags: map(str({ min: 1, max: 128 }), str({ min: 0, max: 256 })),
  AdminCreateUserConfig: struct({ AllowAdminCreateUserOnly: bool, UnusedAccountValidityDays: int(0, 365), InviteMessageTemplate: struct() }),
  Schema: list(SchemaAttribute, 1, 50),
  UserPoolAddOns: struct(),
  UsernameConfiguration: struct({ CaseSensitive: req(bool) }),
  AccountRecoverySetting: struct({
    RecoveryMechanisms: list(struct({ Priority: req(int(1, 2)), Name: req(oneOf('verified_email', 'verified_phone_number', 'admin_only')) }), 1, 2),
  }),
  UserPoolTier: oneOf('LITE', 'ESSENTIALS', 'PLUS'),
};
const FIXED_AT_CREATION = ['PoolName', 'AliasAttributes', 'UsernameAttributes', 'Schema', 'UsernameConfiguration'];
const UpdatablePoolMembers: Members = Object.fromEntries(
  Object.entries(PoolMembers).filter(([name]) => !FIXED_AT_CREATION.includes(name)),
);

const ProviderName = str({ min: 1, max: 32, pattern: pattern('[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+') });
const IdpIdentifier = str({ min: 1, max: 40, pattern: pattern('[\\w\\s+=.@-]+', /^[\w\s+=.@-]+$/) });
/** What CreateIdentityProvider and UpdateIdentityProvider both set. */
const IdentityProviderSettings = {
  ProviderDetails: map(str(), str()),
  AttributeMapping: map(str({ min: 1, max: 32 }), str({ max: 131072 })),
  IdpIdentifiers: list(IdpIdentifier, 0, 50),
};
const ProviderUser = struct({ ProviderName: str({ max: 32 }), ProviderAttributeName: str(), ProviderAttributeValue: str() });

/** What CreateUserPoolClient and UpdateUserPoolClient both set. */
const ClientSettings = {
  RefreshTokenValidity: int(0, 315360000),
  AccessTokenValidity: int(1, 86400),
  IdTokenValidity: int(1, 86400),
  TokenValidityUnits: struct({ AccessToken: TimeUnit, IdToken: TimeUnit, RefreshToken: TimeUnit }),
  ReadAttributes: list(str({ min: 1, max: 2048 })),
  WriteAttributes: list(str({ min: 1, max: 2048 })),
  ExplicitAuthFlows: list(str({ values: EXPLICIT_AUTH_FLOWS })),
  SupportedIdentityProviders: list(str({ min: 1, max: 32 })),
  CallbackURLs: list(str({ min: 1, max: 1024 }), 0, 100),
  LogoutURLs: list(str({ min: 1, max: 1024 }), 0, 100),
  DefaultRedirectURI: str({ min: 1, max: 1024 }),
  AllowedOAuthFlows: list(oneOf('code', 'implicit', 'client_credentials'), 0, 3),
  AllowedOAuthScopes: list(str({ min: 1, max: 256 }), undefined, 50),
  AllowedOAuthFlowsUserPoolClient: bool,
  AnalyticsConfiguration: struct(),
  PreventUserExistenceErrors: oneOf('LEGACY', 'ENABLED'),
  EnableTokenRevocation: bool,
  EnablePropagateAdditionalUserContextData: bool,
  AuthSessionValidity: int(3, 15),
  RefreshTokenRotation: struct(),
};
const ClientName = str({ min: 1, max: 128, pattern: NamePattern });
/** What CreateResourceServer and UpdateResourceServer both take. */
const ResourceServerMembers = {
  UserPoolId: req(UserPoolId),
  Identifier: req(ResourceServerIdentifier),
  Name: req(str({ min: 1, max: 256, pattern: NamePattern })),
  Scopes: list(struct({ ScopeName: req(ScopeName), ScopeDescription: req(str({ min: 1, max: 256 })) }), undefined, 100),
};

const OPERATIONS = {
  CreateUserPool: PoolMembers,
  UpdateUserPool: {
    UserPoolId: req(UserPoolId), ...UpdatablePoolMembers, PoolName: str({ min: 1, max: 128, pattern: NamePattern }),
  },
  DeleteUserPool: { UserPoolId: req(UserPoolId) },
  CreateUserPoolDomain: {
    Domain: req(str({ min: 1, max: 63 })), UserPoolId: req(UserPoolId), ManagedLoginVersion: int(),
    CustomDomainConfig: struct({ CertificateArn: req(Arn) }),
  },
  DescribeUserPoolDomain: { Domain: req(str({ min: 1, max: 63 })) },
  DeleteUserPoolDomain: { Domain: req(str({ min: 1, max: 63 })), UserPoolId: req(UserPoolId) },
  UpdateUserPoolDomain: {
    Domain: req(str({ min: 1, max: 63 })), UserPoolId: req(UserPoolId), ManagedLoginVersion: int(),
    CustomDomainConfig: struct({ CertificateArn: req(Arn) }),
  },
  CreateResourceServer: ResourceServerMembers,
  UpdateResourceServer: ResourceServerMembers,
  DeleteResourceServer: { UserPoolId: req(UserPoolId), Identifier: req(ResourceServerIdentifier) },
  DescribeResourceServer: { UserPoolId: req(UserPoolId), Identifier: req(ResourceServerIdentifier) },
  ListResourceServers: { UserPoolId: req(UserPoolId), MaxResults: req(int(1, 50)), NextToken: { ...PageToken, max: 65535 } },
  CreateIdentityProvider: {
    UserPoolId: req(UserPoolId),
    ProviderName: req(str({ min: 1, max: 32, pattern: pattern('[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+') })),
    ProviderType: req(oneOf('SAML', 'Facebook', 'Google', 'LoginWithAmazon', 'SignInWithApple', 'OIDC')),
    ...IdentityProviderSettings,
    ProviderDetails: req(map(str(), str())),
  },
  DescribeIdentityProvider: { UserPoolId: req(UserPoolId), ProviderName: req(ProviderName) },
  UpdateIdentityProvider: { UserPoolId: req(UserPoolId), ProviderName: req(ProviderName), ...IdentityProviderSettings },
  DeleteIdentityProvider: { UserPoolId: req(UserPoolId), ProviderName: req(ProviderName) },
  ListIdentityProviders: { UserPoolId: req(UserPoolId), MaxResults: int(1, 60), NextToken: { ...PageToken, max: 131072 } },
  GetIdentityProviderByIdentifier: { UserPoolId: req(UserPoolId), IdpIdentifier: req(IdpIdentifier) },
  AdminLinkProviderForUser: { UserPoolId: req(UserPoolId), DestinationUser: req(ProviderUser), SourceUser: req(ProviderUser) },
  AdminDisableProviderForUser: { UserPoolId: req(UserPoolId), User: req(ProviderUser) },
  AddCustomAttributes: { UserPoolId: req(UserPoolId), CustomAttributes: req(list(SchemaAttribute, 1, 25)) },
  CreateUserPoolClient: { UserPoolId: req(UserPoolId), ClientName: req(ClientName), GenerateSecret: bool, ...ClientSettings },
  UpdateUserPoolClient: { UserPoolId: req(UserPoolId), ClientId: req(ClientId), ClientName, ...ClientSettings },
  ListUserPoolClients: { UserPoolId: req(UserPoolId), MaxResults: int(1, 60), NextToken: { ...PageToken, max: 131072 } },
  DeleteUserPoolClient: { UserPoolId: req(UserPoolId), ClientId: req(ClientId) },
  DescribeUserPool: { UserPoolId: req(UserPoolId) },
  DescribeUserPoolClient: { UserPoolId: req(UserPoolId), ClientId: req(ClientId) },
  SetUserPoolMfaConfig: {
    UserPoolId: req(UserPoolId),
    SmsMfaConfiguration: struct({ SmsAuthenticationMessage: SmsMessage, SmsConfiguration }),
    SoftwareTokenMfaConfiguration: struct({ Enabled: bool }),
    EmailMfaConfiguration: struct(),
    MfaConfiguration: oneOf('OFF', 'ON', 'OPTIONAL'),
    WebAuthnConfiguration: struct(),
  },
  GetUserPoolMfaConfig: { UserPoolId: req(UserPoolId) },
  AdminCreateUser: {
    UserPoolId: req(UserPoolId), Username: req(Username), UserAttributes: Attributes, ValidationData: Attributes,
    TemporaryPassword: Password, ForceAliasCreation: bool, MessageAction: oneOf('RESEND', 'SUPPRESS'),
    DesiredDeliveryMediums: list(oneOf('SMS', 'EMAIL')), ClientMetadata: StringMap,
  },
  AdminSetUserPassword: { UserPoolId: req(UserPoolId), Username: req(Username), Password: req(Password), Permanent: bool },
  AdminGetUser: { UserPoolId: req(UserPoolId), Username: req(Username) },
  AdminConfirmSignUp: { UserPoolId: req(UserPoolId), Username: req(Username), ClientMetadata: StringMap },
  AdminSetUserMFAPreference: {
    SMSMfaSettings: MfaSettings, SoftwareTokenMfaSettings: MfaSettings, EmailMfaSettings: MfaSettings,
    WebAuthnMfaSettings: struct({ Enabled: bool }), Username: req(Username), UserPoolId: req(UserPoolId),
  },
  AdminUpdateUserAttributes: {
    UserPoolId: req(UserPoolId), Username: req(Username), UserAttributes: req(Attributes), ClientMetadata: StringMap,
  },
  AdminDeleteUser: { UserPoolId: req(UserPoolId), Username: req(Username) },
  AdminDeleteUserAttributes: { UserPoolId: req(UserPoolId), Username: req(Username), UserAttributeNames: req(list(AttributeName)) },
  AdminUserGlobalSignOut: { UserPoolId: req(UserPoolId), Username: req(Username) },
  AdminResetUserPassword: { UserPoolId: req(UserPoolId), Username: req(Username), ClientMetadata: StringMap },
  AdminDisableUser: { UserPoolId: req(UserPoolId), Username: req(Username) },
  AdminEnableUser: { UserPoolId: req(UserPoolId), Username: req(Username) },
  ListUsers: {
    UserPoolId: req(UserPoolId), AttributesToGet: list(AttributeName), Limit: int(0, 60), PaginationToken: PageToken,
    Filter: str({ max: 256 }),
  },
  ListUserPools: { NextToken: { ...PageToken, max: 131072 }, MaxResults: req(int(1, 60)) },
  CreateGroup: { ...GroupSettings, GroupName: req(GroupName), UserPoolId: req(UserPoolId) },
  GetGroup: { GroupName: req(GroupName), UserPoolId: req(UserPoolId) },
  ListGroups: { UserPoolId: req(UserPoolId), Limit: int(0, 60), NextToken: PageToken },
  UpdateGroup: { ...GroupSettings, GroupName: req(GroupName), UserPoolId: req(UserPoolId) },
  DeleteGroup: { GroupName: req(GroupName), UserPoolId: req(UserPoolId) },
  AdminAddUserToGroup: { UserPoolId: req(UserPoolId), Username: req(Username), GroupName: req(GroupName) },
  AdminRemoveUserFromGroup: { UserPoolId: req(UserPoolId), Username: req(Username), GroupName: req(GroupName) },
  AdminListGroupsForUser: { Username: req(Username), UserPoolId: req(UserPoolId), Limit: int(0, 60), NextToken: PageToken },
  ListUsersInGroup: { UserPoolId: req(UserPoolId), GroupName: req(GroupName), Limit: int(0, 60), NextToken: PageToken },
  SignUp: {
    ClientId: req(ClientId), SecretHash, Username: req(Username), Password, UserAttributes: Attributes,
    ValidationData: Attributes, ClientMetadata: StringMap, ...Unsigned,
  },
  ResendConfirmationCode: { ClientId: req(ClientId), SecretHash, Username: req(Username), ClientMetadata: StringMap, ...Unsigned },
  ConfirmSignUp: {
    ClientId: req(ClientId), SecretHash, Username: req(Username), ConfirmationCode: req(ConfirmationCode),
    ForceAliasCreation: bool, ClientMetadata: StringMap, Session, ...Unsigned,
  },
  InitiateAuth: {
    AuthFlow: req(str({ values: AUTH_FLOWS })), AuthParameters: SensitiveMap, ClientMetadata: StringMap,
    ClientId: req(ClientId), Session, ...Unsigned,
  },
  RespondToAuthChallenge: {
    ClientId: req(ClientId), ChallengeName: req(str({ values: CHALLENGE_NAMES })), Session,
    ChallengeResponses: SensitiveMap, ClientMetadata: StringMap, ...Unsigned,
  },
  AssociateSoftwareToken: { AccessToken: Token, Session },
  VerifySoftwareToken: { AccessToken: Token, Session, UserCode: req(UserCode), FriendlyDeviceName: BigString },
  SetUserMFAPreference: {
    SMSMfaSettings: MfaSettings, SoftwareTokenMfaSettings: MfaSettings, EmailMfaSettings: MfaSettings,
    WebAuthnMfaSettings: struct({ Enabled: bool }), AccessToken: req(Token),
  },
  GetUser: { AccessToken: req(Token) },
  GetUserAuthFactors: { AccessToken: req(Token) },
  StartWebAuthnRegistration: { AccessToken: req(Token) },
  CompleteWebAuthnRegistration: { AccessToken: req(Token), Credential: req(struct()) },
  ListWebAuthnCredentials: { AccessToken: req(Token), NextToken: str({ min: 1, max: 131072 }), MaxResults: int(0, 20) },
  DeleteWebAuthnCredential: { AccessToken: req(Token), CredentialId: req(str({ min: 1, max: 2048 })) },
  UpdateUserAttributes: { UserAttributes: req(Attributes), AccessToken: req(Token), ClientMetadata: StringMap },
  VerifyUserAttribute: { AccessToken: req(Token), AttributeName: req(AttributeName), Code: req(ConfirmationCode) },
  GetUserAttributeVerificationCode: { AccessToken: req(Token), AttributeName: req(AttributeName), ClientMetadata: StringMap },
  ChangePassword: { PreviousPassword: Password, ProposedPassword: req(Password), AccessToken: req(Token) },
  DeleteUser: { AccessToken: req(Token) },
  DeleteUserAttributes: { AccessToken: req(Token), UserAttributeNames: req(list(AttributeName)) },
  ForgotPassword: { ClientId: req(ClientId), SecretHash, Username: req(Username), ClientMetadata: StringMap, ...Unsigned },
  ConfirmForgotPassword: {
    ClientId: req(ClientId), SecretHash, Username: req(Username), ConfirmationCode: req(ConfirmationCode),
    Password: req(Password), ClientMetadata: StringMap, ...Unsigned,
  },
  GlobalSignOut: { AccessToken: req(Token) },
  RevokeToken: { Token: req(Token), ClientId: req(ClientId), ClientSecret },
  AdminInitiateAuth: {
    UserPoolId: req(UserPoolId), ClientId: req(ClientId), AuthFlow: req(str({ values: AUTH_FLOWS })),
    AuthParameters: SensitiveMap, ClientMetadata: StringMap, AnalyticsMetadata, ContextData: struct(), Session,
  },
  AdminRespondToAuthChallenge: {
    UserPoolId: req(UserPoolId), ClientId: req(ClientId), ChallengeName: req(str({ values: CHALLENGE_NAMES })),
    ChallengeResponses: SensitiveMap, Session, AnalyticsMetadata, ContextData: struct(), ClientMetadata: StringMap,
  },
  GetTokensFromRefreshToken: {
    RefreshToken: req(Token), ClientId: req(ClientId), ClientSecret, DeviceKey, ClientMetadata: StringMap,
  },
  ConfirmDevice: {
    AccessToken: req(Token), DeviceKey: req(DeviceKey), DeviceName: str({ min: 1, max: 1024 }),
    DeviceSecretVerifierConfig: struct({ PasswordVerifier: BigString, Salt: BigString }),
  },
  GetDevice: { DeviceKey: req(DeviceKey), AccessToken: Token },
  ListDevices: { AccessToken: req(Token), Limit: int(0, 60), PaginationToken: PageToken },
  UpdateDeviceStatus: { AccessToken: req(Token), DeviceKey: req(DeviceKey), DeviceRememberedStatus: RememberedStatus },
  ForgetDevice: { AccessToken: Token, DeviceKey: req(DeviceKey) },
  AdminGetDevice: { DeviceKey: req(DeviceKey), UserPoolId: req(UserPoolId), Username: req(Username) },
  AdminListDevices: { UserPoolId: req(UserPoolId), Username: req(Username), Limit: int(0, 60), PaginationToken: PageToken },
  AdminUpdateDeviceStatus: {
    UserPoolId: req(UserPoolId), Username: req(Username), DeviceKey: req(DeviceKey), DeviceRememberedStatus: RememberedStatus,
  },
  AdminForgetDevice: { UserPoolId: req(UserPoolId), Username: req(Username), DeviceKey: req(DeviceKey) },
} satisfies Record<string, Members>;

export type LocalOperation = keyof typeof OPERATIONS;
export const LOCAL_OPERATIONS = Object.keys(OPERATIONS) as LocalOperation[];

export function isLocalOperation(name: string): name is LocalOperation {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Cognito names members in messages with a lower-case first letter: `userAttributes.1.member.name`. */
function memberPath(parent: string, name: string): string {
  const own = name.charAt(0).toLowerCase() + name.slice(1);
  return parent ? `${parent}.${own}` : own;
}

function shown(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => shown(v)).join(', ')}]`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function violation(path: string, value: unknown, sensitive: boolean | undefined, constraint: string): string {
  const subject = value === null || value === undefined ? 'Value null' : sensitive ? 'Value' : `Value '${shown(value)}'`;
  return `${subject} at '${path}' failed to satisfy constraint: ${constraint}`;
}

/** What a string breaks, as Cognito words each constraint. */
function stringProblems(shape: StringShape, value: string): string[] {
  const problems: string[] = [];
  if (shape.values && !shape.values.includes(value)) problems.push(`Member must satisfy enum value set: [${shape.values.join(', ')}]`);
  if (shape.min !== undefined && value.length < shape.min) problems.push(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && value.length > shape.max) problems.push(`Member must have length less than or equal to ${shape.max}`);
  if (shape.pattern && !shape.pattern.test.test(value)) problems.push(`Member must satisfy regular expression pattern: ${shape.pattern.shown}`);
  return problems;
}

function typeName(shape: Shape): string {
  return shape.kind === 'structure' ? 'object' : shape.kind === 'list' ? 'array' : shape.kind;
}

function check(shape: Member, value: unknown, path: string, errors: string[]): void {
  if (value === undefined || value === null) {
    if (shape.required) errors.push(violation(path, null, false, 'Member must not be null'));
    return;
  }
  const wrongType = () => errors.push(violation(path, undefined, true, `Member must be of type ${typeName(shape)}`));
  switch (shape.kind) {
    case 'string': {
      if (typeof value !== 'string') return void wrongType();
      for (const problem of stringProblems(shape, value)) errors.push(violation(path, value, shape.sensitive, problem));
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') wrongType();
      return;
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return void wrongType();
      if (shape.min !== undefined && value < shape.min) errors.push(violation(path, value, false, `Member must have value greater than or equal to ${shape.min}`));
      if (shape.max !== undefined && value > shape.max) errors.push(violation(path, value, false, `Member must have value less than or equal to ${shape.max}`));
      return;
    }
    case 'structure': {
      if (!isRecord(value)) return void wrongType();
      for (const [name, member] of Object.entries(shape.members ?? {})) check(member, value[name], memberPath(path, name), errors);
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return void wrongType();
      if (shape.min !== undefined && value.length < shape.min) errors.push(violation(path, value, true, `Member must have length greater than or equal to ${shape.min}`));
      if (shape.max !== undefined && value.length > shape.max) errors.push(violation(path, value, true, `Member must have length less than or equal to ${shape.max}`));
      const member = shape.member;
      if (member.kind === 'string') {
        // A list of strings is reported once, at the list: "Member must satisfy constraint: [<the member's rule>]".
        const problems = new Set<string>();
        for (const item of value) {
          if (typeof item !== 'string') return void wrongType();
          for (const problem of stringProblems(member, item)) problems.add(problem);
        }
        for (const problem of problems) errors.push(violation(path, value, member.sensitive, `Member must satisfy constraint: [${problem}]`));
        return;
      }
      value.forEach((item, index) => check(member, item, `${path}.${index + 1}.member`, errors));
      return;
    }
    case 'map': {
      if (!isRecord(value)) return void wrongType();
      for (const [key, item] of Object.entries(value)) {
        if (typeof item !== 'string') return void wrongType();
        for (const problem of stringProblems(shape.key, key)) errors.push(violation(path, key, shape.key.sensitive, `Map keys must satisfy constraint: [${problem}]`));
        for (const problem of stringProblems(shape.value, item)) errors.push(violation(path, item, shape.value.sensitive, `Map value must satisfy constraint: [${problem}]`));
      }
      return;
    }
  }
}

/** Checks `input` against the operation's members; returns it typed as a plain record. */
export function validateInput(operation: LocalOperation, input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) input = {};
  if (!isRecord(input)) fail('InvalidParameterException', 'Request body must be a JSON object.');
  const errors: string[] = [];
  for (const [name, member] of Object.entries(OPERATIONS[operation] as Members)) check(member, input[name], memberPath('', name), errors);
  if (errors.length > 0) {
    fail('InvalidParameterException', `${errors.length} validation error${errors.length === 1 ? '' : 's'} detected: ${errors.join('; ')}`);
  }
  return input;
}
