import { fail } from './local-cognito-error.js';
import type { PoolRecord, UserRecord } from './pool-records.js';
import { triggerSourceOf, type ServiceState, type StoredMessage } from './service-state.js';
import { hasTrigger, runTrigger } from './triggers.js';
import { triggerAttributes } from './user-directory.js';

export type CustomMessageSource =
  | 'CustomMessage_SignUp'
  | 'CustomMessage_AdminCreateUser'
  | 'CustomMessage_ResendCode'
  | 'CustomMessage_ForgotPassword'
  | 'CustomMessage_UpdateUserAttribute'
  | 'CustomMessage_VerifyUserAttribute'
  | 'CustomMessage_Authentication';

const CODE_PARAMETER = '{####}';
const USERNAME_PARAMETER = '{username}';
/** Cognito's limits on what the trigger returns (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-message.html). */
const MAX_EMAIL_LENGTH = 20_000;
const MAX_SMS_LENGTH = 140;

function invalid(reason: string): never {
  fail('InvalidLambdaResponseException', `Invalid lambda response from CustomMessage: ${reason}.`);
}

/**
 * Lets the pool's CustomMessage trigger write a message that was just put in the outbox: the SMS text, or the email
 * body and subject. The text must carry the `{####}` placeholder (and `{username}` for an AdminCreateUser invitation),
 * which the pool fills in. A field left empty keeps the pool's own message; a throw fails the operation with
 * UserLambdaValidationException.
 */
export async function customiseMessage(
  state: ServiceState,
  pool: PoolRecord,
  user: UserRecord,
  sent: StoredMessage,
  details: { source: CustomMessageSource; clientId: string; clientMetadata: Record<string, string> },
): Promise<void> {
  const triggers = triggerSourceOf(state, pool);
  if (!hasTrigger(triggers, 'CustomMessage')) return;
  const invitation = details.source === 'CustomMessage_AdminCreateUser';
  const event = await runTrigger(triggers, 'CustomMessage', {
    version: '1',
    triggerSource: details.source,
    region: state.region,
    userPoolId: pool.id,
    userName: user.username,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: details.clientId },
    request: {
      userAttributes: triggerAttributes(pool, user),
      codeParameter: CODE_PARAMETER,
      usernameParameter: invitation ? USERNAME_PARAMETER : null,
      clientMetadata: details.clientMetadata,
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  if (!event) return;
  const { smsMessage, emailMessage, emailSubject } = event.response;
  const text = sent.medium === 'SMS' ? smsMessage : emailMessage;
  if (text !== null && text !== undefined && text !== '') {
    if (typeof text !== 'string') invalid('the message is not a string');
    if (!text.includes(CODE_PARAMETER)) invalid(`the message must contain ${CODE_PARAMETER}`);
    if (invitation && !text.includes(USERNAME_PARAMETER)) invalid(`the invitation must contain ${USERNAME_PARAMETER}`);
    const filled = text.split(CODE_PARAMETER).join(sent.code).split(USERNAME_PARAMETER).join(user.username);
    if (filled.length > (sent.medium === 'SMS' ? MAX_SMS_LENGTH : MAX_EMAIL_LENGTH)) invalid('the message is too long');
    sent.message = filled;
  }
  if (sent.medium === 'EMAIL' && typeof emailSubject === 'string' && emailSubject !== '') sent.subject = emailSubject;
}
