import { fail } from './local-cognito-error.js';
import { page } from './pagination.js';
import type { PoolRecord, ResourceServerRecord } from './pool-records.js';
import { poolOf, type ServiceState } from './service-state.js';

type Input = Record<string, unknown>;

/** Resource servers per pool (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html). */
const MAX_RESOURCE_SERVERS = 25;

function describe(pool: PoolRecord, server: ResourceServerRecord): Input {
  return {
    UserPoolId: pool.id,
    Identifier: server.identifier,
    Name: server.name,
    Scopes: server.scopes.map((scope) => ({ ...scope })),
  };
}

/**
 * A resource server and its custom scopes, which app clients then name as `<identifier>/<scope name>`
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateResourceServer.html).
 */
export function createResourceServer(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const servers = (pool.resourceServers ??= {});
  const identifier = String(input.Identifier);
  if (Object.prototype.hasOwnProperty.call(servers, identifier)) {
    fail('InvalidParameterException', `${identifier} already exists in user pool ${pool.id}.`);
  }
  if (Object.keys(servers).length >= MAX_RESOURCE_SERVERS) {
    fail('LimitExceededException', `A user pool can have at most ${MAX_RESOURCE_SERVERS} resource servers.`);
  }
  const server: ResourceServerRecord = { identifier, name: String(input.Name), scopes: scopesOf(input) };
  servers[identifier] = server;
  return { ResourceServer: describe(pool, server) };
}

/** The request's scopes, each name once. */
function scopesOf(input: Input): ResourceServerRecord['scopes'] {
  const scopes = (Array.isArray(input.Scopes) ? (input.Scopes as Input[]) : []).map((scope) => ({
    ScopeName: String(scope.ScopeName),
    ScopeDescription: String(scope.ScopeDescription),
  }));
  const names = new Set<string>();
  for (const { ScopeName } of scopes) {
    if (names.has(ScopeName)) fail('InvalidParameterException', `Duplicate scope name ${ScopeName}.`);
    names.add(ScopeName);
  }
  return scopes;
}

/** The pool's resource server with this identifier, or Cognito's ResourceNotFoundException. */
export function resourceServerOf(pool: PoolRecord, identifier: string): ResourceServerRecord {
  const server = pool.resourceServers && Object.prototype.hasOwnProperty.call(pool.resourceServers, identifier)
    ? pool.resourceServers[identifier]
    : undefined;
  if (!server) fail('ResourceNotFoundException', `Resource server ${identifier} does not exist.`);
  return server;
}

export function describeResourceServer(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  return { ResourceServer: describe(pool, resourceServerOf(pool, String(input.Identifier))) };
}

/**
 * Replaces a resource server's name and scopes: scopes left out of the request are removed, as Cognito does
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateResourceServer.html).
 */
export function updateResourceServer(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const server = resourceServerOf(pool, String(input.Identifier));
  const scopes = scopesOf(input);
  server.name = String(input.Name);
  server.scopes = scopes;
  return { ResourceServer: describe(pool, server) };
}

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteResourceServer.html */
export function deleteResourceServer(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const server = resourceServerOf(pool, String(input.Identifier));
  delete pool.resourceServers![server.identifier];
  return {};
}

/** By identifier, `MaxResults` (1–50, required) at a time. */
export function listResourceServers(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const { items, next } = page(Object.values(pool.resourceServers ?? {}), (s) => s.identifier, Number(input.MaxResults), input.NextToken);
  return { ResourceServers: items.map((server) => describe(pool, server)), ...(next ? { NextToken: next } : {}) };
}
