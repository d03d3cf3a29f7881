import { startAuth, respondToAuthChallenge } from './auth-operations.js';
import { fail } from './local-cognito-error.js';
import type { ClientRecord, PoolRecord } from './pool-records.js';
import { poolOf, type ServiceState } from './service-state.js';

type Input = Record<string, unknown>;

/** The app client named in an admin sign-in call, which must belong to the pool named with it. */
function poolClient(state: ServiceState, input: Input): { pool: PoolRecord; client: ClientRecord } {
  const pool = poolOf(state, String(input.UserPoolId));
  const client = pool.clients.get(String(input.ClientId));
  if (!client) fail('ResourceNotFoundException', `User pool client ${String(input.ClientId)} does not exist.`);
  return { pool, client };
}

/**
 * Sign-in from a trusted back end (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminInitiateAuth.html):
 * the same flows, checks and challenges as InitiateAuth, plus ADMIN_USER_PASSWORD_AUTH.
 */
export function adminInitiateAuth(state: ServiceState, input: Input): Promise<Input> {
  const { pool, client } = poolClient(state, input);
  return startAuth(state, pool, client, input, true);
}

/**
 * Answers a challenge of an admin sign-in exactly as RespondToAuthChallenge does, sessions spent once included
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminRespondToAuthChallenge.html).
 */
export function adminRespondToAuthChallenge(state: ServiceState, input: Input): Promise<Input> {
  poolClient(state, input);
  return respondToAuthChallenge(state, input);
}
