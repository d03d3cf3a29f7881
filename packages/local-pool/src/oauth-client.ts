import type { ClientRecord, PoolRecord } from './pool-records.js';

/** An app client's managed-login and OAuth settings, as CreateUserPoolClient / UpdateUserPoolClient set them. */
export interface OAuthClientSettings {
  /** AllowedOAuthFlowsUserPoolClient: without it the client has no OAuth endpoints at all. */
  enabled: boolean;
  flows: string[];
  scopes: string[];
  callbackUrls: string[];
  logoutUrls: string[];
  providers: string[];
  defaultRedirectUri?: string;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function oauthSettingsOf(client: ClientRecord): OAuthClientSettings {
  const input = client.input;
  return {
    enabled: input.AllowedOAuthFlowsUserPoolClient === true,
    flows: strings(input.AllowedOAuthFlows),
    scopes: strings(input.AllowedOAuthScopes),
    callbackUrls: strings(input.CallbackURLs),
    logoutUrls: strings(input.LogoutURLs),
    providers: strings(input.SupportedIdentityProviders),
    ...(typeof input.DefaultRedirectURI === 'string' ? { defaultRedirectUri: input.DefaultRedirectURI } : {}),
  };
}

/** What DescribeUserPoolClient shows of them. */
export function describeOAuthSettings(client: ClientRecord): Record<string, unknown> {
  const settings = oauthSettingsOf(client);
  return {
    AllowedOAuthFlowsUserPoolClient: settings.enabled,
    ...(settings.flows.length ? { AllowedOAuthFlows: settings.flows } : {}),
    ...(settings.scopes.length ? { AllowedOAuthScopes: settings.scopes } : {}),
    ...(settings.callbackUrls.length ? { CallbackURLs: settings.callbackUrls } : {}),
    ...(settings.logoutUrls.length ? { LogoutURLs: settings.logoutUrls } : {}),
    ...(settings.providers.length ? { SupportedIdentityProviders: settings.providers } : {}),
    ...(settings.defaultRedirectUri ? { DefaultRedirectURI: settings.defaultRedirectUri } : {}),
  };
}

export const OIDC_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];

/** The pool's custom scopes, `<resource server identifier>/<scope name>`. */
export function customScopesOf(pool: PoolRecord): string[] {
  return Object.values(pool.resourceServers ?? {}).flatMap((server) => server.scopes.map((s) => `${server.identifier}/${s.ScopeName}`));
}

/** The poolId of a pool whose domain is `domain`. */
export function poolOfDomain(pools: Iterable<PoolRecord>, domain: string): PoolRecord | undefined {
  for (const pool of pools) if (pool.domain?.domain === domain) return pool;
  return undefined;
}
