import type { AuthServices } from '../machines/service-contracts.js';
import { passwordResetServices } from './password-reset-services.js';
import { serviceKit, type AuthServicesOptions } from './service-kit.js';
import { sessionServices } from './session-services.js';
import { signInServices } from './sign-in-services.js';
import { signUpServices } from './sign-up-services.js';

export type { AuthServicesOptions } from './service-kit.js';
export type { RefreshLock } from './session-services.js';
export type { AuthServices };

/** Every service the auth machine invokes, doing its Cognito calls through a Transport. */
export function createAuthServices(options: AuthServicesOptions): AuthServices {
  const kit = serviceKit(options);
  return {
    ...sessionServices(kit),
    ...signUpServices(kit),
    ...signInServices(kit),
    ...passwordResetServices(kit),
  };
}

