import { fail } from './local-cognito-error.js';
import type { ClientRecord, PoolRecord, UserRecord } from './pool-records.js';

type Input = Record<string, unknown>;

/**
 * The pool settings behind passwordless sign-in, passkeys and email MFA
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html): the first
 * factors the pool allows (`Policies.SignInPolicy.AllowedFirstAuthFactors`), and the email-MFA and WebAuthn parts of
 * SetUserPoolMfaConfig.
 */

export const FIRST_FACTORS = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const;
export type FirstFactor = (typeof FIRST_FACTORS)[number];

function record(value: unknown): Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Input) : {};
}

/** These need the Essentials tier or above (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html). */
function requireEssentials(input: Input, feature: string): void {
  if (input.UserPoolTier === 'LITE') {
    fail('FeatureUnavailableInTierException', `${feature} is not available in the LITE feature plan.`);
  }
}

/**
 * Checks `Policies.SignInPolicy` of CreateUserPool / UpdateUserPool
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignInPolicyType.html): one to
 * five first factors; SOFTWARE_TOKEN is an MFA factor only.
 */
export function checkSignInPolicy(input: Input): void {
  const policy = record(record(input.Policies).SignInPolicy);
  if (policy.AllowedFirstAuthFactors === undefined) return;
  const factors = policy.AllowedFirstAuthFactors;
  if (!Array.isArray(factors) || factors.length < 1 || factors.length > 5) {
    fail('InvalidParameterException', 'AllowedFirstAuthFactors must list between 1 and 5 factors.');
  }
  for (const factor of factors) {
    if (!(FIRST_FACTORS as readonly unknown[]).includes(factor)) {
      fail('InvalidParameterException', `${String(factor)} is not a valid first authentication factor.`);
    }
  }
  if (factors.some((factor) => factor !== 'PASSWORD')) requireEssentials(input, 'Choice-based sign-in');
}

/** The pool's first factors; PASSWORD alone unless SignInPolicy says otherwise. */
export function allowedFirstFactors(pool: PoolRecord): FirstFactor[] {
  const factors = record(record(pool.input.Policies).SignInPolicy).AllowedFirstAuthFactors;
  return Array.isArray(factors) ? (factors as FirstFactor[]) : ['PASSWORD'];
}

/** What DescribeUserPool shows under Policies.SignInPolicy. */
export function signInPolicyOutput(pool: PoolRecord): Input {
  return { AllowedFirstAuthFactors: allowedFirstFactors(pool) };
}

/** Can users of this pool sign in with something other than a password? Then SignUp may leave the password out. */
export function passwordlessAvailable(pool: PoolRecord, client: ClientRecord): boolean {
  return allowsUserAuth(client) && allowedFirstFactors(pool).some((factor) => factor !== 'PASSWORD');
}

export function allowsUserAuth(client: ClientRecord): boolean {
  return client.explicitAuthFlows.includes('ALLOW_USER_AUTH');
}

/**
 * EmailMfaConfiguration and WebAuthnConfiguration of SetUserPoolMfaConfig
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html).
 * As with the other factors, a member left out keeps the pool's current setting. Checked fully before anything is
 * changed.
 */
export function applyPasswordlessMfaConfig(pool: PoolRecord, input: Input): void {
  let emailMfa = pool.emailMfa;
  if (input.EmailMfaConfiguration !== undefined) {
    requireEssentials(pool.input, 'Email MFA');
    const email = record(input.EmailMfaConfiguration);
    const message = email.Message;
    if (message !== undefined) {
      if (typeof message !== 'string' || message.length < 6 || message.length > 20_000) {
        fail('InvalidParameterException', 'EmailMfaConfiguration.Message must be between 6 and 20000 characters.');
      }
      if (!message.includes('{####}')) fail('InvalidParameterException', 'EmailMfaConfiguration.Message must contain {####}.');
    }
    const subject = email.Subject;
    if (subject !== undefined && (typeof subject !== 'string' || subject.length < 1 || subject.length > 140)) {
      fail('InvalidParameterException', 'EmailMfaConfiguration.Subject must be between 1 and 140 characters.');
    }
    emailMfa = { ...(typeof message === 'string' ? { message } : {}), ...(typeof subject === 'string' ? { subject } : {}) };
  }
  let webAuthn = pool.webAuthn;
  if (input.WebAuthnConfiguration !== undefined) {
    requireEssentials(pool.input, 'Passkey sign-in');
    const config = record(input.WebAuthnConfiguration);
    const rpId = config.RelyingPartyId;
    if (rpId !== undefined && (typeof rpId !== 'string' || rpId.length < 1 || rpId.length > 127)) {
      fail('InvalidParameterException', 'WebAuthnConfiguration.RelyingPartyId must be between 1 and 127 characters.');
    }
    const verification = config.UserVerification ?? 'preferred';
    if (verification !== 'required' && verification !== 'preferred') {
      fail('InvalidParameterException', `Invalid UserVerification: ${String(verification)}`);
    }
    const factor = config.FactorConfiguration ?? 'SINGLE_FACTOR';
    if (factor !== 'SINGLE_FACTOR' && factor !== 'MULTI_FACTOR_WITH_USER_VERIFICATION') {
      fail('InvalidParameterException', `Invalid FactorConfiguration: ${String(factor)}`);
    }
    webAuthn = { ...(typeof rpId === 'string' ? { relyingPartyId: rpId } : {}), userVerification: verification, factorConfiguration: factor };
  }
  if (emailMfa) pool.emailMfa = emailMfa;
  if (webAuthn) pool.webAuthn = webAuthn;
}

/** The email-MFA and WebAuthn members of GetUserPoolMfaConfig / SetUserPoolMfaConfig's answer. */
export function passwordlessMfaConfigOutput(pool: PoolRecord): Input {
  return {
    ...(pool.emailMfa
      ? { EmailMfaConfiguration: { ...(pool.emailMfa.message ? { Message: pool.emailMfa.message } : {}), ...(pool.emailMfa.subject ? { Subject: pool.emailMfa.subject } : {}) } }
      : {}),
    ...(pool.webAuthn
      ? {
          WebAuthnConfiguration: {
            ...(pool.webAuthn.relyingPartyId ? { RelyingPartyId: pool.webAuthn.relyingPartyId } : {}),
            UserVerification: pool.webAuthn.userVerification,
            FactorConfiguration: pool.webAuthn.factorConfiguration,
          },
        }
      : {}),
  };
}

/** Is this attribute present and verified? One-time codes go only to verified addresses. */
export function verified(user: UserRecord, attribute: 'email' | 'phone_number'): boolean {
  return !!user.attributes.get(attribute) && user.attributes.get(`${attribute}_verified`) === 'true';
}

/** The session kind ConfirmSignUp opens for one USER_AUTH sign-in straight after (see user-auth-operations.ts). */
export const SIGN_UP_CONFIRMED = 'SIGN_UP_CONFIRMED';
