import { fail } from './local-cognito-error.js';
import { page } from './pagination.js';
import type { IdentityProviderRecord, PoolRecord } from './pool-records.js';
import { poolOf, type ServiceState } from './service-state.js';
import { identitiesOf, newIdentity, setIdentities } from './federated-sign-in.js';
import { findUser, findUserBySub, userKey } from './user-directory.js';

type Input = Record<string, unknown>;

/** Identity providers per pool, and linked identities per user (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html). */
const MAX_PROVIDERS = 300;
const MAX_LINKED_IDENTITIES = 5;

/** What Describe adds to the keys given, per provider type (the endpoints the real providers publish). */
const ECHOED_DETAILS: Record<string, Record<string, string>> = {
  Google: {
    attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
    attributes_url_add_attributes: 'true',
    authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
    oidc_issuer: 'https://accounts.google.com',
    token_request_method: 'POST',
    token_url: 'https://www.googleapis.com/oauth2/v4/token',
  },
  Facebook: {
    attributes_url: 'https://graph.facebook.com/me?fields=',
    attributes_url_add_attributes: 'true',
    authorize_url: 'https://www.facebook.com/dialog/oauth',
    token_request_method: 'GET',
    token_url: 'https://graph.facebook.com/oauth/access_token',
  },
  LoginWithAmazon: {
    attributes_url: 'https://api.amazon.com/user/profile',
    attributes_url_add_attributes: 'false',
    authorize_url: 'https://www.amazon.com/ap/oa',
    token_request_method: 'POST',
    token_url: 'https://api.amazon.com/auth/o2/token',
  },
  SignInWithApple: {
    authorize_url: 'https://appleid.apple.com/auth/authorize',
    oidc_issuer: 'https://appleid.apple.com',
    token_request_method: 'POST',
    token_url: 'https://appleid.apple.com/auth/token',
  },
  OIDC: { attributes_url_add_attributes: 'false' },
  SAML: {},
};

function strings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function describe(pool: PoolRecord, provider: IdentityProviderRecord): Input {
  const details = { ...ECHOED_DETAILS[provider.type], ...provider.details };
  // Apple's private key is never echoed.
  if (provider.type === 'SignInWithApple') delete details.private_key;
  return {
    UserPoolId: pool.id,
    ProviderName: provider.name,
    ProviderType: provider.type,
    ProviderDetails: details,
    AttributeMapping: { ...provider.attributeMapping },
    IdpIdentifiers: [...provider.idpIdentifiers],
    LastModifiedDate: provider.modifiedAt / 1000,
    CreationDate: provider.createdAt / 1000,
  };
}

function providerOf(pool: PoolRecord, name: string): IdentityProviderRecord {
  const provider = pool.identityProviders && Object.prototype.hasOwnProperty.call(pool.identityProviders, name) ? pool.identityProviders[name] : undefined;
  if (!provider) fail('ResourceNotFoundException', `Identity provider ${name} does not exist.`);
  return provider;
}

function checkIdentifiers(pool: PoolRecord, identifiers: string[], except?: string): void {
  for (const other of Object.values(pool.identityProviders ?? {})) {
    if (other.name === except) continue;
    const taken = identifiers.find((id) => other.idpIdentifiers.includes(id));
    if (taken) fail('DuplicateProviderException', `The identifier ${taken} is already used by identity provider ${other.name}.`);
  }
}

/** Only names are checked: the local pool contacts no provider, its test provider stands in for all of them. */
function checkMapping(mapping: Record<string, string>): void {
  if (mapping.username !== undefined) fail('InvalidParameterException', 'username cannot be mapped; map preferred_username instead.');
}

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html */
export function createIdentityProvider(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const providers = (pool.identityProviders ??= {});
  const name = String(input.ProviderName);
  if (name === 'COGNITO' || name === 'Cognito' || Object.prototype.hasOwnProperty.call(providers, name)) {
    fail('DuplicateProviderException', `A provider with the name ${name} already exists in this user pool.`);
  }
  if (Object.keys(providers).length >= MAX_PROVIDERS) fail('LimitExceededException', `A user pool can have at most ${MAX_PROVIDERS} identity providers.`);
  const type = String(input.ProviderType);
  const social: Record<string, string> = { Google: 'Google', Facebook: 'Facebook', LoginWithAmazon: 'LoginWithAmazon', SignInWithApple: 'SignInWithApple' };
  if (social[type] && name !== social[type]) fail('InvalidParameterException', `The provider name of a ${type} provider must be ${social[type]}.`);
  const attributeMapping = strings(input.AttributeMapping);
  checkMapping(attributeMapping);
  const idpIdentifiers = Array.isArray(input.IdpIdentifiers) ? input.IdpIdentifiers.map(String) : [];
  checkIdentifiers(pool, idpIdentifiers);
  const now = state.clock.now();
  const provider: IdentityProviderRecord = { name, type, details: strings(input.ProviderDetails), attributeMapping, idpIdentifiers, createdAt: now, modifiedAt: now };
  providers[name] = provider;
  return { IdentityProvider: describe(pool, provider) };
}

export function describeIdentityProvider(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  return { IdentityProvider: describe(pool, providerOf(pool, String(input.ProviderName))) };
}

export function updateIdentityProvider(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const provider = providerOf(pool, String(input.ProviderName));
  if (input.ProviderDetails !== undefined) provider.details = { ...provider.details, ...strings(input.ProviderDetails) };
  if (input.AttributeMapping !== undefined) {
    const mapping = strings(input.AttributeMapping);
    checkMapping(mapping);
    provider.attributeMapping = mapping;
  }
  if (Array.isArray(input.IdpIdentifiers)) {
    const identifiers = input.IdpIdentifiers.map(String);
    checkIdentifiers(pool, identifiers, provider.name);
    provider.idpIdentifiers = identifiers;
  }
  provider.modifiedAt = state.clock.now();
  return { IdentityProvider: describe(pool, provider) };
}

export function deleteIdentityProvider(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const provider = providerOf(pool, String(input.ProviderName));
  delete pool.identityProviders?.[provider.name];
  return {};
}

export function listIdentityProviders(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const limit = input.MaxResults === undefined ? 60 : Number(input.MaxResults);
  const { items, next } = page(Object.values(pool.identityProviders ?? {}), (p) => p.name, limit, input.NextToken);
  return {
    Providers: items.map((p) => ({ ProviderName: p.name, ProviderType: p.type, LastModifiedDate: p.modifiedAt / 1000, CreationDate: p.createdAt / 1000 })),
    ...(next ? { NextToken: next } : {}),
  };
}

export function getIdentityProviderByIdentifier(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const identifier = String(input.IdpIdentifier);
  const provider = Object.values(pool.identityProviders ?? {}).find((p) => p.idpIdentifiers.includes(identifier));
  if (!provider) fail('ResourceNotFoundException', `Identity provider with identifier ${identifier} does not exist.`);
  return { IdentityProvider: describe(pool, provider) };
}

/**
 * Links an identity that has not signed in yet to an existing user: its first sign-in then signs in as that user
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminLinkProviderForUser.html).
 */
export function adminLinkProviderForUser(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const destination = strings(input.DestinationUser);
  const source = strings(input.SourceUser);
  const target = destination.ProviderName === 'Cognito'
    ? findUser(pool, destination.ProviderAttributeValue ?? '')
    : pool.users.get(userKey(pool, `${destination.ProviderName ?? ''}_${destination.ProviderAttributeValue ?? ''}`));
  if (!target) fail('UserNotFoundException', 'User does not exist.');
  const provider = providerOf(pool, source.ProviderName ?? '');
  if (source.ProviderAttributeName !== 'Cognito_Subject') {
    fail('InvalidParameterException', 'The local user pool links identities by Cognito_Subject only.');
  }
  const subject = source.ProviderAttributeValue ?? '';
  if (!subject) fail('InvalidParameterException', 'SourceUser ProviderAttributeValue is required.');
  if (pool.users.has(userKey(pool, `${provider.name}_${subject}`))) {
    fail('InvalidParameterException', `Merging is not currently supported, provide a SourceUser that has not been signed in yet: ${provider.name}_${subject}`);
  }
  const links = (provider.links ??= {});
  if (links[subject] !== undefined && links[subject] !== target.sub) fail('InvalidParameterException', 'This identity is already linked to another user.');
  const identities = identitiesOf(target);
  if (!identities.some((i) => i.providerName === provider.name && i.userId === subject)) {
    if (identities.length >= MAX_LINKED_IDENTITIES) fail('LimitExceededException', `A user can have at most ${MAX_LINKED_IDENTITIES} linked identities.`);
    setIdentities(target, [...identities, { ...newIdentity(provider, subject, state.clock.now()), primary: 'false' }]);
  }
  links[subject] = target.sub;
  target.modifiedAt = state.clock.now();
  return {};
}

/** Removes a link made by AdminLinkProviderForUser (or a federated user's own identity): the next sign-in makes a new user. */
export function adminDisableProviderForUser(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const user = strings(input.User);
  const provider = providerOf(pool, user.ProviderName ?? '');
  const subject = user.ProviderAttributeValue ?? '';
  const linkedSub = provider.links?.[subject];
  if (linkedSub !== undefined) delete provider.links?.[subject];
  const holder = (linkedSub ? findUserBySub(pool, linkedSub) : undefined) ?? pool.users.get(userKey(pool, `${provider.name}_${subject}`));
  if (holder) setIdentities(holder, identitiesOf(holder).filter((i) => !(i.providerName === provider.name && i.userId === subject)));
  return {};
}
