import { checkOAuthClientSettings } from './oauth-client.js';
import { clientSettingsOf, describeClient } from './control-plane-operations.js';
import { fail } from './local-cognito-error.js';
import { page } from './pagination.js';
import type { ClientRecord, PoolRecord } from './pool-records.js';
import { poolOf, type ServiceState } from './service-state.js';

type Input = Record<string, unknown>;

function clientIn(pool: PoolRecord, clientId: unknown): ClientRecord {
  const client = pool.clients.get(String(clientId));
  if (!client) fail('ResourceNotFoundException', `User pool client ${String(clientId)} does not exist.`);
  return client;
}

/**
 * The pool's app clients, oldest first, `MaxResults` (1–60) at a time
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPoolClients.html).
 */
export function listUserPoolClients(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const clients = [...pool.clients.values()];
  const order = new Map(clients.map((client, index) => [client, index.toString(36).padStart(8, '0')]));
  const sortKey = (client: ClientRecord) => `${order.get(client)}\u0000${client.id}`;
  const limit = input.MaxResults === undefined ? 60 : Number(input.MaxResults);
  const { items, next } = page(clients, sortKey, limit, input.NextToken);
  return {
    UserPoolClients: items.map((client) => ({ ClientId: client.id, UserPoolId: client.poolId, ClientName: client.name })),
    ...(next ? { NextToken: next } : {}),
  };
}

/** A deleted client's sessions and tokens go with it: nothing can sign in or refresh through it any more. */
export function deleteUserPoolClient(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const client = clientIn(pool, input.ClientId);
  pool.clients.delete(client.id);
  state.clients.delete(client.id);
  for (const [id, session] of state.sessions) if (session.clientId === client.id) state.sessions.delete(id);
  for (const [id, token] of state.refreshTokens) if (token.clientId === client.id) state.refreshTokens.delete(id);
  for (const [id, token] of state.accessTokens) if (token.clientId === client.id) state.accessTokens.delete(id);
  return {};
}

/**
 * A full replacement, as Cognito does it: every setting not in the request returns to its default
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPoolClient.html). The
 * client id, its secret and its creation date stay; the name stays when none is given.
 */
export function updateUserPoolClient(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const client = clientIn(pool, input.ClientId);
  checkOAuthClientSettings(pool, input, client.secret !== undefined);
  const settings = clientSettingsOf(input);
  delete client.readAttributes;
  delete client.writeAttributes;
  Object.assign(client, settings, {
    ...(typeof input.ClientName === 'string' ? { name: input.ClientName } : {}),
    modifiedAt: state.clock.now(),
  });
  return { UserPoolClient: describeClient(client) };
}
