import type { PoolRecord, UserRecord } from './pool-records.js';
import type { ServiceState, StoredMessage } from './service-state.js';
import { sendCode, type CodeDelivery } from './user-directory.js';

type Verifiable = 'email' | 'phone_number';

/**
 * The attributes whose new value waits for its code, as the pool's
 * UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate asks
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserAttributeUpdateSettingsType.html):
 * until the user confirms the new address, the old one stays, verified as it was, and keeps signing in.
 */
export function attributesHeldUntilVerified(pool: PoolRecord): Verifiable[] {
  const settings = pool.input.UserAttributeUpdateSettings as { AttributesRequireVerificationBeforeUpdate?: unknown } | undefined;
  const listed = Array.isArray(settings?.AttributesRequireVerificationBeforeUpdate) ? settings.AttributesRequireVerificationBeforeUpdate : [];
  return (['email', 'phone_number'] as const).filter((name) => listed.includes(name));
}

/**
 * Takes the held attributes out of `changes` and keeps each new value aside, sending its code to the new address.
 * A second change before verification replaces the value waiting (the earlier code no longer applies). A change that
 * also sets `<attribute>_verified` to true is applied at once, as Cognito applies it.
 */
export function holdForVerification(
  state: ServiceState,
  pool: PoolRecord,
  user: UserRecord,
  changes: Map<string, string>,
  sentMessages: StoredMessage[],
): CodeDelivery[] {
  const deliveries: CodeDelivery[] = [];
  for (const attribute of attributesHeldUntilVerified(pool)) {
    const value = changes.get(attribute);
    if (!value || value === user.attributes.get(attribute) || changes.get(`${attribute}_verified`) === 'true') continue;
    changes.delete(attribute);
    changes.delete(`${attribute}_verified`);
    // The code goes to the address being confirmed, not to the one still on the account.
    const addressed: UserRecord = { ...user, attributes: new Map([...user.attributes, [attribute, value]]) };
    const { code, delivery, sent } = sendCode(state, pool, addressed, attribute, 'UpdateUserAttribute');
    (user.pendingAttributes ??= new Map()).set(attribute, value);
    user.attributeCodes.set(attribute, code);
    deliveries.push(delivery);
    sentMessages.push(sent);
  }
  return deliveries;
}

/** VerifyUserAttribute's right code: the value waiting for it, if any, replaces the old one. */
export function applyVerifiedUpdate(user: UserRecord, attribute: Verifiable): void {
  const value = user.pendingAttributes?.get(attribute);
  if (value === undefined) return;
  user.attributes.set(attribute, value);
  user.pendingAttributes!.delete(attribute);
}
