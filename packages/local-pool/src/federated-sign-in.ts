import { randomBytes } from 'node:crypto';
import type { IdentityProviderRecord, PoolRecord, UserRecord } from './pool-records.js';
import { epochSeconds, type ServiceState } from './service-state.js';
import { checkAuthorize, completeAuthorize } from './oauth-authorize.js';
import { domainBase, formTokenFor, formTokenValid, html, type OAuthRequest, type OAuthResponse } from './oauth-http.js';
import { renderTestProviderPage } from './managed-login-page.js';
import { sessionCookieFor } from './managed-login-session.js';
import { findUserBySub, newSub, newUser, userKey } from './user-directory.js';

/** Longest value a mapped attribute takes (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html). */
const MAX_MAPPED_VALUE = 2048;

export interface Identity {
  userId: string;
  providerName: string;
  providerType: string;
  issuer: string | null;
  primary: string;
  dateCreated: string;
}

export function identitiesOf(user: UserRecord): Identity[] {
  try {
    const parsed: unknown = JSON.parse(user.attributes.get('identities') ?? '[]');
    return Array.isArray(parsed) ? (parsed as Identity[]) : [];
  } catch {
    return [];
  }
}

export function setIdentities(user: UserRecord, identities: Identity[]): void {
  if (identities.length) user.attributes.set('identities', JSON.stringify(identities));
  else user.attributes.delete('identities');
}

export function newIdentity(provider: IdentityProviderRecord, subject: string, now: number): Identity {
  const issuer = provider.type === 'OIDC' ? provider.details.oidc_issuer ?? null : provider.type === 'SAML' ? provider.details.MetadataURL ?? null : null;
  return { userId: subject, providerName: provider.name, providerType: provider.type, issuer, primary: 'true', dateCreated: String(now) };
}

/**
 * Every sign-in writes all mapped attributes (pool attribute ← provider claim); a claim the provider did not send
 * leaves the stored value as it is. A mapped email is unverified unless email_verified is mapped too.
 */
function applyMapping(user: UserRecord, provider: IdentityProviderRecord, claims: Record<string, string>): void {
  for (const [attribute, claim] of Object.entries(provider.attributeMapping)) {
    if (attribute === 'username') continue;
    const value = claims[claim];
    if (value !== undefined) user.attributes.set(attribute, value.slice(0, MAX_MAPPED_VALUE));
  }
  if (user.attributes.has('email') && !provider.attributeMapping.email_verified && user.status === 'EXTERNAL_PROVIDER') {
    user.attributes.set('email_verified', 'false');
  }
}

/**
 * A sign-in through an identity provider (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-identity-federation.html):
 * an identity linked by AdminLinkProviderForUser signs in as the user it was linked to; otherwise the first sign-in
 * creates the user `<ProviderName>_<subject>` with status EXTERNAL_PROVIDER, and later ones update it.
 */
export function federatedUser(state: ServiceState, pool: PoolRecord, provider: IdentityProviderRecord, claims: Record<string, string>): UserRecord {
  const subject = claims.sub ?? '';
  const now = state.clock.now();
  const linkedSub = provider.links?.[subject];
  const linked = linkedSub ? findUserBySub(pool, linkedSub) : undefined;
  if (linked) return linked;
  const username = `${provider.name}_${subject}`;
  let user = pool.users.get(userKey(pool, username));
  if (!user) {
    // No password anyone knows: a federated user signs in through its provider until an administrator sets one.
    user = newUser(pool, username, newSub(), randomBytes(32).toString('base64url'), now);
    user.status = 'EXTERNAL_PROVIDER';
    setIdentities(user, [newIdentity(provider, subject, now)]);
    pool.users.set(userKey(pool, username), user);
  }
  applyMapping(user, provider, claims);
  user.modifiedAt = now;
  return user;
}

function claimsOf(form: URLSearchParams): Record<string, string> | undefined {
  const claims: Record<string, string> = {};
  const extra = form.get('claims')?.trim();
  if (extra) {
    try {
      const parsed: unknown = JSON.parse(extra);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      for (const [name, value] of Object.entries(parsed)) claims[name] = typeof value === 'string' ? value : JSON.stringify(value);
    } catch {
      return undefined;
    }
  }
  for (const name of ['sub', 'email', 'name']) {
    const value = form.get(name)?.trim();
    if (value) claims[name] = value;
  }
  return claims;
}

/**
 * The built-in test provider that stands in for Google, Facebook, Apple, OIDC and SAML providers: its page lets
 * the developer pick a known identity or type one; no real provider is contacted.
 */
export async function testProvider(state: ServiceState, pool: PoolRecord, request: OAuthRequest): Promise<OAuthResponse> {
  const checked = checkAuthorize(state, pool, request.query, request.origin);
  if (!checked.ok) return checked.response;
  const providerName = checked.request.identityProvider ?? '';
  const provider = pool.identityProviders?.[providerName];
  const form = formTokenFor(state, pool, request);
  const page = (status: number) => html(status, renderTestProviderPage({
    action: `${domainBase(state, pool, request.origin)}/test-provider?${request.query.toString()}`,
    formToken: form.token,
    providerName,
    providerType: provider?.type ?? '',
    known: [...pool.users.values()].flatMap((user) => identitiesOf(user)
      .filter((identity) => identity.providerName === providerName)
      .map((identity) => ({ sub: identity.userId, label: `${identity.userId} (${user.attributes.get('email') ?? user.username})` }))),
  }), form.setCookie ? { 'Set-Cookie': form.setCookie } : {}, checked.request.redirectUri);
  if (!provider) return page(404);
  if (request.method !== 'POST') return page(200);
  const claims = claimsOf(request.form);
  if (!formTokenValid(state, pool, request) || !claims?.sub) return page(400);
  const user = federatedUser(state, pool, provider, claims);
  if (!user.enabled) return page(403);
  const authTime = epochSeconds(state.clock.now());
  return completeAuthorize(state, checked.request, user, authTime, { 'Set-Cookie': sessionCookieFor(state, pool, user, authTime) });
}
