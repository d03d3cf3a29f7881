import type { CodeDeliveryResult, ConfirmForgotPasswordRequest, ForgotPasswordRequest } from '../machines/service-contracts.js';
import type { ServiceKit } from './service-kit.js';

/** The password-reset services: ForgotPassword and ConfirmForgotPassword. */
export async function forgotPassword(kit: ServiceKit, input: ForgotPasswordRequest, signal: AbortSignal): Promise<CodeDeliveryResult> {
  return kit.requestCode('ForgotPassword', input, signal);
}

export async function confirmForgotPassword(kit: ServiceKit, input: ConfirmForgotPasswordRequest, signal: AbortSignal): Promise<void> {
  await kit.call(
    'ConfirmForgotPassword',
    {
      ClientId: kit.clientId,
      Username: input.username,
      ConfirmationCode: input.code.reveal(),
      Password: input.newPassword.reveal(),
      ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
      ...(await kit.hashFor(input.username)),
    },
    signal,
  );
}
