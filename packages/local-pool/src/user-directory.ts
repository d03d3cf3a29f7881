import { randomUUID } from 'node:crypto';
import { maskDestination } from './delivery-masking.js';
import { fail } from './local-cognito-error.js';
import type { PendingCode, PoolRecord, SchemaAttribute, UserRecord } from './pool-records.js';
import { deliver, randomCode, randomString, type MessagePurpose, type ServiceState, type StoredMessage } from './service-state.js';

/**
 * Cognito's standard attributes (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html); `sub` and the `*_verified` flags
 * are system-managed.
 */
export const STANDARD_ATTRIBUTES = [
  'sub', 'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture',
  'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number',
  'phone_number_verified', 'address', 'updated_at',
] as const;

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const PHONE = /^\+[0-9]{4,15}$/;

export function looksLikeEmail(value: string): boolean {
  return EMAIL.test(value);
}

export function looksLikePhone(value: string): boolean {
  return PHONE.test(value);
}

export function userKey(pool: PoolRecord, username: string): string {
  return pool.caseSensitive ? username : username.toLowerCase();
}

function sameValue(pool: PoolRecord, a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  return pool.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
}

/**
 * Resolves what a user typed: the username itself, the email/phone in UsernameAttributes pools (verified or not),
 * or a verified alias in AliasAttributes pools (preferred_username needs no verification).
 */
export function findUser(pool: PoolRecord, typed: string): UserRecord | undefined {
  const direct = pool.users.get(userKey(pool, typed));
  if (direct) return direct;
  for (const attribute of pool.usernameAttributes) {
    for (const user of pool.users.values()) if (sameValue(pool, user.attributes.get(attribute), typed)) return user;
  }
  for (const attribute of pool.aliasAttributes) {
    for (const user of pool.users.values()) {
      if (!sameValue(pool, user.attributes.get(attribute), typed)) continue;
      if (attribute === 'preferred_username' || user.attributes.get(`${attribute}_verified`) === 'true') return user;
    }
  }
  return undefined;
}

export function findUserBySub(pool: PoolRecord, sub: string): UserRecord | undefined {
  for (const user of pool.users.values()) if (user.sub === sub) return user;
  return undefined;
}

/** The user that holds `value` of alias `attribute` (verified), other than `except`. */
export function aliasHolder(pool: PoolRecord, attribute: string, value: string, except: UserRecord): UserRecord | undefined {
  if (!pool.aliasAttributes.includes(attribute) && !pool.usernameAttributes.includes(attribute)) return undefined;
  for (const user of pool.users.values()) {
    if (user === except || !sameValue(pool, user.attributes.get(attribute), value)) continue;
    if (pool.usernameAttributes.includes(attribute) || attribute === 'preferred_username') return user;
    if (user.attributes.get(`${attribute}_verified`) === 'true') return user;
  }
  return undefined;
}

export function schemaAttribute(pool: PoolRecord, name: string): SchemaAttribute | undefined {
  return pool.schema.find((a) => a.Name === name);
}

export interface AttributeWriteOptions {
  /** Admin calls may set email_verified / phone_number_verified; users may not. */
  admin: boolean;
  /** At creation immutable custom attributes may be written. */
  creating: boolean;
}

/**
 * Validates attribute writes against the schema and formats (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html);
 * returns name → value.
 */
/** A Number attribute's value within the schema's MinValue and MaxValue (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_NumberAttributeConstraintsType.html). */
function checkNumberRange(name: string, value: number, limits: SchemaAttribute['NumberAttributeConstraints']): void {
  const min = limits?.MinValue === undefined ? -Infinity : Number(limits.MinValue);
  const max = limits?.MaxValue === undefined ? Infinity : Number(limits.MaxValue);
  if (value < min || value > max) {
    const range = [Number.isFinite(min) ? `at least ${min}` : '', Number.isFinite(max) ? `at most ${max}` : ''].filter(Boolean).join(' and ');
    fail('InvalidParameterException', `${name}: Number must be ${range}`);
  }
}

export function validateAttributes(
  pool: PoolRecord,
  attributes: ReadonlyArray<{ Name: string; Value?: string }>,
  options: AttributeWriteOptions,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const { Name, Value } of attributes) {
    const value = Value ?? '';
    const schema = schemaAttribute(pool, Name);
    if (!schema) fail('InvalidParameterException', `Attribute does not exist in the schema: ${Name}`);
    if (Name === 'sub') fail('InvalidParameterException', 'Cannot modify the non-mutable attribute sub');
    if ((Name === 'email_verified' || Name === 'phone_number_verified') && !options.admin) {
      fail('InvalidParameterException', `Cannot modify the non-mutable attribute ${Name}`);
    }
    if (!schema.Mutable && !options.creating) fail('InvalidParameterException', `Cannot modify the non-mutable attribute ${Name}`);
    if (value.length > 2048) fail('InvalidParameterException', `Attribute value for ${Name} must not be longer than 2048 characters`);
    if (value !== '') {
      if (Name === 'phone_number' && !looksLikePhone(value)) fail('InvalidParameterException', 'Invalid phone number format.');
      if (Name === 'email' && !looksLikeEmail(value)) fail('InvalidParameterException', 'Invalid email address format.');
      if ((Name === 'email_verified' || Name === 'phone_number_verified') && value !== 'true' && value !== 'false') {
        fail('InvalidParameterException', `Invalid value for ${Name}: must be true or false`);
      }
      if (schema.AttributeDataType === 'Number' && !/^-?[0-9]+(\.[0-9]+)?$/.test(value)) {
        fail('InvalidParameterException', `${Name}: Number expected`);
      }
      if (schema.AttributeDataType === 'Number') checkNumberRange(Name, Number(value), schema.NumberAttributeConstraints);
      const max = Number(schema.StringAttributeConstraints?.MaxLength ?? 2048);
      const min = Number(schema.StringAttributeConstraints?.MinLength ?? 0);
      if (schema.AttributeDataType === 'String' && (value.length > max || value.length < min)) {
        fail('InvalidParameterException', `${Name}: String length must be between ${min} and ${max}`);
      }
    }
    out.set(Name, value);
  }
  return out;
}

export function missingRequiredAttributes(pool: PoolRecord, attributes: Map<string, string>): string[] {
  return pool.schema.filter((a) => a.Required && !attributes.get(a.Name)).map((a) => a.Name);
}

export function applyAttributes(user: UserRecord, changes: Map<string, string>): void {
  for (const [name, value] of changes) {
    if (value === '') user.attributes.delete(name);
    else user.attributes.set(name, value);
  }
}

/** Attributes as GetUser/AdminGetUser list them: strings, `sub` included. */
export function attributeList(user: UserRecord): Array<{ Name: string; Value: string }> {
  return [...user.attributes].map(([Name, Value]) => ({ Name, Value }));
}

/** Attributes as trigger events see them: strings plus `cognito:user_status` and the active email alias. */
export function triggerAttributes(pool: PoolRecord, user: UserRecord): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(user.attributes);
  out['cognito:user_status'] = user.status;
  const email = user.attributes.get('email');
  if (email && pool.aliasAttributes.includes('email') && user.attributes.get('email_verified') === 'true') {
    out['cognito:email_alias'] = email;
  }
  return out;
}

export function newUser(pool: PoolRecord, username: string, sub: string, password: string, now: number): UserRecord {
  return {
    username,
    sub,
    attributes: new Map([['sub', sub]]),
    password,
    salt: newSalt(),
    status: 'UNCONFIRMED',
    enabled: true,
    createdAt: now,
    modifiedAt: now,
    smsMfaEnabled: false,
    smsMfaPreferred: false,
    totpMfaEnabled: false,
    totpMfaPreferred: false,
    attributeCodes: new Map(),
  };
}

/** 16 random bytes as 32 hex chars, like Cognito's SALT. */
export function newSalt(): string {
  return randomString(32, '0123456789abcdef');
}

export function newSub(): string {
  return randomUUID();
}

export interface CodeDelivery {
  Destination: string;
  DeliveryMedium: 'EMAIL' | 'SMS';
  AttributeName: 'email' | 'phone_number';
}

export function deliveryFor(user: UserRecord, attribute: 'email' | 'phone_number'): CodeDelivery | undefined {
  const value = user.attributes.get(attribute);
  if (!value) return undefined;
  const medium = attribute === 'email' ? 'EMAIL' : 'SMS';
  return { Destination: maskDestination(medium, value), DeliveryMedium: medium, AttributeName: attribute };
}

/**
 * The attribute a sign-up code goes to (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html): an auto-verified one the user has, SMS
 * preferred.
 */
export function signUpDeliveryAttribute(pool: PoolRecord, user: UserRecord): 'email' | 'phone_number' | undefined {
  if (pool.autoVerifiedAttributes.includes('phone_number') && user.attributes.get('phone_number')) return 'phone_number';
  if (pool.autoVerifiedAttributes.includes('email') && user.attributes.get('email')) return 'email';
  return undefined;
}

const DAY = 24 * 60 * 60 * 1000;

/** Issues a fresh code (superseding the previous one), writes it to the outbox, and returns what the API reports. */
export function sendCode(
  state: ServiceState,
  pool: PoolRecord,
  user: UserRecord,
  attribute: 'email' | 'phone_number',
  purpose: MessagePurpose,
  lifetimeMs: number = DAY,
): { code: PendingCode; delivery: CodeDelivery; sent: StoredMessage } {
  const delivery = deliveryFor(user, attribute);
  if (!delivery) fail('InvalidParameterException', `User has no ${attribute} to deliver a code to.`);
  const code: PendingCode = { code: randomCode(), expiresAt: state.clock.now() + lifetimeMs, attribute };
  const sent = deliver(state, pool, user, delivery.DeliveryMedium, code.code, purpose, lifetimeMs);
  return { code, delivery, sent };
}
