import { fail } from './local-cognito-error.js';
import type { PoolRecord, UserRecord } from './pool-records.js';
import { deliver, type ServiceState } from './service-state.js';

const DAY = 24 * 60 * 60 * 1000;

type Medium = 'EMAIL' | 'SMS';

/** How a UserMigration response asks for the welcome message: not at all, or by these mediums. */
export type WelcomeRequest = { send: false } | { send: true; mediums: Medium[] };

function invalid(reason: string): never {
  fail('InvalidLambdaResponseException', `Invalid lambda response from UserMigration: ${reason}.`);
}

/**
 * Reads `messageAction` and `desiredDeliveryMediums` from the UserMigration response: `SUPPRESS` sends nothing; left
 * out (or `RESEND`) sends the welcome message, by SMS unless other mediums are named
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html).
 */
export function welcomeRequestOf(response: Record<string, unknown>): WelcomeRequest {
  const action = response.messageAction;
  if (action !== undefined && action !== null && action !== 'SUPPRESS' && action !== 'RESEND') invalid(`messageAction ${String(action)}`);
  if (action === 'SUPPRESS') return { send: false };
  const given = response.desiredDeliveryMediums;
  if (given === undefined || given === null) return { send: true, mediums: ['SMS'] };
  if (!Array.isArray(given) || given.some((m) => m !== 'EMAIL' && m !== 'SMS')) invalid('desiredDeliveryMediums must be EMAIL or SMS');
  return { send: true, mediums: given.length > 0 ? (given as Medium[]) : ['SMS'] };
}

/**
 * Puts the migrated user's welcome message in the outbox, once per medium the user has an address for. It carries
 * no code: the user keeps the password they signed in with.
 */
export function sendWelcome(state: ServiceState, pool: PoolRecord, user: UserRecord, request: WelcomeRequest): void {
  if (!request.send) return;
  for (const medium of request.mediums) {
    if (!user.attributes.get(medium === 'EMAIL' ? 'email' : 'phone_number')) continue;
    const sent = deliver(state, pool, user, medium, '', 'UserMigration', DAY);
    sent.message = `Welcome, ${user.username}. Your account is ready: sign in with your username and password.`;
    if (medium === 'EMAIL') sent.subject = 'Your account';
  }
}
