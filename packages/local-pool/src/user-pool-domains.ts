import { fail } from './local-cognito-error.js';
import { poolOf, type ServiceState } from './service-state.js';

type Input = Record<string, unknown>;

/** A domain prefix as Cognito's API reference constrains it. */
const PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Prefixes may not contain these words (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html). */
const RESERVED = ['aws', 'amazon', 'cognito'];

function poolWithDomain(state: ServiceState, domain: string) {
  return [...state.pools.values()].find((pool) => pool.domain?.domain === domain);
}

/**
 * Gives a pool its sign-in domain: a prefix, or a custom domain name when a certificate is given
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html). A
 * domain belongs to one pool in the service, and a pool has one domain. The local pool serves no hosted pages; the
 * domain is recorded so set-ups that create one, and code that reads it back, work.
 */
export function createUserPoolDomain(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const domain = String(input.Domain);
  const certificateArn = (input.CustomDomainConfig as Input | undefined)?.CertificateArn;
  if (typeof certificateArn !== 'string') {
    if (!PREFIX.test(domain)) {
      fail('InvalidParameterException', `1 validation error detected: Value '${domain}' at 'domain' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$`);
    }
    const reserved = RESERVED.find((word) => domain.includes(word));
    if (reserved) fail('InvalidParameterException', `Domain cannot contain reserved word: ${reserved}`);
  }
  if (poolWithDomain(state, domain)) fail('InvalidParameterException', 'Domain already associated with another user pool.');
  if (pool.domain) fail('InvalidParameterException', `User pool ${pool.id} already has a domain configured.`);
  const managedLoginVersion = typeof input.ManagedLoginVersion === 'number' ? input.ManagedLoginVersion : 1;
  pool.domain = { domain, ...(typeof certificateArn === 'string' ? { certificateArn } : {}), managedLoginVersion };
  return {
    ManagedLoginVersion: managedLoginVersion,
    ...(typeof certificateArn === 'string' ? { CloudFrontDomain: `${domain.replace(/\./g, '-')}.cloudfront.net` } : {}),
  };
}

/** An unknown domain is described as an empty description, not an error, as on Cognito. */
export function describeUserPoolDomain(state: ServiceState, input: Input): Input {
  const pool = poolWithDomain(state, String(input.Domain));
  if (!pool?.domain) return { DomainDescription: {} };
  const { domain, certificateArn, managedLoginVersion } = pool.domain;
  return {
    DomainDescription: {
      UserPoolId: pool.id,
      AWSAccountId: '000000000000',
      Domain: domain,
      CloudFrontDistribution: certificateArn ? `${domain.replace(/\./g, '-')}.cloudfront.net` : `${domain}.auth.${state.region}.amazoncognito.com`,
      Version: '20240101000000',
      Status: 'ACTIVE',
      ...(certificateArn ? { CustomDomainConfig: { CertificateArn: certificateArn } } : {}),
      ManagedLoginVersion: managedLoginVersion,
    },
  };
}

/**
 * Changes a domain's managed-login version or, for a custom domain, its certificate
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPoolDomain.html). The
 * domain name itself cannot change; a prefix domain takes no certificate.
 */
export function updateUserPoolDomain(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const domain = String(input.Domain);
  const record = pool.domain;
  if (record?.domain !== domain) fail('ResourceNotFoundException', `Domain ${domain} does not exist for user pool ${pool.id}.`);
  const certificateArn = (input.CustomDomainConfig as Input | undefined)?.CertificateArn;
  if (typeof certificateArn === 'string' && !record.certificateArn) {
    fail('InvalidParameterException', 'CustomDomainConfig can only be updated for a custom domain.');
  }
  if (typeof certificateArn === 'string') record.certificateArn = certificateArn;
  if (typeof input.ManagedLoginVersion === 'number') record.managedLoginVersion = input.ManagedLoginVersion;
  return {
    ManagedLoginVersion: record.managedLoginVersion,
    ...(record.certificateArn ? { CloudFrontDomain: `${domain.replace(/\./g, '-')}.cloudfront.net` } : {}),
  };
}

export function deleteUserPoolDomain(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  if (pool.domain?.domain !== String(input.Domain)) fail('InvalidParameterException', 'No such domain or user pool exists.');
  delete pool.domain;
  return {};
}
