import { fail } from './local-cognito-error.js';
import type { PasswordPolicy } from './pool-records.js';

/**
 * Cognito's API defaults (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html): 8 characters, all four character
 * classes, temporary passwords 7 days.
 */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ');

export function passwordPolicyOf(input: Partial<PasswordPolicy> | undefined): PasswordPolicy {
  const policy = { ...DEFAULT_PASSWORD_POLICY, ...(input ?? {}) };
  if (!policy.TemporaryPasswordValidityDays) policy.TemporaryPasswordValidityDays = 7;
  if (policy.MinimumLength < 6 || policy.MinimumLength > 99) {
    fail('InvalidParameterException', 'Password policy MinimumLength must be between 6 and 99.');
  }
  return policy;
}

/** Throws InvalidPasswordException naming the first rule the password breaks. */
export function enforcePasswordPolicy(policy: PasswordPolicy, password: string): void {
  const problems: string[] = [];
  if (password.length < policy.MinimumLength) problems.push('Password not long enough');
  if (policy.RequireLowercase && !/[a-z]/.test(password)) problems.push('Password must have lowercase characters');
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) problems.push('Password must have uppercase characters');
  if (policy.RequireNumbers && !/[0-9]/.test(password)) problems.push('Password must have numeric characters');
  if (policy.RequireSymbols && ![...password].some((c) => SYMBOLS.has(c))) {
    problems.push('Password must have symbol characters');
  }
  if (problems.length > 0) fail('InvalidPasswordException', `Password did not conform with policy: ${problems[0]}`);
}
