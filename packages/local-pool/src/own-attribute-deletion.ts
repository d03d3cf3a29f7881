import { removeAttributes } from './delete-user-attributes.js';
import { fail } from './local-cognito-error.js';
import type { ServiceState } from './service-state.js';
import { userOfAccessToken } from './token-issuer.js';

type Input = Record<string, unknown>;

/**
 * The signed-in user removes attributes of their own, with their access token
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserAttributes.html).
 * The app client must be allowed to write each one; otherwise the same rules as AdminDeleteUserAttributes.
 */
export function deleteUserAttributes(state: ServiceState, input: Input): Input {
  const { pool, user, record } = userOfAccessToken(state, String(input.AccessToken));
  const names = Array.isArray(input.UserAttributeNames) ? input.UserAttributeNames.map(String) : [];
  const writable = state.clients.get(record.clientId)?.writeAttributes;
  for (const name of names) {
    if (writable && !writable.includes(name)) fail('NotAuthorizedException', `A client attempted to write unauthorized attribute ${name}`);
  }
  removeAttributes(state, pool, user, names);
  return {};
}
