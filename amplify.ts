/**
 * cognito-auth-machine/amplify: `Auth` and `Hub` with the call shapes of the Amplify v5 guide, each call an event
 * sent to the auth machine (`Auth.actor`). An app written against `aws-amplify` v5's Auth moves over by changing
 * its import; see docs/migration-amplify-facade.md.
 */
import { AmplifyAuth } from './amplify-facade/amplify-auth.js';
import type { AmplifyConfigureInput } from './amplify-facade/amplify-auth-options.js';
import { AmplifyHub } from './amplify-facade/amplify-hub.js';
import { createAuth } from './index.js';

export const Hub = new AmplifyHub();
export const Auth = new AmplifyAuth(Hub, createAuth);

/** `Amplify.configure({ Auth: { … } })` as in v5; only the Auth category exists here. */
export const Amplify = {
  configure(config: AmplifyConfigureInput): AmplifyConfigureInput {
    Auth.configure(config);
    return config;
  },
  Auth,
  Hub,
};

export {
  AmplifyAuth as AuthClass,
  NOT_AUTHENTICATED,
  NO_CURRENT_USER,
  type CodeDeliveryDetails,
  type ConfirmSignUpOptions,
  type CreateAuthFn,
  type SignInOptions,
  type SignOutOptions,
  type SignUpParams,
  type SignUpResult,
} from './amplify-facade/amplify-auth.js';
export type { AmplifyAuthOptions, AmplifyConfigureInput } from './amplify-facade/amplify-auth-options.js';
export { AmplifyHub as HubClass, type HubCallback, type HubCapsule, type HubPayload, type LegacyHubListener } from './amplify-facade/amplify-hub.js';
export { AmplifyUser, type ChallengeParam, type NewPasswordChallengeParam } from './amplify-facade/amplify-user.js';
export { AmplifyUserSession, AmplifyJwtToken, AmplifyRefreshToken } from './amplify-facade/amplify-user-session.js';
export { AmplifyAuthError } from './amplify-facade/amplify-error.js';
export {
  AmplifyUserAttribute,
  type AttributeUpdateResult,
  type CurrentUserInfo,
  type MfaMethod,
  type PreferredMfa,
} from './amplify-facade/amplify-account-shapes.js';
