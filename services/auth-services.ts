import { passwordResetServices } from './password-reset-services.js';
import { serviceKit, type AuthServicesOptions } from './service-kit.js';
import { sessionServices } from './session-services.js';
import { signInServices } from './sign-in-services.js';
import { signUpServices } from './sign-up-services.js';

export type { AuthServicesOptions } from './service-kit.js';
export type { RefreshLock } from './session-services.js';

/** The implementations of every actor the auth machine invokes, doing their Cognito calls through a Transport. */
export function createAuthServices(options: AuthServicesOptions) {
  const kit = serviceKit(options);
  return {
    ...sessionServices(kit),
    ...signUpServices(kit),
    ...signInServices(kit),
    ...passwordResetServices(kit),
  };
}

export type AuthServices = ReturnType<typeof createAuthServices>;
