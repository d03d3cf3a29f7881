import { Secret } from '../machines/secret.js';
import type {
  CodeDeliveryResult,
  ConfirmSignUpRequest,
  ConfirmSignUpResult,
  ResendSignUpCodeRequest,
  SignUpRequest,
  SignUpResult,
} from '../machines/service-contracts.js';
import { codeDeliveryOf } from './auth-step.js';
import type { ServiceKit } from './service-kit.js';

/** The sign-up services: SignUp, ConfirmSignUp and ResendConfirmationCode. */
export async function signUp(kit: ServiceKit, input: SignUpRequest, signal: AbortSignal): Promise<SignUpResult> {
  const output = await kit.call(
    'SignUp',
    {
      ClientId: kit.clientId,
      Username: input.username,
      ...(input.password ? { Password: input.password.reveal() } : {}),
      UserAttributes: Object.entries(input.attributes).map(([Name, Value]) => ({ Name, Value })),
      ...(input.validationData
        ? { ValidationData: Object.entries(input.validationData).map(([Name, Value]) => ({ Name, Value })) }
        : {}),
      ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
      ...(await kit.hashFor(input.username)),
    },
    signal,
  );
  const codeDelivery = codeDeliveryOf(output.CodeDeliveryDetails);
  return { userConfirmed: output.UserConfirmed, userSub: output.UserSub, ...(codeDelivery ? { codeDelivery } : {}) };
}

export async function confirmSignUp(kit: ServiceKit, input: ConfirmSignUpRequest, signal: AbortSignal): Promise<ConfirmSignUpResult> {
  const output = await kit.call(
    'ConfirmSignUp',
    {
      ClientId: kit.clientId,
      Username: input.username,
      ConfirmationCode: input.code.reveal(),
      ForceAliasCreation: input.forceAliasCreation,
      ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
      ...(await kit.hashFor(input.username)),
    },
    signal,
  );
  return output.Session ? { session: new Secret(output.Session) } : {};
}

export async function resendSignUpCode(kit: ServiceKit, input: ResendSignUpCodeRequest, signal: AbortSignal): Promise<CodeDeliveryResult> {
  return kit.requestCode('ResendConfirmationCode', input, signal);
}
