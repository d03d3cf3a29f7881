import type { UserAttributeValue } from '../machines/auth-types.js';
import type { AttributeUpdate, MfaPreference, MfaPreferenceValue } from '../machines/account-contracts.js';
import { deliveryDetails, type CodeDeliveryDetails } from './code-delivery.js';

/*
 * The shapes v5's account calls resolved to, made from what the machine emits for each account event.
 */

/** A user attribute as v5's `userAttributes(user)` gave it (amazon-cognito-identity-js's CognitoUserAttribute). */
export class AmplifyUserAttribute {
  Name: string;
  Value: string;

  constructor({ Name, Value }: { Name: string; Value: string }) {
    this.Name = Name;
    this.Value = Value;
  }

  getName(): string {
    return this.Name;
  }

  setName(name: string): this {
    this.Name = name;
    return this;
  }

  getValue(): string {
    return this.Value;
  }

  setValue(value: string): this {
    this.Value = value;
    return this;
  }

  toString(): string {
    return JSON.stringify(this);
  }

  toJSON(): { Name: string; Value: string } {
    return { Name: this.Name, Value: this.Value };
  }
}

/** What `currentUserInfo()` resolves to while signed in; `id` is an identity pool's, which there is none of here. */
export interface CurrentUserInfo {
  id?: string;
  username: string;
  attributes: Record<string, string | boolean>;
}

/** Cognito sends every attribute value as a string; the machine reads `*_verified` as booleans. */
const asCognitoString = (value: UserAttributeValue): string => (typeof value === 'string' ? value : String(value));

export function userAttributeList(attributes: Record<string, UserAttributeValue>): AmplifyUserAttribute[] {
  return Object.entries(attributes).map(([Name, value]) => new AmplifyUserAttribute({ Name, Value: asCognitoString(value) }));
}

/** v5's `currentUserInfo().attributes`: strings, but `email_verified` and `phone_number_verified` as booleans. */
export function attributesObject(attributes: Record<string, UserAttributeValue>): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(attributes)) {
    out[name] = name === 'email_verified' || name === 'phone_number_verified' ? value === true || String(value).toLowerCase() === 'true' : asCognitoString(value);
  }
  return out;
}

export interface AttributeUpdateResult {
  isUpdated: boolean;
  codeDeliveryDetails?: CodeDeliveryDetails;
}

/** The Hub's `updateUserAttributes` data: per attribute, updated, or waiting for the code sent for it. */
export function attributeUpdateResults(updates: Record<string, AttributeUpdate>): Record<string, AttributeUpdateResult> {
  const out: Record<string, AttributeUpdateResult> = {};
  for (const [name, update] of Object.entries(updates)) {
    const details = deliveryDetails(update.codeDelivery);
    out[name] = details && !update.isUpdated ? { isUpdated: false, codeDeliveryDetails: details } : { isUpdated: update.isUpdated };
  }
  return out;
}

/** v5's MFA method names for `setPreferredMFA`. */
export type MfaMethod = 'TOTP' | 'SOFTWARE_TOKEN_MFA' | 'SMS' | 'SMS_MFA' | 'NOMFA';
/** What `getPreferredMFA` resolves to: Cognito's PreferredMfaSetting, or `NOMFA`. */
export type PreferredMfa = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | 'NOMFA';

const COGNITO_MFA_NAMES = { SMS: 'SMS_MFA', TOTP: 'SOFTWARE_TOKEN_MFA', EMAIL: 'EMAIL_OTP' } as const;

/**
 * v5 read the preference from GetUser: the preferred factor; `NOMFA` when none is enabled; and, when factors are
 * enabled but none preferred, no answer (it rejected with 'invalid MFA Type').
 */
export function preferredMfaOf(preference: MfaPreference): PreferredMfa | null {
  if (preference.preferred) return COGNITO_MFA_NAMES[preference.preferred];
  return preference.enabled.length === 0 ? 'NOMFA' : null;
}

export type MfaPreferenceChange = { sms?: MfaPreferenceValue; totp?: MfaPreferenceValue; email?: MfaPreferenceValue };

/** The change v5 made for a method: that factor enabled and preferred. `NOMFA` depends on what is on now. */
export function mfaMethodChange(method: string): MfaPreferenceChange | 'NOMFA' | null {
  switch (method) {
    case 'TOTP':
    case 'SOFTWARE_TOKEN_MFA':
      return { totp: 'PREFERRED' };
    case 'SMS':
    case 'SMS_MFA':
      return { sms: 'PREFERRED' };
    case 'NOMFA':
      return 'NOMFA';
    default:
      return null;
  }
}

const FACTOR_FIELDS = { SMS: 'sms', TOTP: 'totp', EMAIL: 'email' } as const;

/**
 * `NOMFA` as v5 did it: nothing to do when no factor is on; every enabled factor turned off when one is preferred;
 * and no answer (v5 rejected with 'Invalid MFA type') when factors are on but none is preferred.
 */
export function allFactorsOff(preference: MfaPreference): MfaPreferenceChange | 'unchanged' | 'unknown' {
  if (preference.enabled.length === 0) return 'unchanged';
  if (!preference.preferred) return 'unknown';
  const change: MfaPreferenceChange = {};
  for (const factor of preference.enabled) change[FACTOR_FIELDS[factor]] = 'DISABLED';
  return change;
}
