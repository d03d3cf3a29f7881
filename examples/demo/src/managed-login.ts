import { browserRedirect, oauthRedirect, type OAuthConfig, type OAuthRedirect } from '../../../oauth.js';
import type { DemoConfig, DemoPoolCoordinates } from './demo-config.js';

/**
 * Redirect sign-in for the page: only the main pool has a domain, and the page comes back to its own address
 * (the callback and sign-out URL the server registered with the app client).
 */
export function managedLoginFor(
  config: DemoConfig,
  pool: DemoPoolCoordinates & { key: string | null },
  page: { origin: string; pathname: string },
): { oauth: OAuthConfig; redirect: OAuthRedirect } | undefined {
  if (!config.oauth || pool.key !== null) return undefined;
  const here = `${page.origin}${page.pathname}`;
  return {
    oauth: {
      domain: config.oauth.domain,
      redirectSignIn: [here],
      redirectSignOut: [here],
      scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      responseType: 'code',
      providers: ['Google'],
    },
    redirect: oauthRedirect({ adapter: browserRedirect() }),
  };
}
