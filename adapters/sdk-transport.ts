import {
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  GetUserAttributeVerificationCodeCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgetDeviceCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  UpdateDeviceStatusCommand,
  VerifySoftwareTokenCommand,
  StartWebAuthnRegistrationCommand,
  CompleteWebAuthnRegistrationCommand,
  ListWebAuthnCredentialsCommand,
  DeleteWebAuthnCredentialCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type {
  ConfirmDeviceCommandInput,
  ForgetDeviceCommandInput,
  ListDevicesCommandInput,
  UpdateDeviceStatusCommandInput,
  AssociateSoftwareTokenCommandInput,
  ChangePasswordCommandInput,
  DeleteUserAttributesCommandInput,
  DeleteUserCommandInput,
  GetUserAttributeVerificationCodeCommandInput,
  UpdateUserAttributesCommandInput,
  VerifyUserAttributeCommandInput,
  ConfirmForgotPasswordCommandInput,
  ConfirmSignUpCommandInput,
  ForgotPasswordCommandInput,
  GetTokensFromRefreshTokenCommandInput,
  GetUserCommandInput,
  GlobalSignOutCommandInput,
  InitiateAuthCommandInput,
  ResendConfirmationCodeCommandInput,
  RespondToAuthChallengeCommandInput,
  RevokeTokenCommandInput,
  SetUserMFAPreferenceCommandInput,
  SignUpCommandInput,
  VerifySoftwareTokenCommandInput,
  StartWebAuthnRegistrationCommandInput,
  CompleteWebAuthnRegistrationCommandInput,
  ListWebAuthnCredentialsCommandInput,
  DeleteWebAuthnCredentialCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthError } from '../machines/auth-error.js';
import type { CognitoOperation, InputOf, OutputOf } from '../services/cognito-api.js';
import { toAuthError } from '../services/error-mapping.js';
import type { Transport } from '../services/transport.js';
import { timeoutOption, withDeadline } from './call-deadline.js';

export interface SdkTransportOptions {
  /** AWS region of the user pool, e.g. `us-east-1`. Required unless `endpoint` is given. */
  region?: string;
  /** Overrides the AWS endpoint, e.g. `http://127.0.0.1:9229` for a local emulator. */
  endpoint?: string;
  /** Total attempts per call, first one included. Default 3, the AWS SDK's standard retry mode. */
  maxAttempts?: number;
  /** A ready client; when given, `region`, `endpoint` and `maxAttempts` are not used. */
  client?: CognitoIdentityProviderClient;
  /**
   * Per call, every attempt the SDK makes inside it included: no answer within this many ms ends the call with a
   * retryable `NetworkError`. Default 30,000 (about what fetchTransport's three attempts of 10 s allow).
   */
  timeoutMs?: number;
}

/**
 * The SDK's own `requestTimeout` only logs a warning unless the request handler is built with
 * `throwOnRequestTimeout`, and a client the app passes in has whatever handler it was given: the limit is
 * therefore kept here, around `client.send`, for any client and any handler.
 */
const DEFAULT_TIMEOUT_MS = 30_000;

/** Default attempts: the SDK's standard mode, which retries throttling, 5xx and dropped connections. */
const DEFAULT_MAX_ATTEMPTS = 3;

/** With an endpoint override the region only feeds the SDK's endpoint rules; any valid value does. */
const REGION_WITH_ENDPOINT = 'us-east-1';

type Send = (client: CognitoIdentityProviderClient, input: never, abortSignal: AbortSignal | undefined) => Promise<object>;

// One line per operation: each SDK command is its own class with its own middleware types, so a shared
// constructor type does not exist. Named imports of single commands (no aggregated `CognitoIdentityProvider`
// class) keep bundles small.
const SENDERS: Readonly<Record<CognitoOperation, Send>> = {
  SignUp: (client, input: SignUpCommandInput, abortSignal) => client.send(new SignUpCommand(input), { abortSignal }),
  ConfirmSignUp: (client, input: ConfirmSignUpCommandInput, abortSignal) => client.send(new ConfirmSignUpCommand(input), { abortSignal }),
  ResendConfirmationCode: (client, input: ResendConfirmationCodeCommandInput, abortSignal) => client.send(new ResendConfirmationCodeCommand(input), { abortSignal }),
  InitiateAuth: (client, input: InitiateAuthCommandInput, abortSignal) => client.send(new InitiateAuthCommand(input), { abortSignal }),
  RespondToAuthChallenge: (client, input: RespondToAuthChallengeCommandInput, abortSignal) => client.send(new RespondToAuthChallengeCommand(input), { abortSignal }),
  AssociateSoftwareToken: (client, input: AssociateSoftwareTokenCommandInput, abortSignal) => client.send(new AssociateSoftwareTokenCommand(input), { abortSignal }),
  VerifySoftwareToken: (client, input: VerifySoftwareTokenCommandInput, abortSignal) => client.send(new VerifySoftwareTokenCommand(input), { abortSignal }),
  SetUserMFAPreference: (client, input: SetUserMFAPreferenceCommandInput, abortSignal) => client.send(new SetUserMFAPreferenceCommand(input), { abortSignal }),
  GetUser: (client, input: GetUserCommandInput, abortSignal) => client.send(new GetUserCommand(input), { abortSignal }),
  GetTokensFromRefreshToken: (client, input: GetTokensFromRefreshTokenCommandInput, abortSignal) => client.send(new GetTokensFromRefreshTokenCommand(input), { abortSignal }),
  RevokeToken: (client, input: RevokeTokenCommandInput, abortSignal) => client.send(new RevokeTokenCommand(input), { abortSignal }),
  GlobalSignOut: (client, input: GlobalSignOutCommandInput, abortSignal) => client.send(new GlobalSignOutCommand(input), { abortSignal }),
  ForgotPassword: (client, input: ForgotPasswordCommandInput, abortSignal) => client.send(new ForgotPasswordCommand(input), { abortSignal }),
  ConfirmForgotPassword: (client, input: ConfirmForgotPasswordCommandInput, abortSignal) => client.send(new ConfirmForgotPasswordCommand(input), { abortSignal }),
  ConfirmDevice: (client, input: ConfirmDeviceCommandInput, abortSignal) => client.send(new ConfirmDeviceCommand(input), { abortSignal }),
  UpdateDeviceStatus: (client, input: UpdateDeviceStatusCommandInput, abortSignal) => client.send(new UpdateDeviceStatusCommand(input), { abortSignal }),
  ForgetDevice: (client, input: ForgetDeviceCommandInput, abortSignal) => client.send(new ForgetDeviceCommand(input), { abortSignal }),
  ListDevices: (client, input: ListDevicesCommandInput, abortSignal) => client.send(new ListDevicesCommand(input), { abortSignal }),
  UpdateUserAttributes: (client, input: UpdateUserAttributesCommandInput, abortSignal) => client.send(new UpdateUserAttributesCommand(input), { abortSignal }),
  VerifyUserAttribute: (client, input: VerifyUserAttributeCommandInput, abortSignal) => client.send(new VerifyUserAttributeCommand(input), { abortSignal }),
  GetUserAttributeVerificationCode: (client, input: GetUserAttributeVerificationCodeCommandInput, abortSignal) => client.send(new GetUserAttributeVerificationCodeCommand(input), { abortSignal }),
  DeleteUserAttributes: (client, input: DeleteUserAttributesCommandInput, abortSignal) => client.send(new DeleteUserAttributesCommand(input), { abortSignal }),
  ChangePassword: (client, input: ChangePasswordCommandInput, abortSignal) => client.send(new ChangePasswordCommand(input), { abortSignal }),
  DeleteUser: (client, input: DeleteUserCommandInput, abortSignal) => client.send(new DeleteUserCommand(input), { abortSignal }),
  StartWebAuthnRegistration: (client, input: StartWebAuthnRegistrationCommandInput, abortSignal) => client.send(new StartWebAuthnRegistrationCommand(input), { abortSignal }),
  CompleteWebAuthnRegistration: (client, input: CompleteWebAuthnRegistrationCommandInput, abortSignal) => client.send(new CompleteWebAuthnRegistrationCommand(input), { abortSignal }),
  ListWebAuthnCredentials: (client, input: ListWebAuthnCredentialsCommandInput, abortSignal) => client.send(new ListWebAuthnCredentialsCommand(input), { abortSignal }),
  DeleteWebAuthnCredential: (client, input: DeleteWebAuthnCredentialCommandInput, abortSignal) => client.send(new DeleteWebAuthnCredentialCommand(input), { abortSignal }),
};

/**
 * Every operation above is unauthenticated in Cognito's model (`smithy.api#noAuth`): the SDK neither signs it nor
 * asks for credentials. Supplying this resolver keeps the SDK's default chain (environment, ~/.aws, instance
 * metadata over the network) out of the picture entirely, and makes any future signing attempt fail loudly.
 */
async function refuseCredentials(): Promise<never> {
  throw new AuthError(
    'UnknownError',
    'sdkTransport sends only unsigned Cognito user-pool operations and has no AWS credentials',
  );
}

export function sdkTransport(options: SdkTransportOptions): Transport {
  const timeoutMs = timeoutOption(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'sdkTransport');
  const client = options.client ?? createClient(options);
  return {
    async send<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>> {
      try {
        // Our input shapes mirror the SDK's member for member, but TypeScript cannot relate `InputOf<Op>` to the
        // one sender picked by `op`, and the SDK's enums are closed unions where ours accept any string.
        const answer: { $metadata?: unknown } = await withDeadline(timeoutMs, signal, (callSignal) =>
          SENDERS[op](client, input as never, callSignal),
        );
        // `$metadata` is the SDK's own bookkeeping, not part of Cognito's answer; other transports have none.
        const { $metadata: _metadata, ...output } = answer;
        // The SDK types every output member as optional; Cognito fills the ones our shapes call required.
        return output as OutputOf<Op>;
      } catch (error) {
        throw toAuthError(error);
      }
    },
  };
}

function createClient(options: SdkTransportOptions): CognitoIdentityProviderClient {
  const region = options.region ?? (options.endpoint === undefined ? undefined : REGION_WITH_ENDPOINT);
  if (region === undefined || region === '') {
    throw new AuthError('ValidationError', 'sdkTransport needs a region (or an endpoint)', {
      fields: [{ path: 'region', message: 'Required when no endpoint is given' }],
    });
  }
  return new CognitoIdentityProviderClient({
    region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    credentials: refuseCredentials,
  });
}
