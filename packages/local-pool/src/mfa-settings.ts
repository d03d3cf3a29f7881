import { fail } from './local-cognito-error.js';
import type { PoolRecord, UserRecord } from './pool-records.js';

type Settings = { Enabled?: unknown; PreferredMfa?: unknown } | undefined;

function settings(value: unknown): Settings {
  return typeof value === 'object' && value !== null ? (value as Settings) : undefined;
}

/**
 * SetUserMFAPreference / AdminSetUserMFAPreference (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserMFAPreference.html): only one
 * factor may be preferred.
 */
export function setMfaPreference(user: UserRecord, input: Record<string, unknown>): void {
  const sms = settings(input.SMSMfaSettings);
  const totp = settings(input.SoftwareTokenMfaSettings);
  const email = settings(input.EmailMfaSettings);
  if ([sms, totp, email].filter((factor) => factor?.PreferredMfa === true).length > 1) {
    fail('InvalidParameterException', 'Only one MFA method can be preferred.');
  }
  if (totp && (totp.Enabled === true || totp.PreferredMfa === true) && !user.totpSecret) {
    fail('InvalidParameterException', 'User has not set up software token mfa');
  }
  if (sms && (sms.Enabled === true || sms.PreferredMfa === true) && !user.attributes.get('phone_number')) {
    fail('InvalidParameterException', 'User does not have delivery config set to turn on SMS_MFA');
  }
  if (email && (email.Enabled === true || email.PreferredMfa === true) && !user.attributes.get('email')) {
    fail('InvalidParameterException', 'User does not have delivery config set to turn on EMAIL_OTP');
  }
  if (sms) {
    user.smsMfaEnabled = sms.Enabled === true || (sms.Enabled === undefined && user.smsMfaEnabled) || sms.PreferredMfa === true;
    user.smsMfaPreferred = user.smsMfaEnabled && sms.PreferredMfa === true;
    if (user.smsMfaPreferred) user.totpMfaPreferred = user.emailMfaPreferred = false;
  }
  if (totp) {
    user.totpMfaEnabled = totp.Enabled === true || (totp.Enabled === undefined && user.totpMfaEnabled) || totp.PreferredMfa === true;
    user.totpMfaPreferred = user.totpMfaEnabled && totp.PreferredMfa === true;
    if (user.totpMfaPreferred) user.smsMfaPreferred = user.emailMfaPreferred = false;
  }
  if (email) {
    user.emailMfaEnabled = email.Enabled === true || (email.Enabled === undefined && user.emailMfaEnabled === true) || email.PreferredMfa === true;
    user.emailMfaPreferred = user.emailMfaEnabled && email.PreferredMfa === true;
    if (user.emailMfaPreferred) user.smsMfaPreferred = user.totpMfaPreferred = false;
  }
}

export type MfaChallenge = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** The factors that count for this user in this pool. */
export function enabledFactors(pool: PoolRecord, user: UserRecord): MfaChallenge[] {
  const out: MfaChallenge[] = [];
  const hasPhone = !!user.attributes.get('phone_number');
  if (pool.smsMfa && hasPhone && user.smsMfaEnabled) out.push('SMS_MFA');
  if (pool.softwareTokenMfa && user.totpSecret && user.totpMfaEnabled) out.push('SOFTWARE_TOKEN_MFA');
  if (pool.emailMfa && user.attributes.get('email') && user.emailMfaEnabled) out.push('EMAIL_OTP');
  return out;
}

export function mfaSettingsOutput(user: UserRecord): { PreferredMfaSetting?: string; UserMFASettingList?: string[] } {
  const list: string[] = [];
  if (user.smsMfaEnabled) list.push('SMS_MFA');
  if (user.totpMfaEnabled) list.push('SOFTWARE_TOKEN_MFA');
  if (user.emailMfaEnabled) list.push('EMAIL_OTP');
  const preferred = user.totpMfaPreferred ? 'SOFTWARE_TOKEN_MFA' : user.smsMfaPreferred ? 'SMS_MFA' : user.emailMfaPreferred ? 'EMAIL_OTP' : undefined;
  return { ...(preferred ? { PreferredMfaSetting: preferred } : {}), ...(list.length ? { UserMFASettingList: list } : {}) };
}

/**
 * What the first factor leads to (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html): a preferred or sole factor is
 * challenged, two unpreferred ones give SELECT_MFA_TYPE, none gives tokens (OPTIONAL) or MFA_SETUP (ON).
 */
export function nextMfaStep(
  pool: PoolRecord,
  user: UserRecord,
): { kind: 'none' } | { kind: 'challenge'; challenge: MfaChallenge } | { kind: 'select'; choices: MfaChallenge[] } | { kind: 'setup'; choices: string[] } {
  if (pool.mfaConfiguration === 'OFF') return { kind: 'none' };
  const factors = enabledFactors(pool, user);
  if (user.totpMfaPreferred && factors.includes('SOFTWARE_TOKEN_MFA')) return { kind: 'challenge', challenge: 'SOFTWARE_TOKEN_MFA' };
  if (user.smsMfaPreferred && factors.includes('SMS_MFA')) return { kind: 'challenge', challenge: 'SMS_MFA' };
  if (user.emailMfaPreferred && factors.includes('EMAIL_OTP')) return { kind: 'challenge', challenge: 'EMAIL_OTP' };
  const [only] = factors;
  if (factors.length === 1 && only) return { kind: 'challenge', challenge: only };
  if (factors.length > 1) return { kind: 'select', choices: factors };
  if (pool.mfaConfiguration === 'OPTIONAL') return { kind: 'none' };
  // MFA required and nothing enabled: a user with a phone in an SMS-capable pool gets SMS, as on AWS.
  if (pool.smsMfa && user.attributes.get('phone_number')) return { kind: 'challenge', challenge: 'SMS_MFA' };
  // Likewise a user with a verified email in a pool with email MFA gets EMAIL_OTP.
  if (pool.emailMfa && user.attributes.get('email') && user.attributes.get('email_verified') === 'true') return { kind: 'challenge', challenge: 'EMAIL_OTP' };
  const choices = [
    ...(pool.smsMfa ? ['SMS_MFA'] : []),
    ...(pool.softwareTokenMfa ? ['SOFTWARE_TOKEN_MFA'] : []),
    ...(pool.emailMfa ? ['EMAIL_OTP'] : []),
  ];
  return { kind: 'setup', choices };
}
