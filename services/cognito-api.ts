/**
 * Cognito user-pool operations with Cognito's own request and response shapes (PascalCase members, as in the
 * JSON protocol and the AWS SDK). Written here rather than imported from the SDK so that `services/` and the
 * `core` entry carry no SDK dependency; the shapes are structurally compatible with the SDK's.
 */

export interface AttributeType {
  Name: string;
  Value?: string;
}

export type StringMap = Record<string, string>;

export interface CodeDeliveryDetailsType {
  Destination?: string;
  DeliveryMedium?: 'EMAIL' | 'SMS' | (string & {});
  AttributeName?: string;
}

export interface AuthenticationResultType {
  AccessToken?: string;
  ExpiresIn?: number;
  TokenType?: string;
  RefreshToken?: string;
  IdToken?: string;
  NewDeviceMetadata?: { DeviceKey?: string; DeviceGroupKey?: string };
}

export type ChallengeNameType =
  | 'SMS_MFA'
  | 'SOFTWARE_TOKEN_MFA'
  | 'EMAIL_OTP'
  | 'SELECT_MFA_TYPE'
  | 'MFA_SETUP'
  | 'PASSWORD_VERIFIER'
  | 'CUSTOM_CHALLENGE'
  | 'NEW_PASSWORD_REQUIRED'
  | 'DEVICE_SRP_AUTH'
  | 'DEVICE_PASSWORD_VERIFIER'
  | (string & {});

export type AuthFlowType =
  | 'USER_SRP_AUTH'
  | 'USER_PASSWORD_AUTH'
  | 'CUSTOM_AUTH'
  | 'USER_AUTH'
  | 'REFRESH_TOKEN_AUTH'
  | 'REFRESH_TOKEN'
  | (string & {});

/** InitiateAuth and RespondToAuthChallenge answer alike: tokens, or the next challenge. */
export interface AuthStepOutput {
  ChallengeName?: ChallengeNameType;
  Session?: string;
  ChallengeParameters?: StringMap;
  AuthenticationResult?: AuthenticationResultType;
  /** USER_AUTH's SELECT_CHALLENGE: the first factors the user may choose. */
  AvailableChallenges?: string[];
}

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeviceType.html; dates as the transport gives them. */
export interface DeviceType {
  DeviceKey?: string;
  DeviceAttributes?: AttributeType[];
  DeviceCreateDate?: Date | number;
  DeviceLastModifiedDate?: Date | number;
  DeviceLastAuthenticatedDate?: Date | number;
}

export interface MfaSettingsType {
  Enabled?: boolean;
  PreferredMfa?: boolean;
}

export interface CognitoOperations {
  SignUp: {
    input: {
      ClientId: string;
      Username: string;
      Password?: string;
      SecretHash?: string;
      UserAttributes?: AttributeType[];
      ValidationData?: AttributeType[];
      ClientMetadata?: StringMap;
    };
    output: {
      UserConfirmed: boolean;
      UserSub: string;
      CodeDeliveryDetails?: CodeDeliveryDetailsType;
      Session?: string;
    };
  };
  ConfirmSignUp: {
    input: {
      ClientId: string;
      Username: string;
      ConfirmationCode: string;
      SecretHash?: string;
      ForceAliasCreation?: boolean;
      ClientMetadata?: StringMap;
      Session?: string;
    };
    output: { Session?: string };
  };
  ResendConfirmationCode: {
    input: { ClientId: string; Username: string; SecretHash?: string; ClientMetadata?: StringMap };
    output: { CodeDeliveryDetails?: CodeDeliveryDetailsType };
  };
  InitiateAuth: {
    input: {
      AuthFlow: AuthFlowType;
      ClientId: string;
      AuthParameters?: StringMap;
      ClientMetadata?: StringMap;
      Session?: string;
    };
    output: AuthStepOutput;
  };
  RespondToAuthChallenge: {
    input: {
      ClientId: string;
      ChallengeName: ChallengeNameType;
      Session?: string;
      ChallengeResponses?: StringMap;
      ClientMetadata?: StringMap;
    };
    output: AuthStepOutput;
  };
  AssociateSoftwareToken: {
    input: { AccessToken?: string; Session?: string };
    output: { SecretCode?: string; Session?: string };
  };
  VerifySoftwareToken: {
    input: { AccessToken?: string; Session?: string; UserCode: string; FriendlyDeviceName?: string };
    output: { Status?: 'SUCCESS' | 'ERROR' | (string & {}); Session?: string };
  };
  SetUserMFAPreference: {
    input: {
      AccessToken: string;
      SMSMfaSettings?: MfaSettingsType;
      SoftwareTokenMfaSettings?: MfaSettingsType;
      EmailMfaSettings?: MfaSettingsType;
    };
    output: Record<string, never>;
  };
  GetUser: {
    input: { AccessToken: string };
    output: {
      Username: string;
      UserAttributes: AttributeType[];
      PreferredMfaSetting?: string;
      UserMFASettingList?: string[];
    };
  };
  UpdateUserAttributes: {
    input: { AccessToken: string; UserAttributes: AttributeType[]; ClientMetadata?: StringMap };
    output: { CodeDeliveryDetailsList?: CodeDeliveryDetailsType[] };
  };
  VerifyUserAttribute: {
    input: { AccessToken: string; AttributeName: string; Code: string };
    output: Record<string, never>;
  };
  GetUserAttributeVerificationCode: {
    input: { AccessToken: string; AttributeName: string; ClientMetadata?: StringMap };
    output: { CodeDeliveryDetails?: CodeDeliveryDetailsType };
  };
  DeleteUserAttributes: {
    input: { AccessToken: string; UserAttributeNames: string[] };
    output: Record<string, never>;
  };
  ChangePassword: {
    input: { AccessToken: string; PreviousPassword: string; ProposedPassword: string };
    output: Record<string, never>;
  };
  DeleteUser: {
    input: { AccessToken: string };
    output: Record<string, never>;
  };
  GetTokensFromRefreshToken: {
    input: { RefreshToken: string; ClientId: string; ClientSecret?: string; DeviceKey?: string; ClientMetadata?: StringMap };
    output: { AuthenticationResult?: AuthenticationResultType };
  };
  RevokeToken: {
    input: { Token: string; ClientId: string; ClientSecret?: string };
    output: Record<string, never>;
  };
  GlobalSignOut: {
    input: { AccessToken: string };
    output: Record<string, never>;
  };
  ForgotPassword: {
    input: { ClientId: string; Username: string; SecretHash?: string; ClientMetadata?: StringMap };
    output: { CodeDeliveryDetails?: CodeDeliveryDetailsType };
  };
  ConfirmDevice: {
    input: {
      AccessToken: string;
      DeviceKey: string;
      DeviceSecretVerifierConfig?: { PasswordVerifier?: string; Salt?: string };
      DeviceName?: string;
    };
    output: { UserConfirmationNecessary?: boolean };
  };
  UpdateDeviceStatus: {
    input: { AccessToken: string; DeviceKey: string; DeviceRememberedStatus?: 'remembered' | 'not_remembered' };
    output: Record<string, never>;
  };
  ForgetDevice: {
    input: { AccessToken?: string; DeviceKey: string };
    output: Record<string, never>;
  };
  ListDevices: {
    input: { AccessToken: string; Limit?: number; PaginationToken?: string };
    output: { Devices?: DeviceType[]; PaginationToken?: string };
  };
  // Passkeys, each authorised by the access token:
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StartWebAuthnRegistration.html
  StartWebAuthnRegistration: {
    input: { AccessToken: string };
    /** PublicKeyCredentialCreationOptionsJSON, as a JSON object (not a string). */
    output: { CredentialCreationOptions?: Record<string, unknown> };
  };
  CompleteWebAuthnRegistration: {
    /** RegistrationResponseJSON, as a JSON object. */
    input: { AccessToken: string; Credential: Record<string, unknown> };
    output: Record<string, never>;
  };
  ListWebAuthnCredentials: {
    input: { AccessToken: string; NextToken?: string; MaxResults?: number };
    output: { Credentials?: WebAuthnCredentialDescription[]; NextToken?: string };
  };
  DeleteWebAuthnCredential: {
    input: { AccessToken: string; CredentialId: string };
    output: Record<string, never>;
  };
  ConfirmForgotPassword: {
    input: {
      ClientId: string;
      Username: string;
      ConfirmationCode: string;
      Password: string;
      SecretHash?: string;
      ClientMetadata?: StringMap;
    };
    output: Record<string, never>;
  };
}

/** A passkey as ListWebAuthnCredentials lists it; CreatedAt in seconds since the epoch (a Date from the SDK). */
export interface WebAuthnCredentialDescription {
  CredentialId?: string;
  FriendlyCredentialName?: string;
  RelyingPartyId?: string;
  AuthenticatorAttachment?: string;
  AuthenticatorTransports?: string[];
  CreatedAt?: number | Date;
}

export type CognitoOperation = keyof CognitoOperations;
export type InputOf<Op extends CognitoOperation> = CognitoOperations[Op]['input'];
export type OutputOf<Op extends CognitoOperation> = CognitoOperations[Op]['output'];

export const COGNITO_OPERATIONS = [
  'SignUp',
  'ConfirmSignUp',
  'ResendConfirmationCode',
  'InitiateAuth',
  'RespondToAuthChallenge',
  'AssociateSoftwareToken',
  'VerifySoftwareToken',
  'SetUserMFAPreference',
  'GetUser',
  'GetTokensFromRefreshToken',
  'RevokeToken',
  'GlobalSignOut',
  'ForgotPassword',
  'ConfirmForgotPassword',
  'ConfirmDevice',
  'UpdateDeviceStatus',
  'ForgetDevice',
  'ListDevices',
  'UpdateUserAttributes',
  'VerifyUserAttribute',
  'GetUserAttributeVerificationCode',
  'DeleteUserAttributes',
  'ChangePassword',
  'DeleteUser',
  'StartWebAuthnRegistration',
  'CompleteWebAuthnRegistration',
  'ListWebAuthnCredentials',
  'DeleteWebAuthnCredential',
] as const satisfies readonly CognitoOperation[];
