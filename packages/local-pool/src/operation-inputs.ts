import { fail } from './local-cognito-error.js';

/**
 * The members each supported operation reads, with their JSON types, so a malformed request fails with Cognito's
 * InvalidParameterException before any state changes (SDK v3 does not validate inputs client-side; botocore does).
 * `!` marks a member the service model requires. Members not listed (AnalyticsMetadata, UserContextData, …) are ignored.
 */
type FieldType = 'string' | 'boolean' | 'number' | 'stringMap' | 'attributes' | 'stringList' | 'object' | 'objectList';
type Spec = Record<string, FieldType | `${FieldType}!`>;

const OPERATIONS = {
  CreateUserPool: {
    PoolName: 'string!', Policies: 'object', LambdaConfig: 'object', AutoVerifiedAttributes: 'stringList',
    AliasAttributes: 'stringList', UsernameAttributes: 'stringList', UsernameConfiguration: 'object',
    Schema: 'objectList', MfaConfiguration: 'string', SmsConfiguration: 'object', AdminCreateUserConfig: 'object',
    AccountRecoverySetting: 'object',
  },
  CreateUserPoolClient: {
    UserPoolId: 'string!', ClientName: 'string!', GenerateSecret: 'boolean', RefreshTokenValidity: 'number',
    AccessTokenValidity: 'number', IdTokenValidity: 'number', TokenValidityUnits: 'object',
    ReadAttributes: 'stringList', WriteAttributes: 'stringList', ExplicitAuthFlows: 'stringList',
    PreventUserExistenceErrors: 'string', EnableTokenRevocation: 'boolean', AuthSessionValidity: 'number',
  },
  DescribeUserPool: { UserPoolId: 'string!' },
  DescribeUserPoolClient: { UserPoolId: 'string!', ClientId: 'string!' },
  SetUserPoolMfaConfig: {
    UserPoolId: 'string!', MfaConfiguration: 'string', SoftwareTokenMfaConfiguration: 'object',
    SmsMfaConfiguration: 'object',
  },
  GetUserPoolMfaConfig: { UserPoolId: 'string!' },
  AdminCreateUser: {
    UserPoolId: 'string!', Username: 'string!', UserAttributes: 'attributes', ValidationData: 'attributes',
    TemporaryPassword: 'string', ForceAliasCreation: 'boolean', MessageAction: 'string',
    DesiredDeliveryMediums: 'stringList', ClientMetadata: 'stringMap',
  },
  AdminSetUserPassword: { UserPoolId: 'string!', Username: 'string!', Password: 'string!', Permanent: 'boolean' },
  AdminGetUser: { UserPoolId: 'string!', Username: 'string!' },
  AdminConfirmSignUp: { UserPoolId: 'string!', Username: 'string!', ClientMetadata: 'stringMap' },
  AdminSetUserMFAPreference: {
    UserPoolId: 'string!', Username: 'string!', SMSMfaSettings: 'object', SoftwareTokenMfaSettings: 'object',
    EmailMfaSettings: 'object',
  },
  AdminUpdateUserAttributes: {
    UserPoolId: 'string!', Username: 'string!', UserAttributes: 'attributes!', ClientMetadata: 'stringMap',
  },
  AdminDeleteUser: { UserPoolId: 'string!', Username: 'string!' },
  AdminUserGlobalSignOut: { UserPoolId: 'string!', Username: 'string!' },
  AdminResetUserPassword: { UserPoolId: 'string!', Username: 'string!', ClientMetadata: 'stringMap' },
  SignUp: {
    ClientId: 'string!', Username: 'string!', Password: 'string', SecretHash: 'string', UserAttributes: 'attributes',
    ValidationData: 'attributes', ClientMetadata: 'stringMap',
  },
  ResendConfirmationCode: { ClientId: 'string!', Username: 'string!', SecretHash: 'string', ClientMetadata: 'stringMap' },
  ConfirmSignUp: {
    ClientId: 'string!', Username: 'string!', ConfirmationCode: 'string!', SecretHash: 'string',
    ForceAliasCreation: 'boolean', ClientMetadata: 'stringMap',
  },
  InitiateAuth: {
    AuthFlow: 'string!', ClientId: 'string!', AuthParameters: 'stringMap', ClientMetadata: 'stringMap', Session: 'string',
  },
  RespondToAuthChallenge: {
    ClientId: 'string!', ChallengeName: 'string!', Session: 'string', ChallengeResponses: 'stringMap',
    ClientMetadata: 'stringMap',
  },
  AssociateSoftwareToken: { AccessToken: 'string', Session: 'string' },
  VerifySoftwareToken: { AccessToken: 'string', Session: 'string', UserCode: 'string!', FriendlyDeviceName: 'string' },
  SetUserMFAPreference: {
    AccessToken: 'string!', SMSMfaSettings: 'object', SoftwareTokenMfaSettings: 'object', EmailMfaSettings: 'object',
  },
  GetUser: { AccessToken: 'string!' },
  UpdateUserAttributes: { AccessToken: 'string!', UserAttributes: 'attributes!', ClientMetadata: 'stringMap' },
  VerifyUserAttribute: { AccessToken: 'string!', AttributeName: 'string!', Code: 'string!' },
  GetUserAttributeVerificationCode: { AccessToken: 'string!', AttributeName: 'string!', ClientMetadata: 'stringMap' },
  ChangePassword: { AccessToken: 'string!', PreviousPassword: 'string', ProposedPassword: 'string!' },
  DeleteUser: { AccessToken: 'string!' },
  ForgotPassword: { ClientId: 'string!', Username: 'string!', SecretHash: 'string', ClientMetadata: 'stringMap' },
  ConfirmForgotPassword: {
    ClientId: 'string!', Username: 'string!', ConfirmationCode: 'string!', Password: 'string!', SecretHash: 'string',
    ClientMetadata: 'stringMap',
  },
  GlobalSignOut: { AccessToken: 'string!' },
  RevokeToken: { Token: 'string!', ClientId: 'string!', ClientSecret: 'string' },
  GetTokensFromRefreshToken: {
    RefreshToken: 'string!', ClientId: 'string!', ClientSecret: 'string', DeviceKey: 'string',
    ClientMetadata: 'stringMap',
  },
} satisfies Record<string, Spec>;

export type LocalOperation = keyof typeof OPERATIONS;
export const LOCAL_OPERATIONS = Object.keys(OPERATIONS) as LocalOperation[];

export function isLocalOperation(name: string): name is LocalOperation {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isRecord(value);
    case 'stringMap':
      return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
    case 'stringList':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'objectList':
      return Array.isArray(value) && value.every(isRecord);
    case 'attributes':
      return (
        Array.isArray(value) &&
        value.every((v) => isRecord(v) && typeof v.Name === 'string' && (v.Value === undefined || typeof v.Value === 'string'))
      );
  }
}

/** The API reference's length and pattern constraints worth enforcing; all fail as InvalidParameterException. */
const CONSTRAINTS: Record<string, (value: string) => boolean> = {
  Session: (v) => v.length >= 20 && v.length <= 2048,
  Username: (v) => v.length >= 1 && v.length <= 128 && /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u.test(v),
  Password: (v) => v.length <= 256 && /^\S*$/.test(v),
  ProposedPassword: (v) => v.length <= 256 && /^\S+$/.test(v),
  ConfirmationCode: (v) => v.length >= 1 && v.length <= 2048 && /^\S+$/.test(v),
  UserCode: (v) => /^[0-9]{6}$/.test(v),
  ClientId: (v) => /^[\w+]{1,128}$/.test(v),
};

/** Checks `input` against the operation's members; returns it typed as a plain record. */
export function validateInput(operation: LocalOperation, input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) input = {};
  if (!isRecord(input)) fail('InvalidParameterException', 'Request body must be a JSON object.');
  const spec: Spec = OPERATIONS[operation];
  for (const [member, declared] of Object.entries(spec)) {
    const required = declared.endsWith('!');
    const type = declared.replace('!', '') as FieldType;
    const value = input[member];
    if (value === undefined || value === null) {
      if (required) fail('InvalidParameterException', `Missing required parameter ${member}`);
      continue;
    }
    if (!hasType(value, type)) {
      fail('InvalidParameterException', `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must be of type ${type}`);
    }
    const constraint = CONSTRAINTS[member];
    if (constraint && typeof value === 'string' && !constraint(value)) {
      fail('InvalidParameterException', `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must satisfy its length and pattern constraints`);
    }
  }
  return input;
}
