import type { LocalUserPool } from '@cognito-auth-machine/local-pool';

/**
 * Managed login for the demo pool: a domain, a Google identity provider (played by the local pool's test provider
 * page, no Google account needed) and the app client's OAuth settings. Each step is skipped when already done, so a
 * data folder kept from a run before managed login existed gets them too.
 */

/** The domain prefix: the pool serves its managed-login endpoints under `/<prefix>/`. */
export const DEMO_DOMAIN = 'demo-login';

export const DEMO_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

/**
 * Google as Cognito knows it: the client id and secret are placeholders that are never sent anywhere. The mapping
 * is the one a real app would use (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html).
 */
export const DEMO_GOOGLE = {
  ProviderName: 'Google',
  ProviderType: 'Google',
  ProviderDetails: { client_id: 'demo-google-client', client_secret: 'demo-google-secret', authorize_scopes: 'openid email profile' },
  AttributeMapping: { email: 'email', email_verified: 'email_verified', name: 'name' },
};

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ResourceNotFoundException';
}

/** Creates the domain and the Google provider when the pool lacks them; resolves to the pool's domain. */
export async function ensureDemoManagedLogin(pool: LocalUserPool): Promise<string> {
  const described = (await pool.admin.send('DescribeUserPool', {})) as { UserPool?: { Domain?: string } };
  const domain = described.UserPool?.Domain;
  if (!domain) await pool.admin.send('CreateUserPoolDomain', { Domain: DEMO_DOMAIN });
  try {
    await pool.admin.send('DescribeIdentityProvider', { ProviderName: DEMO_GOOGLE.ProviderName });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await pool.admin.send('CreateIdentityProvider', DEMO_GOOGLE);
  }
  return domain ?? DEMO_DOMAIN;
}

/** Settings of DescribeUserPoolClient's answer that UpdateUserPoolClient does not take. */
const DESCRIBED_ONLY = ['ClientSecret', 'CreationDate', 'LastModifiedDate'];

/**
 * Lets the app client sign in through managed login and come back to `pageUrls` (callback and sign-out URLs, which
 * Cognito compares exactly). They replace the addresses of earlier runs, which may have had other ports, so the
 * lists stay within Cognito's 100 entries. UpdateUserPoolClient resets whatever it is not given, so the client's
 * other settings are sent back as they are
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPoolClient.html).
 */
export async function allowDemoPages(pool: LocalUserPool, pageUrls: readonly string[]): Promise<void> {
  const described = (await pool.admin.send('DescribeUserPoolClient', { ClientId: pool.clientId })) as { UserPoolClient: Record<string, unknown> };
  const client = Object.fromEntries(Object.entries(described.UserPoolClient).filter(([key]) => !DESCRIBED_ONLY.includes(key)));
  const pages = [...new Set(pageUrls)];
  await pool.admin.send('UpdateUserPoolClient', {
    ...client,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: DEMO_SCOPES,
    SupportedIdentityProviders: ['COGNITO', DEMO_GOOGLE.ProviderName],
    CallbackURLs: pages,
    LogoutURLs: pages,
  });
}
