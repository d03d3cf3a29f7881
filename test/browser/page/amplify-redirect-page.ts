import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signInWithRedirect } from 'aws-amplify/auth';
import 'aws-amplify/auth/enable-oauth-listener';
import { Hub } from 'aws-amplify/utils';

/**
 * aws-amplify v6 as an app configures it for Cognito's managed login, pointed at the local pool's domain. The page
 * finishes a redirect sign-in on its own when it loads with `?code=`; the test reads what Amplify reports.
 */
interface PageConfig {
  userPoolId: string;
  userPoolClientId: string;
  userPoolEndpoint: string;
  domain: string;
}

interface AmplifyProbe {
  hub: string[];
  signInWithRedirect(provider: 'Google'): Promise<void>;
  session(): Promise<{ idToken?: string; accessToken?: string }>;
}

declare global {
  interface Window {
    amplifyProbe?: AmplifyProbe;
  }
}

const hub: string[] = [];
Hub.listen('auth', ({ payload }) => {
  hub.push(payload.event);
});

const config = (await (await fetch('/config.json', { cache: 'no-store' })).json()) as PageConfig;
const here = `${location.origin}/`;
Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: config.userPoolId,
      userPoolClientId: config.userPoolClientId,
      userPoolEndpoint: config.userPoolEndpoint,
      loginWith: {
        oauth: {
          domain: config.domain,
          scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
          redirectSignIn: [here],
          redirectSignOut: [here],
          responseType: 'code',
          providers: ['Google'],
        },
      },
    },
  },
});

window.amplifyProbe = {
  hub,
  signInWithRedirect: (provider) => signInWithRedirect({ provider }),
  async session() {
    const session = await fetchAuthSession();
    return { idToken: session.tokens?.idToken?.toString(), accessToken: session.tokens?.accessToken.toString() };
  },
};
