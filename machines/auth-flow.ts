import * as v from './schema.js';
import { builtOnFirstUse } from './built-on-first-use.js';

/**
 * The sign-in flows the machine runs: SRP or the plain password (`USER_PASSWORD_AUTH`), each optionally behind the
 * app's custom challenge triggers, or choice-based sign-in (`USER_AUTH`: a password, a one-time code or a passkey,
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html). Its own module
 * because the events, the context, the config and the services all name it.
 */
export const authFlowSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  v.enum(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_WITH_SRP', 'CUSTOM_WITHOUT_SRP', 'USER_AUTH']),
);
export type AuthFlow = v.Infer<ReturnType<typeof authFlowSchema>>;

/** The first factors USER_AUTH offers: PREFERRED_CHALLENGE, AvailableChallenges and the answers to SELECT_CHALLENGE. */
export const firstFactorSchema = /* @__PURE__ */ builtOnFirstUse(() => v.enum(['EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN', 'PASSWORD', 'PASSWORD_SRP']));
export type FirstFactor = v.Infer<ReturnType<typeof firstFactorSchema>>;

/** The first factors that need the password, sent as it is (PASSWORD) or proved by SRP (PASSWORD_SRP). */
export const needsPassword = (factor: FirstFactor | undefined): boolean => factor === 'PASSWORD' || factor === 'PASSWORD_SRP';
