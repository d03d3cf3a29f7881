import { LocalCognitoError } from './local-cognito-error.js';
import type { ClientRecord, PoolRecord, UserRecord } from './pool-records.js';
import { triggerSourceOf, type ServiceState } from './service-state.js';
import { callerContext } from './sign-up-operations.js';
import { runTrigger, type GroupOverride, type TokenClaimsOverride } from './triggers.js';
import { triggerAttributes } from './user-directory.js';

type Claims = Record<string, unknown>;

/**
 * Claims no PreTokenGeneration version may add, change or suppress, in either token; the access token's `scope`
 * changes only through scopesToAdd / scopesToSuppress
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html).
 */
const PROTECTED_CLAIMS = new Set([
  'acr', 'amr', 'aud', 'at_hash', 'auth_time', 'azp', 'cognito:username', 'exp', 'iat', 'identities', 'iss', 'jti',
  'nbf', 'nonce', 'origin_jti', 'sub', 'token_use',
]);
const PROTECTED_ACCESS_CLAIMS = new Set([...PROTECTED_CLAIMS, 'client_id', 'scope', 'username']);

/** The trigger version a pool asks for in LambdaConfig.PreTokenGenerationConfig; V1_0 when not set. */
export function preTokenGenerationVersion(pool: PoolRecord): '1' | '2' {
  const lambdaConfig = pool.input.LambdaConfig as Record<string, unknown> | undefined;
  const config = lambdaConfig?.PreTokenGenerationConfig as Record<string, unknown> | undefined;
  return config?.LambdaVersion === 'V2_0' || config?.LambdaVersion === 'V3_0' ? '2' : '1';
}

export interface TokenClaims {
  id: Claims;
  access: Claims;
}

function invalid(): never {
  throw new LocalCognitoError('InvalidLambdaResponseException', 'Invalid lambda response from PreTokenGeneration.');
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) invalid();
  return value as string[];
}

function applyClaims(claims: Claims, override: TokenClaimsOverride | null | undefined, locked: Set<string>, anyJson: boolean): void {
  if (!override) return;
  const added = override.claimsToAddOrOverride ?? {};
  if (typeof added !== 'object' || Array.isArray(added)) invalid();
  for (const [name, value] of Object.entries(added)) {
    if (!anyJson && !['string', 'number', 'boolean'].includes(typeof value)) invalid();
    if (!locked.has(name)) claims[name] = value;
  }
  // Suppression wins over an addition of the same claim.
  for (const name of stringList(override.claimsToSuppress) ?? []) if (!locked.has(name)) delete claims[name];
}

/** A group override replaces groups, roles and preferred role in both tokens; an empty or null list removes the claim. */
function applyGroups(tokens: TokenClaims, override: GroupOverride | null | undefined): void {
  if (!override) return;
  const set = (claim: string, value: unknown, tokensWith: Claims[]) => {
    for (const claims of tokensWith) {
      if (value === null || (Array.isArray(value) && value.length === 0)) delete claims[claim];
      else claims[claim] = value;
    }
  };
  if ('groupsToOverride' in override) set('cognito:groups', stringList(override.groupsToOverride) ?? null, [tokens.id, tokens.access]);
  if ('iamRolesToOverride' in override) set('cognito:roles', stringList(override.iamRolesToOverride) ?? null, [tokens.id]);
  if ('preferredRole' in override) {
    const role = override.preferredRole;
    if (role !== null && role !== undefined && typeof role !== 'string') invalid();
    set('cognito:preferred_role', role || null, [tokens.id]);
  }
}

/**
 * Runs the pool's PreTokenGeneration trigger and applies its answer to the claims about to be signed. Version 1
 * edits the ID token; version 2 edits both tokens and the access token's scopes. Both run at sign-in and refresh.
 */
export async function customiseTokenClaims(
  state: ServiceState,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  source: string,
  clientMetadata: Record<string, string>,
  tokens: TokenClaims,
): Promise<TokenClaims> {
  const groups = tokens.id['cognito:groups'];
  const groupConfiguration = {
    groupsToOverride: Array.isArray(groups) ? (groups as string[]) : [],
    iamRolesToOverride: Array.isArray(tokens.id['cognito:roles']) ? (tokens.id['cognito:roles'] as string[]) : [],
    preferredRole: typeof tokens.id['cognito:preferred_role'] === 'string' ? tokens.id['cognito:preferred_role'] : null,
  };
  const common = {
    triggerSource: source,
    region: state.region,
    userPoolId: pool.id,
    userName: user.username,
    callerContext: callerContext(client),
  };
  const id = { ...tokens.id };
  const access = { ...tokens.access };
  if (preTokenGenerationVersion(pool) === '1') {
    const event = await runTrigger(triggerSourceOf(state, pool), 'PreTokenGeneration', {
      ...common,
      version: '1',
      request: { userAttributes: triggerAttributes(pool, user), groupConfiguration, clientMetadata },
      response: {},
    });
    const response = event?.response as { claimsOverrideDetails?: unknown } | undefined;
    const override = response?.claimsOverrideDetails;
    if (override === undefined || override === null) return tokens;
    if (typeof override !== 'object') invalid();
    const details = override as { groupOverrideDetails?: GroupOverride | null } & TokenClaimsOverride;
    applyClaims(id, details, PROTECTED_CLAIMS, false);
    applyGroups({ id, access }, details.groupOverrideDetails);
    return { id, access };
  }
  const scopes = String(tokens.access.scope ?? '').split(' ').filter(Boolean);
  const event = await runTrigger(triggerSourceOf(state, pool), 'PreTokenGeneration', {
    ...common,
    version: '2',
    request: { userAttributes: triggerAttributes(pool, user), scopes, groupConfiguration, clientMetadata },
    response: {},
  });
  const response = event?.response as { claimsAndScopeOverrideDetails?: unknown } | undefined;
  const override = response?.claimsAndScopeOverrideDetails;
  if (override === undefined || override === null) return tokens;
  if (typeof override !== 'object') invalid();
  const details = override as {
    idTokenGeneration?: TokenClaimsOverride | null;
    accessTokenGeneration?: (TokenClaimsOverride & { scopesToAdd?: unknown; scopesToSuppress?: unknown }) | null;
    groupOverrideDetails?: GroupOverride | null;
  };
  applyClaims(id, details.idTokenGeneration, PROTECTED_CLAIMS, true);
  applyClaims(access, details.accessTokenGeneration, PROTECTED_ACCESS_CLAIMS, true);
  applyGroups({ id, access }, details.groupOverrideDetails);
  const added = stringList(details.accessTokenGeneration?.scopesToAdd) ?? [];
  const suppressed = new Set(stringList(details.accessTokenGeneration?.scopesToSuppress) ?? []);
  const finalScopes = [...new Set([...scopes, ...added])].filter((scope) => !suppressed.has(scope));
  if (finalScopes.length > 0) access.scope = finalScopes.join(' ');
  else delete access.scope;
  return { id, access };
}
