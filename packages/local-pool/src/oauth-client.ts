import { fail } from './local-cognito-error.js';
import { checkAllowedOAuthScopes } from './oauth-scopes.js';
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

export { STANDARD_SCOPES as OIDC_SCOPES } from './oauth-scopes.js';

/** The pool's custom scopes, `<resource server identifier>/<scope name>`. */
export function customScopesOf(pool: PoolRecord): string[] {
  return Object.values(pool.resourceServers ?? {}).flatMap((server) => server.scopes.map((s) => `${server.identifier}/${s.ScopeName}`));
}

/** The poolId of a pool whose domain is `domain`. */
export function poolOfDomain(pools: Iterable<PoolRecord>, domain: string): PoolRecord | undefined {
  for (const pool of pools) if (pool.domain?.domain === domain) return pool;
  return undefined;
}

function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]');
}

/**
 * The OAuth settings of CreateUserPoolClient / UpdateUserPoolClient, checked as Cognito checks them
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html):
 * client_credentials stands alone and needs a secret, scopes exist, redirect URLs are absolute, HTTPS but for
 * loopback addresses, and carry no fragment.
 */
export function checkOAuthClientSettings(pool: PoolRecord, input: Record<string, unknown>, hasSecret: boolean): void {
  const flows = strings(input.AllowedOAuthFlows);
  if (flows.includes('client_credentials') && flows.length > 1) {
    fail('InvalidOAuthFlowException', 'client_credentials flow can not be selected along with code flow or implicit flow.');
  }
  if (flows.includes('client_credentials') && !hasSecret) {
    fail('InvalidOAuthFlowException', 'client_credentials flow can not be selected if client does not have a client secret.');
  }
  checkAllowedOAuthScopes(pool, input.AllowedOAuthScopes);
  for (const [member, urls] of [['CallbackURLs', strings(input.CallbackURLs)], ['LogoutURLs', strings(input.LogoutURLs)]] as const) {
    for (const value of urls) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        fail('InvalidParameterException', `${value} is not a valid URL in ${member}.`);
      }
      if (url.hash || value.includes('#')) fail('InvalidParameterException', `${member} must not contain a fragment: ${value}`);
      if (url.protocol === 'http:' && !isLoopbackHttp(url)) {
        fail('InvalidParameterException', `${member} must use HTTPS, except for http://localhost: ${value}`);
      }
    }
  }
  const defaultUri = input.DefaultRedirectURI;
  if (typeof defaultUri === 'string' && !strings(input.CallbackURLs).includes(defaultUri)) {
    fail('InvalidParameterException', 'DefaultRedirectURI must be one of the CallbackURLs.');
  }
}
