import type { ClientRecord, PoolRecord, UserRecord } from './pool-records.js';
import { isUserNotFoundHidden, triggerSourceOf, type ServiceState } from './service-state.js';
import { callerContext } from './sign-up-operations.js';
import { runTrigger } from './triggers.js';
import { triggerAttributes } from './user-directory.js';

/**
 * PreAuthentication runs when a sign-in starts (InitiateAuth with USER_SRP_AUTH, USER_PASSWORD_AUTH or CUSTOM_AUTH),
 * before the password is checked, and never for a refresh. Its ClientMetadata arrives as `validationData`. An unknown
 * user reaches it only when the client hides user existence, with `userNotFound: true`; a throw refuses the sign-in
 * with UserLambdaValidationException
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-authentication.html).
 */
export async function runPreAuthentication(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  signingIn: { user: UserRecord } | { typed: string },
  validationData: Record<string, string>,
): Promise<void> {
  const user = 'user' in signingIn ? signingIn.user : undefined;
  if (!user && !isUserNotFoundHidden(client)) return;
  await runTrigger(triggerSourceOf(state, pool), 'PreAuthentication', {
    version: '1',
    triggerSource: 'PreAuthentication_Authentication',
    region: state.region,
    userPoolId: pool.id,
    userName: user ? user.username : (signingIn as { typed: string }).typed,
    callerContext: callerContext(client),
    request: {
      userAttributes: user ? triggerAttributes(pool, user) : {},
      validationData,
      ...(isUserNotFoundHidden(client) ? { userNotFound: !user } : {}),
    },
    response: {},
  });
}

/**
 * PostAuthentication runs once a sign-in has passed every challenge, before the tokens are minted; it does not run for
 * a refresh. Its `clientMetadata` is RespondToAuthChallenge's (InitiateAuth's is not forwarded). A throw fails the
 * sign-in with UserLambdaValidationException and no tokens
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-authentication.html).
 */
export async function runPostAuthentication(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  clientMetadata: Record<string, string>,
): Promise<void> {
  await runTrigger(triggerSourceOf(state, pool), 'PostAuthentication', {
    version: '1',
    triggerSource: 'PostAuthentication_Authentication',
    region: state.region,
    userPoolId: pool.id,
    userName: user.username,
    callerContext: callerContext(client),
    // Device tracking does not tell PreAuthentication about new devices here; every sign-in reports a known one.
    request: { userAttributes: triggerAttributes(pool, user), newDeviceUsed: false, clientMetadata },
    response: {},
  });
}
